"""A throwaway PostgreSQL cluster from Debian's server binaries, in the cache folder.

``initdb`` refuses to run as root, and the launchers usually do (containers, CI), so the server
programs run as the ``postgres`` system user that the Debian package creates; the cluster's
folder belongs to that user. Run as anyone else, they run as that user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from eurzad.devservices import paths
from eurzad.devservices.process import (
    ServiceError,
    ServiceStatus,
    apt_install,
    pid_runs,
    port_open,
    read_pid_file,
    run,
    say,
    tail,
    wait_for,
)

NAME = "postgres"
SYSTEM_USER = "postgres"
ROLE = DATABASE = "eurzad"
PASSWORD = "eurzad"  # noqa: S105 - a throwaway cluster on loopback; the URL is printed by `env`
BINARIES = Path("/usr/lib/postgresql")

# Idempotent: run on every start, so a cluster made by hand or by an older launcher is fixed up.
# Spelled out rather than formatted from ROLE/DATABASE/PASSWORD, which it must match.
_BOOTSTRAP_SQL = r"""
SELECT 'CREATE ROLE eurzad LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'eurzad')\gexec
ALTER ROLE eurzad LOGIN CREATEDB PASSWORD 'eurzad';
SELECT 'CREATE DATABASE eurzad OWNER eurzad'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'eurzad')\gexec
"""


@dataclass(frozen=True)
class PostgresConfig:
    """Where the cluster lives and which port it listens on."""

    cache: Path
    port: int
    host: str = paths.HOST

    def __post_init__(self) -> None:
        # The data path identifies our postmaster in the process table: keep it absolute.
        object.__setattr__(self, "cache", Path(self.cache).resolve())

    @classmethod
    def from_environment(cls) -> PostgresConfig:
        """The configured cluster: ``EURZAD_CACHE_DIR`` and ``EURZAD_PG_PORT``."""
        return cls(cache=paths.cache_dir(), port=paths.pg_port())

    @property
    def root(self) -> Path:
        """The folder owned by the server's user: data, sockets, log."""
        return self.cache / "postgres"

    @property
    def data(self) -> Path:
        """The cluster's data directory (PGDATA)."""
        return self.root / "data"

    @property
    def sockets(self) -> Path:
        """Where the server puts its Unix socket (not /var/run, which belongs to the system)."""
        return self.root / "run"

    @property
    def log(self) -> Path:
        """The server log."""
        return self.root / "postgres.log"

    @property
    def pid_file(self) -> Path:
        """The server's own pid file."""
        return self.data / "postmaster.pid"

    @property
    def address(self) -> str:
        """host:port."""
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """DATABASE_URL for the portal."""
        return f"postgres://{ROLE}:{PASSWORD}@{self.address}/{DATABASE}"


# --- state ---------------------------------------------------------------------------------------


def _running(config: PostgresConfig) -> tuple[int, int] | None:
    """(pid, port) of the cluster's live postmaster, or None.

    postmaster.pid holds the pid on line 1 and the port on line 4. A pid that no longer runs a
    postmaster for this data directory (crash, reboot, recycled pid) means the file is stale.
    """
    pid = read_pid_file(config.pid_file)
    if pid is None or not pid_runs(pid, f" -D {config.data} "):
        return None
    try:
        lines = config.pid_file.read_text().splitlines()
        port = int(lines[3])
    except (OSError, IndexError, ValueError):
        port = config.port
    return pid, port


def status(config: PostgresConfig) -> ServiceStatus:
    """Whether the cluster runs, and where."""
    running = _running(config)
    if running is None:
        stale = " (stale pid file)" if config.pid_file.exists() else ""
        return ServiceStatus(NAME, False, config.address, detail=stale.strip(" ()"))
    pid, port = running
    answering = "" if port_open(config.host, port) else ", not accepting connections yet"
    return ServiceStatus(NAME, True, f"{config.host}:{port}", detail=f"pid {pid}{answering}")


# --- installation and the cluster's folder -------------------------------------------------------


def _versions() -> list[int]:
    found = []
    for initdb in BINARIES.glob("*/bin/initdb"):
        version = initdb.parent.parent.name
        if version.isdigit():
            found.append(int(version))
    return sorted(found)


