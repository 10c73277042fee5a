"""A restrained, professional look: Fusion, a light palette, one blue accent.

Widgets opt in through object names and dynamic properties
(``objectName == "card"``, ``primary=True`` on a push button...), so a widget
without them looks like plain Fusion.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["ACCENT", "apply_theme"]

ACCENT = "#1f5fa8"
_ACCENT_DARK = "#174a85"
_WINDOW = "#f3f4f6"
_TEXT = "#1d2433"
_SECONDARY = "#5b6573"
_BORDER = "#d5d9e0"
_SIDEBAR = "#1f2a37"

STYLESHEET = f"""
QWidget#welcomeWindow {{ background: {_WINDOW}; }}
QFrame#welcomeHeader {{ background: {_SIDEBAR}; }}
QLabel#appTitle {{ color: white; font-size: 18px; font-weight: 600; }}
QLabel#appTagline {{ color: #c3cad5; }}

QFrame#card {{
    background: white;
    border: 1px solid {_BORDER};
    border-radius: 8px;
}}
QFrame#card QLabel {{ background: transparent; }}
QLabel#pageTitle {{ font-size: 20px; font-weight: 600; color: {_TEXT}; }}
QLabel#sectionTitle {{ font-size: 15px; font-weight: 600; color: {_TEXT}; }}
QLabel#secondaryText {{ color: {_SECONDARY}; }}

QLineEdit {{
    padding: 5px 7px;
    border: 1px solid #b9c0cb;
    border-radius: 4px;
    background: white;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 1px solid #b42318; }}

QPushButton {{ padding: 5px 12px; }}
QPushButton[primary="true"] {{
    background: {ACCENT};
    color: white;
    border: 1px solid {_ACCENT_DARK};
    border-radius: 4px;
    padding: 7px 16px;
    font-weight: 600;
}}
QPushButton[primary="true"]:hover {{ background: {_ACCENT_DARK}; }}
QPushButton[primary="true"]:disabled {{
    background: #a9bdd6;
    border-color: #a9bdd6;
    color: #eef2f7;
}}
QPushButton#linkButton {{
    border: none;
    color: {ACCENT};
    padding: 0;
    text-decoration: underline;
    background: transparent;
}}

QFrame#sidebar {{ background: {_SIDEBAR}; }}
QLabel#sidebarTitle {{
    color: white;
    font-size: 17px;
    font-weight: 600;
    padding: 18px 18px 14px 18px;
}}
QListWidget#navigation {{
    background: {_SIDEBAR};
    color: #d6dbe3;
    border: none;
    outline: none;
    font-size: 14px;
}}
QListWidget#navigation::item {{ padding: 9px 18px; border-left: 3px solid transparent; }}
QListWidget#navigation::item:hover {{ background: #2a3645; }}
QListWidget#navigation::item:selected {{
    background: #2d3d52;
    color: white;
    border-left: 3px solid #5b9bea;
}}

QStackedWidget#pages {{ background: {_WINDOW}; }}
QTableView {{
    background: white;
    alternate-background-color: #f7f8fa;
    border: 1px solid {_BORDER};
    selection-background-color: #d4e3f7;
    selection-color: {_TEXT};
}}
QTableView::item {{ padding-left: 4px; }}
QHeaderView::section {{
    background: #eceef2;
    color: {_TEXT};
    border: none;
    border-bottom: 1px solid {_BORDER};
    padding: 6px 8px;
    font-weight: 600;
}}
QStatusBar#shellStatusBar {{ background: #e7e9ee; color: {_TEXT}; }}
QStatusBar#shellStatusBar QLabel {{ padding: 0 10px; }}
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(_WINDOW))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(_TEXT))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f8fa"))
    palette.setColor(QPalette.ColorRole.Text, QColor(_TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor("#f9fafb"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(_TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("white"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(_TEXT))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a93a1"))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    disabled = QPalette.ColorGroup.Disabled
    palette.setColor(disabled, QPalette.ColorRole.Text, QColor("#9aa2ae"))
    palette.setColor(disabled, QPalette.ColorRole.ButtonText, QColor("#9aa2ae"))
    palette.setColor(disabled, QPalette.ColorRole.WindowText, QColor("#9aa2ae"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)
