"""Where the launchers find the checkout and keep what they generate, and which ports they use.

The only place in this package that reads the environment. Django's settings have their own
single reader (``eurzad.settings.environment``); the launchers must work before Django is
importable, hence this second, small one.
"""

from __future__ import annotations

import os
from pathlib import Path

from eurzad.devservices.process import ServiceError

# site/eurzad/devservices/paths.py -> the checkout root
REPO_ROOT = Path(__file__).resolve().parents[3]

HOST = "127.0.0.1"
DEFAULT_PG_PORT = 54329
DEFAULT_OPENSEARCH_PORT = 9250


def cache_dir() -> Path:
    """Where clusters, node data, logs and pid files go: ``EURZAD_CACHE_DIR`` or ``.cache``."""
    configured = os.environ.get("EURZAD_CACHE_DIR", "").strip()
    return Path(configured).resolve() if configured else REPO_ROOT / ".cache"


def pg_port() -> int:
    """PostgreSQL's port: ``EURZAD_PG_PORT`` or 54329."""
    return _port("EURZAD_PG_PORT", DEFAULT_PG_PORT)


def opensearch_port() -> int:
    """HTTP port of OpenSearch node 0: ``EURZAD_OPENSEARCH_PORT`` or 9250 (node i: port + i)."""
    return _port("EURZAD_OPENSEARCH_PORT", DEFAULT_OPENSEARCH_PORT)


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ServiceError(f"{name} must be a TCP port number (1-65535); got {raw!r}.")
    return int(raw)
