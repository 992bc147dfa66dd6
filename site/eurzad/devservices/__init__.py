"""Launchers for the services the portal is developed and tested against.

PostgreSQL (Debian's server binaries on a throwaway cluster), OpenSearch (a real node on the JVM,
built from Maven Central jars by ``site/services/opensearch``) and Debian's Chromium for browser
tests. Standard library only: this package runs before, and without, Django and the project's
requirements. Command line: ``python -m eurzad.devservices --help``.
"""
