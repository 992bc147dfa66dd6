"""Search over pages and public records: engine configuration, health, views and (later) indexes."""
