"""The development server together with the background-task worker, stopped together."""

import atexit
import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background-task worker and the development server (Ctrl+C stops both)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true")

    def handle(self, *args, addrport: str, noreload: bool, **options):
        # The autoreloader runs this command again in a child process (RUN_MAIN=true); only the
        # outer process starts the worker, so there is exactly one.
        if os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "1"],
            )
            atexit.register(worker.terminate)
            self.stdout.write(f"Background worker started (pid {worker.pid}).")
        call_command("runserver", addrport, use_reloader=not noreload)
