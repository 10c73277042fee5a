"""The HTTP API: one router per feature, included by ``sync_server.main.create_app``."""
