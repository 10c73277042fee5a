"""Live language switching, Frescobaldi style.

English is the source language: every string in the code is English and goes
through ``self.tr`` (context: the class it is written in) or
``QCoreApplication.translate("Context", ...)``. French comes from the
``<area>_fr.qm`` catalogues in ``resources/translations`` (one per UI area,
see ``scripts/translations.py``) plus Qt's own ``qtbase_fr.qm`` for standard
buttons and dialogs.

Installing a translator makes Qt send a ``LanguageChange`` event to every
widget; each page, dialog and widget re-sets its strings in
``retranslate_ui()``. No restart needed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
)

import cmms_desktop

SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = "fr"
# Each language named in itself: a user lost in a foreign UI still finds their own.
LANGUAGE_NAMES: dict[str, str] = {"fr": "Français", "en": "English"}


def translations_dir() -> Path:
    """Where the built catalogues (``*.qm``) live, found relative to the package."""
    return Path(cmms_desktop.__file__).resolve().parents[1] / "resources" / "translations"


def _locale(language: str) -> QLocale:
    if language == "fr":
        return QLocale(QLocale.Language.French, QLocale.Country.France)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class Translations(QObject):
    """The application's translators for the current language."""

    language_changed = Signal(str)

    def __init__(
        self,
        app: QCoreApplication,
        directory: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._directory = directory if directory is not None else translations_dir()
        self._installed: list[QTranslator] = []
        self._language: str | None = None

    @property
    def language(self) -> str:
        return self._language or SOURCE_LANGUAGE

    def available_languages(self) -> list[str]:
        """The source language plus every language that has a catalogue, in menu order."""
        found = {
            path.stem.rsplit("_", 1)[-1]
            for path in self._directory.glob("*_*.qm")
            if path.stem.rsplit("_", 1)[-1] in LANGUAGE_NAMES
        }
        return [lang for lang in LANGUAGE_NAMES if lang == SOURCE_LANGUAGE or lang in found]

    def catalogue_files(self, language: str) -> list[Path]:
        if language == SOURCE_LANGUAGE:
            return []
        return sorted(self._directory.glob(f"*_{language}.qm"))

    def set_language(self, language: str) -> None:
        """Switch every open window to ``language`` now."""
        if language not in LANGUAGE_NAMES:
            raise ValueError(f"unknown language {language!r}; known: {sorted(LANGUAGE_NAMES)}")
        if language == self._language:
            return
        self.uninstall()
        if language != SOURCE_LANGUAGE:
            files = self.catalogue_files(language)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt_base = Path(qt_dir) / f"qtbase_{language}.qm"
            if qt_base.is_file():
                files.append(qt_base)
            for path in files:
                translator = QTranslator(self)
                if translator.load(str(path)):
                    self._app.installTranslator(translator)
                    self._installed.append(translator)
        QLocale.setDefault(_locale(language))
        self._language = language
        # Installing posts LanguageChange to every top-level window: deliver it
        # now so that the switch is visible (and testable) when this returns.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
        self.language_changed.emit(language)

    def uninstall(self) -> None:
        """Remove every translator this object installed (back to English)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
            translator.deleteLater()
        self._installed.clear()
        self._language = None


def current_language() -> str:
    """The language the UI shows now (from the default locale set by set_language)."""
    name = QLocale().name()[:2]
    return name if name in LANGUAGE_NAMES else DEFAULT_LANGUAGE
