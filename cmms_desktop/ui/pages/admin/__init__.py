"""Administration pages: users (accounts, roles, site access)."""

from cmms_desktop.ui.pages.admin.users_page import UsersPage

__all__ = ["UsersPage"]
