"""Losing a node of a three-node cluster with one replica fails no search (issue 5).

A real cluster from the dev-service launcher (ports 9295-9297, a temporary cache), the portal's
own index definition with one replica, 1,000 searches through the engine backend, and one data
node killed (SIGKILL) after the first 300. The node the client talks to stays: a deployment
reaches its cluster through one address (a load balancer or a coordinating node).
"""

from __future__ import annotations

import os
import signal

import pytest

from eurzad.devservices import opensearch
from eurzad.settings.environment import SearchConfig
from search.backends.engine import EngineBackend, engine_client
from search.documents import SearchDocument
from search.results import SearchFilters

PORT = 9295
DOCUMENTS = 300
SEARCHES = 1000
KILL_AFTER = 300


@pytest.mark.devservices
@pytest.mark.slow
def test_a_thousand_searches_survive_losing_a_node(tmp_path, settings):
    config = opensearch.OpenSearchConfig(cache=tmp_path / "cache", port=PORT, nodes=3)
    try:
        assert opensearch.start(config) is True
        settings.SEARCH_CONFIG = SearchConfig(
            engine="opensearch2", url=f"http://127.0.0.1:{PORT}", index_prefix="nodeloss"
        )
        settings.SEARCH_REPLICAS = 1
        backend = EngineBackend()
        backend.index_documents(
            documents=(
                SearchDocument(
                    key=f"parcel:{number}",
                    type="parcel",
                    title=f"Działka {number} w obrębie Zator",
                    url=f"/rejestry/mienie/{number}/",
                    body="nieruchomość gminna przeznaczona do dzierżawy",
                    town="Zator",
                )
                for number in range(DOCUMENTS)
            )
        )
        client = engine_client()
        health = client.cluster.health(
            wait_for_status="green", params={"timeout": "60s", "request_timeout": 70}
        )
        assert (health["status"], health["number_of_nodes"]) == ("green", 3)

        failures, wrong = [], 0
        for number in range(SEARCHES):
            if number == KILL_AFTER:
                os.kill(int((config.node_dir(2) / "node.pid").read_text()), signal.SIGKILL)
            try:
                results = backend.search(
                    query="działkach", filters=SearchFilters(), sort="relevance", page=1, per_page=5
                )
            except Exception as error:  # every failure is counted, not raised
                failures.append(f"{number}: {error!r}")
                continue
            wrong += results.total != DOCUMENTS
        assert failures == []
        assert wrong == 0
        nodes = client.cluster.health()["number_of_nodes"]
        assert nodes == 2, "the killed node is still counted: the test did not lose a node"
        client.close()
    finally:
        opensearch.stop(config)
