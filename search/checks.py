"""System check: a configured search engine must answer."""

from __future__ import annotations

from django.core.checks import CheckMessage, Error, register

from .engine import SearchEngineUnavailable, engine_info


@register("eurzad_services")
def check_search_engine(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Report a configured search engine that does not answer, in one sentence."""
    try:
        engine_info()
    except SearchEngineUnavailable as error:
        return [Error(str(error), id="search.E001")]
    return []
