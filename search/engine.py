"""Talking to the configured search engine directly (health, cluster facts).

Index definitions and queries go through Wagtail's search backends; this module only answers
"is the engine there, and what is it", with a short timeout, for checks and the health endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


class SearchEngineUnavailable(Exception):
    """The configured search engine did not answer; the message is one plain sentence."""


@dataclass(frozen=True)
class EngineInfo:
    """What a reachable engine says about itself."""

    distribution: str
    version: str
    cluster_status: str


def transport_errors() -> tuple[type[BaseException], ...]:
    """The exception classes both engine clients raise when the engine does not answer."""
    from elastic_transport import TransportError as ElasticTransportError
    from elasticsearch import ApiError as ElasticApiError
    from opensearchpy.exceptions import TransportError as OpenSearchTransportError

    return (OpenSearchTransportError, ElasticTransportError, ElasticApiError)


def _client(url: str, engine: str, timeout: float):
    if engine == "opensearch2":
        from opensearchpy import OpenSearch

        return OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False)
    from elasticsearch import Elasticsearch

    return Elasticsearch(hosts=[url], request_timeout=timeout, max_retries=0)


def _reason(error: BaseException) -> str:
    text = str(error)
    for needle, reason in (
        ("Connection refused", "connection refused"),
        ("timed out", "no answer in time"),
        ("Name or service not known", "unknown host name"),
        ("certificate", "TLS certificate problem"),
    ):
        if needle in text:
            return reason
    status = getattr(error, "status_code", None) or getattr(error, "status", None)
    return f"HTTP status {status}" if status else type(error).__name__


def engine_info(*, timeout: float = 3.0) -> EngineInfo | None:
    """Facts about the configured engine; None when search uses the database backend.

    Raises SearchEngineUnavailable when an engine is configured but does not answer.
    """
    config = settings.SEARCH_CONFIG
    if not config.uses_engine:
        return None
    client = _client(config.url, config.engine, timeout)
    try:
        info = client.info()
        health = client.cluster.health()
    except transport_errors() as error:
        raise SearchEngineUnavailable(
            f"The search engine at {config.url} ({config.engine}) cannot be reached "
            f"({_reason(error)}); "
            "check SEARCH_URL and that the engine is running."
        ) from error
    finally:
        client.close()
    version = info.get("version", {})
    return EngineInfo(
        distribution=version.get("distribution", "elasticsearch"),
        version=version.get("number", "?"),
        cluster_status=health.get("status", "?"),
    )
