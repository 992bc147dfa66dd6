"""Settings per environment: ``dev`` (default of manage.py), ``test`` and ``production``."""
