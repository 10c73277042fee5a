"""cmms_desktop: the Qt desktop client working on a local SQLite replica."""
