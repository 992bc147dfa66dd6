"""Debian's Chromium for browser tests (Playwright drives it through ``executable_path``).

Never downloads a browser: Playwright's own builds are not used; the Debian package is installed
with apt when it is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from eurzad.devservices.process import ServiceError, apt_install

NAME = "chromium"
EXECUTABLE = Path("/usr/bin/chromium")

# Headless on loopback, with nothing that phones home or differs between runs.
HEADLESS_ARGS = [
    "--headless",
    "--no-sandbox",  # the tests run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _find() -> str | None:
    if EXECUTABLE.exists():
        return str(EXECUTABLE)
    return shutil.which("chromium")


def ensure_chromium() -> str:
    """The path of Debian's Chromium executable, installing the ``chromium`` package if needed."""
    found = _find()
    if found is None:
        apt_install(["chromium"], why=NAME)
        found = _find()
    if found is None:
        raise ServiceError(f"The chromium package is installed but {EXECUTABLE} is missing.")
    return found
