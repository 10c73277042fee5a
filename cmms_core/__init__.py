"""cmms_core: the Qt-free, web-free heart shared by the desktop client and the sync service."""
