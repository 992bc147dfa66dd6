"""ASGI entry point (for servers such as Granian or Uvicorn)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eurzad.settings.production")

application = get_asgi_application()
