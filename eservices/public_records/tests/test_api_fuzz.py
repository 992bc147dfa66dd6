"""Fuzzing the open-data API from its own OpenAPI schema: no server error, bodies as promised.

Hypothesis draws, for every GET operation of the schema, query parameters from the parameters'
own definitions (enums, integers, arrays) mixed with arbitrary text (NUL, other scripts, very
long numbers), and path parameters that exist or do not. Every answer must be below 500, and a
200 JSON body must validate against the schema of that operation.
The HTML list pages get the same treatment with their own parameters.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from eservices.public_records.models import BudgetLine, BusinessEntry, Parcel

from .openapi_checks import load_schema, response_validator, schema_errors
from .pages_fixtures import records_demo, records_demo_module  # noqa: F401

pytestmark = pytest.mark.usefixtures("records_demo")

#: Anything a client could send: any script, control characters (NUL too), surrogates excluded.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
HUGE_NUMBERS = st.integers(min_value=-(10**30), max_value=10**30).map(str)


def _value(parameter_schema: dict) -> st.SearchStrategy[str]:
    """A value of one parameter as the schema defines it (or near it)."""
    kind = parameter_schema.get("type")
    if "enum" in parameter_schema:
        return st.sampled_from([str(v) for v in parameter_schema["enum"]])
    if kind == "array":
        item = _value(parameter_schema.get("items", {}))
        return st.lists(item, min_size=1, max_size=3).map(",".join)
    if kind in ("integer", "number"):
        return st.one_of(st.integers(min_value=-5, max_value=2100).map(str), HUGE_NUMBERS)
    return st.one_of(st.text(max_size=20), st.sampled_from(["Zator", "47.11.Z", "ł", "%", "_"]))


def _parameter(parameter: dict) -> st.SearchStrategy[str | None]:
    """Absent, valid by the schema, or arbitrary text."""
    return st.one_of(st.none(), _value(parameter.get("schema", {})), ANY_TEXT)


def _path_value(known: list[int]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from([str(k) for k in known]), HUGE_NUMBERS.map(lambda n: n[-19:]))


@pytest.fixture
def operations():
    schema = load_schema()
    found = {
        route: methods["get"] for route, methods in schema["paths"].items() if "get" in methods
    }
    return schema, found


def _known_keys() -> dict[str, list[int]]:
    return {
        "/dzialalnosc-gospodarcza/{id}/": list(
            BusinessEntry.objects.values_list("pk", flat=True)[:5]
        ),
        "/mienie/{id}/": list(Parcel.objects.values_list("pk", flat=True)[:5]),
        "/budzet/pozycje/{id}/": list(BudgetLine.objects.values_list("pk", flat=True)[:5]),
        "{year}": [2025, 2026, 1999],
    }


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_server_error_and_bodies_match_the_schema(client, operations, data):
    schema, found = operations
    route = data.draw(st.sampled_from(sorted(found)), label="operation")
    operation = found[route]
    known = _known_keys()
    url = route
    for name in re.findall(r"{(\w+)}", route):
        keys = (
            known["{year}"]
            if name == "year"
            else next(v for suffix, v in known.items() if route.endswith(suffix))
        )
        url = url.replace(f"{{{name}}}", data.draw(_path_value(keys), label=name))
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        value = data.draw(_parameter(parameter), label=parameter["name"])
        if value is not None:
            query[parameter["name"]] = value
    response = client.get(url, query)
    event(f"status {response.status_code}")
    assert response.status_code < 500, (url, query)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200:
        # A path outside the API's patterns falls through to the page tree (an HTML 404).
        if response["Content-Type"].startswith("application/json"):
            json.loads(body)
        return
    if route.endswith("eksport.json"):
        assert isinstance(json.loads(body), list)
    elif route.endswith("eksport.csv"):
        assert body.startswith(b"\xef\xbb\xbf")
    elif route.endswith("eksport.xlsx"):
        assert body.startswith(b"PK")  # a zip archive
    else:
        validator = response_validator(schema, route=route)
        assert validator is not None
        assert schema_errors(validator, json.loads(body)) == [], (url, query)


PAGE_PARAMETERS = {
    "/rejestry/dzialalnosc-gospodarcza/": ("q", "miejscowosc", "status", "sekcja_pkd", "pkd"),
    "/rejestry/mienie/": ("q", "miejscowosc", "obreb", "status"),
    "/rejestry/budzet/porownanie/": ("lata", "rodzaj"),
}
PLAUSIBLE = st.sampled_from(
    ["Zator", "active", "G", "47.11.Z", "0001", "for_sale", "2025,2026", "expense", "-firma"]
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_pages_never_fail_on_odd_query_strings(client, data):
    url = data.draw(st.sampled_from(sorted(PAGE_PARAMETERS)), label="page")
    names = (*PAGE_PARAMETERS[url], "rok", "sortuj", "strona")
    query = {}
    for name in names:
        value = data.draw(st.one_of(st.none(), PLAUSIBLE, ANY_TEXT, HUGE_NUMBERS), label=name)
        if value is not None:
            query[name] = value
    response = client.get(url, query)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 400), (url, query)