def ensure_installed() -> Path:
    """The bin folder of the newest server version; installs Debian's package when there is none."""
    if not _versions():
        apt_install(["postgresql"], why=NAME)
    versions = _versions()
    if not versions:
        raise ServiceError(
            f"The postgresql package is installed but no {BINARIES}/*/bin/initdb was found."
        )
    return BINARIES / str(versions[-1]) / "bin"


def _system_user() -> pwd.struct_passwd | None:
    """The user the server programs run as, or None to run them as ourselves (not root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError as error:
        raise ServiceError(
            f"PostgreSQL refuses to run as root and there is no '{SYSTEM_USER}' user; "
            "reinstall Debian's postgresql package."
        ) from error


def _as_server_user(command: list[str]) -> list[str]:
    if _system_user() is None:
        return command
    return ["runuser", "-u", SYSTEM_USER, "--", *command]


def _give_to_server_user(config: PostgresConfig, *paths_: Path) -> None:
    user = _system_user()
    if user is None:
        return
    for path in paths_:
        os.chown(path, user.pw_uid, user.pw_gid)
    _let_traverse(config.root.parent, user)


def _let_traverse(folder: Path, user: pwd.struct_passwd) -> None:
    """Make sure ``user`` may enter every folder from / down to ``folder``.

    Adds only the search (x) bit for others where it is missing (e.g. pytest's 0700
    /tmp/pytest-of-root): no read access, and no change of ownership of folders that hold other
    people's files.
    """
    groups = set(os.getgrouplist(user.pw_name, user.pw_gid))
    for current in [folder, *folder.parents]:
        info = current.stat()
        if info.st_uid == user.pw_uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid in groups:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            say(f"{NAME}: letting the {user.pw_name} user traverse {current} (chmod o+x)")
            current.chmod(stat.S_IMODE(info.st_mode) | stat.S_IXOTH)


def _cluster_bin(config: PostgresConfig) -> Path | None:
    """The binaries of the version that made the cluster on disk, if that version is installed."""
    try:
        version = (config.data / "PG_VERSION").read_text().strip()
    except OSError:
        return None
    bin_dir = BINARIES / version / "bin"
    return bin_dir if (bin_dir / "pg_ctl").exists() else None


def _prepare_binaries(config: PostgresConfig) -> Path:
    """The binaries to start the cluster with; a cluster that cannot be used is re-created."""
    bin_dir = _cluster_bin(config)
    if bin_dir is not None:
        return bin_dir
    if (config.data / "PG_VERSION").exists():
        say(
            f"{NAME}: the cluster in {config.data} was made by a PostgreSQL version that is no "
            "longer installed; discarding it (it holds only throwaway dev/test data)"
        )
        shutil.rmtree(config.data)
    elif config.data.exists() and any(config.data.iterdir()):
        say(f"{NAME}: discarding the incomplete cluster in {config.data}")
        shutil.rmtree(config.data)
    return ensure_installed()


def _initdb(config: PostgresConfig, bin_dir: Path) -> None:
    say(f"{NAME}: creating a cluster in {config.data} (PostgreSQL {bin_dir.parent.name})…")
    config.data.mkdir(mode=0o700, parents=True, exist_ok=True)
    _give_to_server_user(config, config.root, config.data)
    run(
        _as_server_user(
            [
                str(bin_dir / "initdb"),
                "--pgdata",
                str(config.data),
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--no-sync",
            ]
        ),
        what=f"create the PostgreSQL cluster in {config.data}",
        cwd=config.root,
    )
    with (config.data / "postgresql.conf").open("a") as conf:
        conf.write("\n# Written by eurzad.devservices on every start.\ninclude 'eurzad.conf'\n")


def _write_settings(config: PostgresConfig) -> None:
    """Settings applied on every start, so a changed port takes effect without a new cluster."""
    sockets = str(config.sockets).replace("'", "''")
    settings = config.data / "eurzad.conf"
    settings.write_text(
        "# Generated by eurzad.devservices.postgres on every start; edits are lost.\n"
        f"listen_addresses = '{config.host}'\n"
        f"port = {config.port}\n"
        f"unix_socket_directories = '{sockets}'\n"
        "unix_socket_permissions = 0700\n"
        "# A throwaway cluster: durability is worth nothing here, speed is.\n"
        "fsync = off\n"
        "synchronous_commit = off\n"
        "full_page_writes = off\n"
    )
    _give_to_server_user(config, settings)


# --- start, stop ---------------------------------------------------------------------------------


def start(config: PostgresConfig) -> bool:
    """Start the cluster (creating it first if needed); False when it was already running."""
    running = _running(config)
    if running is not None:
        pid, port = running
        if port != config.port:
            raise ServiceError(
                f"{NAME} is already running on {config.host}:{port} (pid {pid}), not on the "
                f"configured port {config.port}; stop it first."
            )
        wait_for(
            lambda: port_open(config.host, config.port),
            timeout=30,
            message=f"{NAME}: running (pid {pid}), waiting for it to accept connections",
        )
        say(f"{NAME}: already running on {config.address}")
        return False
    if config.pid_file.exists():
        stale = read_pid_file(config.pid_file)
        say(f"{NAME}: removing the stale pid file of pid {stale} (no such server runs)")
        config.pid_file.unlink()
    if port_open(config.host, config.port):
        raise ServiceError(
            f"Port {config.address} is taken by another program, so {NAME} cannot start there; "
            "stop that program or set EURZAD_PG_PORT to a free port."
        )

    bin_dir = _prepare_binaries(config)
    config.root.mkdir(parents=True, exist_ok=True)
    config.sockets.mkdir(mode=0o700, exist_ok=True)
    _give_to_server_user(config, config.root, config.sockets)
    if not (config.data / "PG_VERSION").exists():
        _initdb(config, bin_dir)
    _write_settings(config)

    if config.log.exists():
        # So that the end of the log, shown when the start fails, is about this start.
        config.log.replace(config.log.with_name(f"{config.log.name}.1"))
    say(f"{NAME}: starting on {config.address}…")
    try:
        run(
            _as_server_user(
                [
                    str(bin_dir / "pg_ctl"),
                    "--pgdata",
                    str(config.data),
                    "--log",
                    str(config.log),
                    "--wait",
                    "--timeout=60",
                    "--silent",
                    "start",
                ]
            ),
            what=f"start {NAME} on {config.address}",
            cwd=config.root,
        )
    except ServiceError as error:
        raise ServiceError(
            f"{NAME} did not start on {config.address}; the end of {config.log} follows.",
            details=tail(config.log) or error.details,
        ) from error
    _bootstrap(config, bin_dir)
    say(f"{NAME}: running on {config.address} (database {DATABASE}, user {ROLE})")
    return True


def _bootstrap(config: PostgresConfig, bin_dir: Path) -> None:
    """Create the portal's role and database if they are missing."""
    run(
        _as_server_user(
            [
                str(bin_dir / "psql"),
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                f"--host={config.sockets}",
                f"--port={config.port}",
                "--dbname=postgres",
            ]
        ),
        what=f"create the {ROLE} role and database",
        cwd=config.root,
        input_text=_BOOTSTRAP_SQL,
    )


def stop(config: PostgresConfig) -> bool:
    """Stop the cluster (fast shutdown); False when it was not running."""
    if _running(config) is None:
        if config.pid_file.exists():
            say(f"{NAME}: removing the stale pid file of pid {read_pid_file(config.pid_file)}")
            with contextlib.suppress(FileNotFoundError):
                config.pid_file.unlink()
        say(f"{NAME}: not running")
        return False
    bin_dir = _cluster_bin(config)
    if bin_dir is None:
        raise ServiceError(f"{NAME} runs, but the pg_ctl that matches its cluster is missing.")
    say(f"{NAME}: stopping…")
    run(
        _as_server_user(
            [
                str(bin_dir / "pg_ctl"),
                "--pgdata",
                str(config.data),
                "--mode=fast",
                "--wait",
                "--timeout=60",
                "--silent",
                "stop",
            ]
        ),
        what=f"stop {NAME}",
        cwd=config.root,
    )
    say(f"{NAME}: stopped")
    return True
