"""Health endpoints for the proxy, the orchestrator and the benchmark's baseline."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from search.engine import SearchEngineUnavailable, engine_info

from .checks import database_status


@require_safe
def live(request: HttpRequest) -> HttpResponse:
    """The process answers (no database, no templates): also the benchmark's bare view."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Whether the database and the configured search engine answer; 503 when one does not."""
    database_problem = database_status()
    search = {"engine": "database", "status": "ok"}
    try:
        info = engine_info()
    except SearchEngineUnavailable as error:
        search = {"status": "unavailable", "detail": str(error)}
    else:
        if info is not None:
            search = {
                "engine": info.distribution,
                "version": info.version,
                "status": "ok",
                "cluster": info.cluster_status,
            }
    body = {
        "database": {"status": "unavailable", "detail": database_problem}
        if database_problem
        else {"status": "ok"},
        "search": search,
    }
    healthy = database_problem is None and search["status"] == "ok"
    return JsonResponse(body, status=200 if healthy else 503)
