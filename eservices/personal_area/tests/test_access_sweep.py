"""Every URL under moj-e-urzad/, found by walking the URL resolver, requested as an anonymous
visitor and as another resident, in every language: nobody sees Anna's data, nothing is cached.

A plugin that adds a URL under moj-e-urzad/ is swept automatically; a URL whose parameters this
sweep cannot fill makes it fail, so that it is extended rather than silently skipped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from eservices.audit.services import audit_record

from .conftest import ANNA_PESEL

pytestmark = pytest.mark.django_db

PREFIX = "moj-e-urzad/"
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
UUIDS = ["00000000-0000-0000-0000-000000000001"]


def _routes(patterns, prefix: str = "") -> Iterator[str]:
    """The route of every view under moj-e-urzad/ (language prefix left out), includes walked."""
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            yield from _routes(pattern.url_patterns, prefix)
            continue
        route = prefix + _route_of(pattern)
        if not (route.startswith(PREFIX) or PREFIX.startswith(route)):
            continue  # elsewhere in the site (the page tree's catch-all comes after the area)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif route.startswith(PREFIX):
            if not isinstance(pattern.pattern, RoutePattern):
                pytest.fail(f"The sweep cannot fill the regular expression {route!r}: extend it.")
            yield route


def _route_of(pattern: URLPattern | URLResolver) -> str:
    if isinstance(pattern.pattern, RoutePattern):
        return str(pattern.pattern._route)
    return str(pattern.pattern.regex.pattern).removeprefix("^")


def personal_routes() -> list[str]:
    """Every route under moj-e-urzad/."""
    return sorted(set(_routes(get_resolver().url_patterns)))


def _fill(route: str, samples: dict[str, list[str]]) -> list[str]:
    """Concrete paths for ``route``: every combination of sample values of its parameters."""
    parameters = list(PARAMETER.finditer(route))
    if not parameters:
        return [route]
    choices = []
    for parameter in parameters:
        converter = parameter["converter"] or "str"
        if converter not in samples:
            pytest.fail(f"The sweep has no sample values for <{converter}:...> in {route!r}.")
        choices.append(samples[converter])
    paths = []
    for values in itertools.product(*choices):
        path = route
        for parameter, value in zip(parameters, values, strict=True):
            path = path.replace(parameter.group(0), value, 1)
        paths.append(path)
    return paths


@pytest.fixture
def anna_objects(anna):
    """Ids of things that are Anna's (her person, events about her), as URL parameters."""
    events = [audit_record(action="login", subject=anna) for _ in range(2)]
    ids = sorted({str(anna.pk), *(str(event.pk) for event in events), "1"})
    return {"int": ids, "str": ids, "slug": ids, "path": ids, "uuid": UUIDS}


def _secrets(person) -> list[str]:
    return [ANNA_PESEL, person.masked_pesel, person.given_name, person.family_name]


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def _languages() -> list[str]:
    return ["" if code == settings.LANGUAGE_CODE else f"{code}/" for code, _ in settings.LANGUAGES]


def test_the_sweep_finds_the_personal_area_pages():
    routes = personal_routes()
    assert {PREFIX, f"{PREFIX}dostep-do-danych/"} <= set(routes)


def test_no_personal_url_leaks_to_an_anonymous_visitor_or_another_resident(
    anna, bartosz_client, anna_objects
):
    secrets = _secrets(anna)
    problems = []
    requested = 0
    for route in personal_routes():
        for path in _fill(route, anna_objects):
            for language in _languages():
                url = f"/{language}{path}"
                for who, client in (("anonymous", Client()), ("another resident", bartosz_client)):
                    for method in ("get", "post"):
                        response = getattr(client, method)(url)
                        requested += 1
                        body = response.content.decode(errors="replace")
                        where = f"{method.upper()} {url} as {who}: {response.status_code}"
                        leaked = [secret for secret in secrets if secret in body]
                        if leaked:
                            problems.append(f"{where} shows {leaked}")
                        if not _no_store(response):
                            problems.append(
                                f"{where} lacks no-store: {response.get('Cache-Control')}"
                            )
                        if who == "anonymous" and not (
                            response.status_code in (404, 405)
                            or (
                                response.status_code == 302
                                and "/logowanie/?next=" in response["Location"]
                            )
                        ):
                            problems.append(f"{where} is neither a login redirect nor a refusal")
    assert requested >= 2 * 3 * 2 * 2
    assert problems == [], "\n".join(problems)


def test_the_owner_does_see_her_data_so_the_sweep_can_tell(anna, anna_client):
    body = anna_client.get(f"/{PREFIX}").content.decode()
    assert all(secret in body for secret in _secrets(anna)[1:])
