"""Wagtail page types and StreamField blocks of the municipal site and the eZator project site."""
