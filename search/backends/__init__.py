"""The two implementations of the query API: the search engine and the database."""
