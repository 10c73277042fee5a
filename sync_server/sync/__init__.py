"""The sync protocol's server side: versions, push, pull and the buckets a user sees."""
