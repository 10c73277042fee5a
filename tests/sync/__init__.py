"""The sync protocol end to end: real PostgreSQL, real HTTP, real SQLite replicas."""
