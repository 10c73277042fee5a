"""Synchronisation for the user: the Sync issues page and the server connection dialog."""

from cmms_desktop.ui.pages.sync_issues.page import PAGE_KEY, RejectionCard, SyncIssuesPage
from cmms_desktop.ui.pages.sync_issues.server_dialog import ServerDialog

__all__ = ["PAGE_KEY", "RejectionCard", "ServerDialog", "SyncIssuesPage"]
