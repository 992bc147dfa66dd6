"""What every launcher needs: pid files, liveness and port checks, waiting with progress,
running commands (including ``apt-get``) and one exception type for a clear failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


class ServiceError(Exception):
    """A service could not be started, stopped or installed; the message is one clear sentence.

    ``details`` (e.g. the end of the service's log) is printed after the sentence.
    """

    def __init__(self, message: str, *, details: str = "") -> None:
        super().__init__(message)
        self.details = details
        if details:  # shown by tracebacks (and so by pytest); the CLI prints it itself
            self.add_note(details)


@dataclass(frozen=True)
class ServiceStatus:
    """What ``status`` reports about one service."""

    name: str
    running: bool
    address: str
    detail: str = ""

    def describe(self) -> str:
        """One line for the terminal, e.g. "postgres: running on 127.0.0.1:54329 (pid 42)"."""
        state = f"running on {self.address}" if self.running else "not running"
        return f"{self.name}: {state}" + (f" ({self.detail})" if self.detail else "")


def say(message: str) -> None:
    """Print a progress line at once (the launchers' output is read while they work)."""
    print(message, flush=True)


# --- processes and pid files -------------------------------------------------------------------

# Services started by this Python process are its children: keep their Popen objects so that a
# child that exits is reaped (otherwise it lingers as a zombie and still "exists" for kill(pid, 0)).
_spawned: dict[int, subprocess.Popen[bytes]] = {}


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists and is not a zombie."""
    child = _spawned.get(pid)
    if child is not None and child.poll() is not None:
        del _spawned[pid]
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, but belongs to another user
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no procfs: trust kill()
    # The state follows the command name in parentheses: "1234 (java) S ..."
    return stat.rpartition(")")[2].split()[0] != "Z"


def pid_runs(pid: int, marker: str) -> bool:
    """True when the process lives and ``marker`` occurs in its command line.

    Guards against a recycled pid: a stale pid file may name an unrelated process by now. A child
    this Python process started is asked directly: its pid cannot be recycled before it is reaped,
    and its ``/proc`` command line reads empty for a moment while it execs or exits.
    """
    child = _spawned.get(pid)
    if child is not None:
        return pid_alive(pid)
    if not pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return True  # no procfs: cannot tell, assume it is ours
    return marker.encode() in cmdline


def read_pid_file(path: Path) -> int | None:
    """The pid in the file's first line, or None when the file is missing or unreadable."""
    try:
        first = path.read_text().splitlines()[0].strip()
    except (OSError, IndexError):
        return None
    return int(first) if first.isdigit() else None


def write_pid_file(path: Path, pid: int) -> None:
    """Write ``pid`` to ``path``, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{pid}\n")


def spawn_detached(command: Sequence[str], *, log: Path, cwd: Path) -> int:
    """Start ``command`` in its own session, output to ``log``; return its pid.

    A new session keeps the service alive when the terminal or the ``make`` that started it is
    interrupted, and keeps signals meant for the launcher away from it.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        child = subprocess.Popen(  # noqa: S603 - the command is built by the launchers
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            start_new_session=True,
        )
    _spawned[child.pid] = child
    return child.pid


def terminate(pids: Sequence[int], *, timeout: float, what: str) -> None:
    """SIGTERM the processes, wait up to ``timeout`` seconds, then SIGKILL those still alive."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    remaining = list(pids)
    with contextlib.suppress(ServiceError):
        wait_for(
            lambda: not [pid for pid in remaining if pid_alive(pid)],
            timeout=timeout,
            message=f"{what}: waiting for the process to exit",
        )
    survivors = [pid for pid in remaining if pid_alive(pid)]
    if survivors:
        listed = ", ".join(map(str, survivors))
        say(f"{what}: still running after {timeout:.0f} s, killing pid {listed}")
        for pid in survivors:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        wait_for(
            lambda: not [pid for pid in survivors if pid_alive(pid)],
            timeout=10,
            message=f"{what}: waiting for the killed process to disappear",
        )


# --- ports ---------------------------------------------------------------------------------------


def port_open(host: str, port: int, *, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


# --- waiting -------------------------------------------------------------------------------------


def wait_for(
    ready: Callable[[], bool],
    *,
    timeout: float,
    message: str,
    interval: float = 0.25,
    failed: Callable[[], str | None] | None = None,
    announce: bool = False,
) -> float:
    """Poll ``ready()`` until it is true; return the seconds it took.

    Shows "<message>… N s" while waiting: updated in place on a terminal, a line every 5 s
    otherwise (``announce`` prints the message at once, too). ``failed()`` may return a reason to
    give up early (say, the process died). Raises ServiceError on timeout or failure.
    """
    started = time.monotonic()
    tty = sys.stdout.isatty()
    shown = 0
    on_line = False
    if announce:
        print(f"{message}…", end="" if tty else "\n", flush=True)
        on_line = tty

    def end_line() -> None:
        if on_line:
            print(flush=True)

    while True:
        if ready():
            end_line()
            return time.monotonic() - started
        reason = failed() if failed else None
        if reason:
            end_line()
            raise ServiceError(reason)
        elapsed = time.monotonic() - started
        if elapsed > timeout:
            end_line()
            raise ServiceError(f"{message}: timed out after {timeout:.0f} s.")
        whole = int(elapsed)
        if whole > shown and (tty or whole % 5 == 0):
            shown = whole
            if tty:
                print(f"\r{message}… {whole} s", end="", flush=True)
                on_line = True
            else:
                say(f"{message}… {whole} s")
        time.sleep(interval)


# --- commands ------------------------------------------------------------------------------------


def tail(path: Path, lines: int = 20) -> str:
    """The last ``lines`` lines of a text file ('' when it does not exist)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 64 * 1024))
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def run(
    command: Sequence[str],
    *,
    what: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input_text: str | None = None,
    progress: str | None = None,
    timeout: float = 1800,
) -> str:
    """Run a command to completion and return its output; a failure becomes a ServiceError.

    ``what`` completes the sentence "Could not …" in the error message. With ``progress``, the
    elapsed time is shown under that message while the command runs (for the slow first-run
    steps: downloads, installs).
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as output:
        try:
            child = subprocess.Popen(  # noqa: S603 - the command is built by the launchers
                list(command),
                cwd=cwd,
                env=env,
                stdin=subprocess.PIPE if input_text is not None else subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
            )
        except OSError as error:
            raise ServiceError(f"Could not {what}: {error}.") from error
        try:
            if input_text is not None:
                assert child.stdin is not None  # noqa: S101 - set by stdin=PIPE just above
                child.stdin.write(input_text)
                child.stdin.close()
            if progress:
                wait_for(
                    lambda: child.poll() is not None,
                    timeout=timeout,
                    message=progress,
                    announce=True,
                )
            child.wait(timeout=timeout)
        except (ServiceError, subprocess.TimeoutExpired) as error:
            child.kill()
            child.wait()
            raise ServiceError(f"Could not {what}: no result after {timeout:.0f} s.") from error
        output.seek(0)
        text = output.read()
    if child.returncode != 0:
        raise ServiceError(
            f"Could not {what} ({Path(command[0]).name} exited with {child.returncode}).",
            details="\n".join(text.strip().splitlines()[-20:]),
        )
    return text


def apt_install(packages: Sequence[str], *, why: str) -> None:
    """Install Debian packages with apt-get, refreshing the package lists once if that fails."""
    if shutil.which("apt-get") is None:
        raise ServiceError(
            f"{why} needs the Debian package(s) {', '.join(packages)} and there is no apt-get "
            "here; install them by hand."
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", *packages]
    names = " ".join(packages)
    try:
        run(
            install,
            what=f"install {names}",
            env=env,
            progress=f"{why}: installing {names} with apt-get",
        )
    except ServiceError:
        say(f"{why}: apt-get install failed; running apt-get update once and retrying")
        run(
            ["apt-get", "update"],
            what="refresh the package lists (apt-get update)",
            env=env,
            progress=f"{why}: apt-get update",
        )
        run(
            install,
            what=f"install {names} with apt-get",
            env=env,
            progress=f"{why}: installing {names} with apt-get",
        )
