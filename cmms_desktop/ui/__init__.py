"""The only package that imports PySide6: pages, table models, widgets, i18n."""
