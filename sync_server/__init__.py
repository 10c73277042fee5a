"""The sync service: FastAPI app, authentication, migrations (see docs/server.md)."""
