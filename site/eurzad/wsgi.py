"""WSGI entry point (Gunicorn in production: ``gunicorn eurzad.wsgi:application``)."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eurzad.settings.production")

try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
except ImproperlyConfigured as error:
    print(f"Configuration error:\n{error}", file=sys.stderr)
    raise SystemExit(2) from error
