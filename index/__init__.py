"""Search backends (SQLite FTS5 embedded default, Elasticsearch), search and tracking queries."""
