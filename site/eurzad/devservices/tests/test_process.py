"""The shared helpers: pid files, liveness, ports, waiting, commands; the CLI's cheap commands."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from eurzad.devservices import paths
from eurzad.devservices.__main__ import main
from eurzad.devservices.process import (
    ServiceError,
    pid_alive,
    pid_runs,
    port_open,
    read_pid_file,
    run,
    spawn_detached,
    tail,
    terminate,
    wait_for,
    write_pid_file,
)


@pytest.fixture
def listener():
    """A socket listening on a free loopback port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_pid_file_round_trip_and_garbage_reads_as_none(tmp_path):
    pid_file = tmp_path / "run" / "x.pid"
    assert read_pid_file(pid_file) is None
    write_pid_file(pid_file, 4242)
    assert read_pid_file(pid_file) == 4242
    pid_file.write_text("not a pid\n")
    assert read_pid_file(pid_file) is None
    pid_file.write_text("")
    assert read_pid_file(pid_file) is None


def test_pid_alive_is_false_for_a_dead_process_and_true_for_ourselves():
    assert pid_alive(os.getpid())
    assert not pid_alive(_dead_pid())


def test_pid_alive_is_false_for_a_zombie():
    # A killed child that nobody reaped still exists for kill(pid, 0); it must count as dead.
    child = subprocess.Popen(["sleep", "30"])
    child.kill()
    wait_for(
        lambda: Path(f"/proc/{child.pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z",
        timeout=5,
        message="waiting for the zombie",
    )
    try:
        assert not pid_alive(child.pid)
    finally:
        child.wait()


def test_pid_runs_rejects_a_live_pid_running_something_else():
    child = subprocess.Popen(["sleep", "30"])
    try:
        # Until the child has exec'd, its command line is still ours: wait for the exec.
        wait_for(lambda: pid_runs(child.pid, "sleep 30"), timeout=5, message="waiting for exec")
        assert not pid_runs(child.pid, "EmbeddedOpenSearch")
    finally:
        child.kill()
        child.wait()


def test_pid_runs_asks_our_own_child_directly_not_its_command_line(tmp_path):
    # A JVM's /proc command line reads empty for a moment while it execs or exits; a child we
    # spawned must not be reported dead for that (it made `make test` fail once).
    log = tmp_path / "out.log"
    pid = spawn_detached(["sleep", "30"], log=log, cwd=tmp_path)
    try:
        assert pid_runs(pid, "a marker that is not on its command line")
    finally:
        terminate([pid], timeout=5, what="test")
    assert not pid_runs(pid, "sleep 30")


def test_spawned_process_gets_its_own_session_and_log_and_terminate_ends_it(tmp_path):
    log = tmp_path / "out.log"
    pid = spawn_detached(["sh", "-c", "echo started; exec sleep 30"], log=log, cwd=tmp_path)
    wait_for(lambda: "started" in log.read_text(), timeout=5, message="waiting for output")
    assert os.getsid(pid) == pid
    terminate([pid], timeout=5, what="test")
    assert not pid_alive(pid)


def test_terminate_kills_a_process_that_ignores_sigterm(tmp_path, capsys):
    log = tmp_path / "out.log"
    script = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    pid = spawn_detached([sys.executable, "-c", script], log=log, cwd=tmp_path)
    wait_for(lambda: "ready" in log.read_text(), timeout=10, message="waiting for the handler")
    terminate([pid], timeout=1, what="stubborn")
    assert not pid_alive(pid)
    assert f"stubborn: still running after 1 s, killing pid {pid}" in capsys.readouterr().out


def test_port_open_sees_a_listener_and_not_a_closed_port(listener):
    assert port_open("127.0.0.1", listener)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    assert not port_open("127.0.0.1", port)


def test_wait_for_times_out_with_the_message():
    with pytest.raises(ServiceError, match="waiting for nothing: timed out after 0 s"):
        wait_for(lambda: False, timeout=0.3, message="waiting for nothing", interval=0.05)


def test_wait_for_gives_up_early_when_told_why():
    with pytest.raises(ServiceError, match="the process died"):
        wait_for(lambda: False, timeout=60, message="waiting", failed=lambda: "the process died")


def test_tail_returns_the_last_lines(tmp_path):
    log = tmp_path / "service.log"
    log.write_text("".join(f"line {i}\n" for i in range(100)))
    assert tail(log, 3) == "line 97\nline 98\nline 99"
    assert tail(tmp_path / "missing.log") == ""


def test_run_turns_a_failure_into_one_sentence_with_the_output_as_details():
    with pytest.raises(ServiceError) as caught:
        run(["sh", "-c", "echo boom; exit 3"], what="do the thing")
    assert str(caught.value) == "Could not do the thing (sh exited with 3)."
    assert caught.value.details == "boom"
    assert run(["sh", "-c", "cat"], what="echo", input_text="hello") == "hello"


def test_cache_dir_and_ports_come_from_the_environment(monkeypatch, tmp_path):
    assert (paths.REPO_ROOT / "pyproject.toml").exists()
    monkeypatch.delenv("EURZAD_CACHE_DIR", raising=False)
    monkeypatch.delenv("EURZAD_PG_PORT", raising=False)
    assert paths.cache_dir() == paths.REPO_ROOT / ".cache"
    assert paths.pg_port() == 54329
    monkeypatch.setenv("EURZAD_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("EURZAD_PG_PORT", "54401")
    assert paths.cache_dir() == tmp_path
    assert paths.pg_port() == 54401


def test_env_prints_shell_exports_with_the_configured_ports(monkeypatch, capsys):
    monkeypatch.setenv("EURZAD_PG_PORT", "54401")
    monkeypatch.setenv("EURZAD_OPENSEARCH_PORT", "9280")
    monkeypatch.setenv("EURZAD_IDP_PORT", "8188")
    assert main(["env"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "export DATABASE_URL=postgres://eurzad:eurzad@127.0.0.1:54401/eurzad",
        "export SEARCH_URL=http://127.0.0.1:9280",
        "export EURZAD_IDP_URL=http://127.0.0.1:8188/simplesaml",
    ]


def test_a_bad_port_setting_is_one_sentence_on_stderr_and_exit_code_1(monkeypatch, capsys):
    monkeypatch.setenv("EURZAD_PG_PORT", "postgres")
    assert main(["env"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "error: EURZAD_PG_PORT must be a TCP port number (1-65535); got 'postgres'.\n"
    )


def test_stop_from_a_missing_record_stops_nothing(tmp_path, capsys):
    assert main(["stop", "--from", str(tmp_path / "started")]) == 0
    assert "nothing to stop" in capsys.readouterr().out
