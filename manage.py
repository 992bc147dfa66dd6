#!/usr/bin/env python
"""Django's command-line utility for the e-Urząd portal (development settings by default)."""

import os
import sys


def main() -> None:
    """Run a management command; configuration errors print as plain sentences, not tracebacks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eurzad.settings.dev")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        print(f"Configuration error:\n{error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
