"""The OpenSearch launcher: a real node (and, slow, a three-node cluster) on ports of its own.

HTTP 9280/transport 9380 (and 9285-9287/9385-9387 for the cluster), not the 9250 that
`make test` uses, and a temporary cache folder for node data.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import urllib.request

import pytest

from eurzad.devservices import opensearch
from eurzad.devservices.process import ServiceError, port_open, wait_for

PORT = 9280
CLUSTER_PORT = 9285


@pytest.fixture
def config(tmp_path):
    """A one-node cluster in a fresh cache folder; stopped after the test whatever happened."""
    config = opensearch.OpenSearchConfig(cache=tmp_path / "cache", port=PORT)
    yield config
    opensearch.stop(config)


def _request(method: str, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http only
        return json.loads(response.read())


@pytest.mark.devservices
def test_start_is_idempotent_status_reports_polish_works_and_stop_stops(config, capsys):
    assert opensearch.start(config) is True
    pid = int((config.node_dir(0) / "node.pid").read_text())
    status = opensearch.status(config)
    assert status.running
    assert status.describe().startswith(f"opensearch: running on 127.0.0.1:{PORT} (1 node, ")
    assert f"pid {pid}" in status.describe()

    capsys.readouterr()
    assert opensearch.start(config) is False
    assert capsys.readouterr().out == f"opensearch: already running on 127.0.0.1:{PORT}\n"

    # The hunspell filter finds Debian's Polish dictionary in the node's config folder.
    # (Checked here rather than in a test of its own: each node start costs ~7 s.)
    _request(
        "PUT",
        "/polish",
        {
            "settings": {
                "analysis": {
                    "filter": {"pl": {"type": "hunspell", "locale": "pl_PL"}},
                    "analyzer": {"pl": {"tokenizer": "standard", "filter": ["lowercase", "pl"]}},
                }
            }
        },
    )
    analysed = _request("POST", "/polish/_analyze", {"analyzer": "pl", "text": "Urzędy miejskie"})
    assert [token["token"] for token in analysed["tokens"]] == ["urząd", "miejski"]

    assert opensearch.stop(config) is True
    assert not port_open("127.0.0.1", PORT)
    assert not port_open("127.0.0.1", PORT + 100)
    assert not (config.node_dir(0) / "node.pid").exists()
    assert opensearch.status(config).describe() == "opensearch: not running"
    assert opensearch.stop(config) is False


@pytest.mark.devservices
def test_a_stale_pid_file_is_cleaned_and_start_proceeds(config, capsys):
    dead = subprocess.Popen(["true"])
    dead.wait()
    pid_file = config.node_dir(0) / "node.pid"
    pid_file.parent.mkdir(parents=True)
    pid_file.write_text(f"{dead.pid}\n")
    assert opensearch.status(config).describe() == "opensearch: not running (stale pid file)"

    assert opensearch.start(config) is True
    output = capsys.readouterr().out
    assert f"opensearch: removing the stale pid file of node-0 (pid {dead.pid})" in output
    assert int(pid_file.read_text()) != dead.pid
    assert opensearch.status(config).running


def test_a_port_taken_by_another_program_is_one_clear_error(config):
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", PORT + 100))  # the transport port counts too
        squatter.listen()
        with pytest.raises(ServiceError, match=f"Port 127.0.0.1:{PORT + 100} is taken by another"):
            opensearch.start(config)
    assert not config.node_dir(0).exists()


@pytest.mark.devservices
@pytest.mark.slow
def test_three_nodes_form_a_green_cluster_that_notices_losing_a_node(tmp_path):
    config = opensearch.OpenSearchConfig(cache=tmp_path / "cache", port=CLUSTER_PORT, nodes=3)
    try:
        assert opensearch.start(config) is True
        health = opensearch.cluster_health("127.0.0.1", CLUSTER_PORT)
        assert health is not None
        assert (health["status"], health["number_of_nodes"]) == ("green", 3)
        for index in range(3):
            assert port_open("127.0.0.1", CLUSTER_PORT + index)

        os.kill(int((config.node_dir(2) / "node.pid").read_text()), signal.SIGKILL)
        wait_for(
            lambda: (
                (opensearch.cluster_health("127.0.0.1", CLUSTER_PORT) or {}).get("number_of_nodes")
                == 2
            ),
            timeout=60,
            message="waiting for the cluster to notice",
        )
        assert "2 nodes" in opensearch.status(config).describe()
    finally:
        opensearch.stop(config)
    for index in range(3):
        assert not port_open("127.0.0.1", CLUSTER_PORT + index)
        assert not (config.node_dir(index) / "node.pid").exists()
