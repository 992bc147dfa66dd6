"""Gunicorn settings of the portal's container (``gunicorn --config site/deploy/gunicorn.conf.py``).

Gunicorn reads this file as Python and uses the module-level names that match its settings.
Tunables come from the environment so that the image stays the same on every host.
"""

from __future__ import annotations

import os


def _usable_cores() -> int:
    """CPU cores this process may run on (the container's cpuset, not every core of the host)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _workers(value: str | None) -> int:
    """WEB_CONCURRENCY when it is a positive number; unset, empty or 0: 2 * cores + 1.

    0 rather than an empty value is what the compose file passes for "automatic": Gunicorn
    itself parses WEB_CONCURRENCY as a number before it reads this file.
    """
    if value is None or not value.strip():
        return 2 * _usable_cores() + 1
    try:
        count = int(value)
    except ValueError:
        raise ValueError(f"WEB_CONCURRENCY must be a whole number; got {value!r}.") from None
    if count < 0:
        raise ValueError(f"WEB_CONCURRENCY must not be negative; got {value!r}.")
    return count or 2 * _usable_cores() + 1


wsgi_app = "eurzad.wsgi:application"
bind = "0.0.0.0:8000"
workers = _workers(os.environ.get("WEB_CONCURRENCY"))

# A request slower than `timeout` seconds kills its worker; on SIGTERM (a deploy or
# `docker compose stop`) workers get `graceful_timeout` seconds to finish what they serve. The
# compose file's stop_grace_period (40 s) leaves room for it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# Recycle workers now and then so that a slow leak cannot grow without bound. Rarely, and with a
# wide jitter: at ~1,000 req/s a limit of 2,000 restarted every worker within the same second
# every few seconds (measured by tests/bench/run.py), each restart re-importing the portal.
max_requests = 50000
max_requests_jitter = 25000

# Only the reverse proxy may set X-Forwarded-Proto/-For: the compose file passes the proxy
# network's subnet; outside a container nothing but the local host is trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr, collected by the container runtime.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# The heartbeat files of the workers live in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The control socket of `gunicornc` in a folder every user may write to.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "/tmp/gunicorn.ctl")  # noqa: S108
