"""Before a session: the first-run page, the login page and the account request."""

from cmms_desktop.ui.pages.login.first_run_page import FirstRunPage
from cmms_desktop.ui.pages.login.login_page import LoginPage
from cmms_desktop.ui.pages.login.register_dialog import RegisterDialog
from cmms_desktop.ui.pages.login.welcome_window import WelcomeWindow

__all__ = ["FirstRunPage", "LoginPage", "RegisterDialog", "WelcomeWindow"]
