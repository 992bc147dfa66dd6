"""Checking API responses against the portal's own OpenAPI 3.1 schema (JSON Schema 2020-12)."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from eservices.public_records.views import open_api_schema


def load_schema() -> dict[str, Any]:
    """The schema as /api/schema/ serves it."""
    return open_api_schema()


def response_validator(
    schema: dict[str, Any], *, route: str, method: str = "get", status: str = "200"
) -> Draft202012Validator | None:
    """A validator of the JSON body the schema promises for ``route`` (None: not JSON)."""
    responses = schema["paths"][route][method]["responses"]
    content = responses[status].get("content", {})
    if "application/json" not in content:
        return None
    body = content["application/json"]["schema"]
    # $refs point into the document ("#/components/..."), so validate within a copy of it.
    document = {**body, "components": schema.get("components", {})}
    return Draft202012Validator(document, format_checker=FormatChecker())


def schema_errors(validator: Draft202012Validator, body: Any) -> list[str]:
    """Every place where ``body`` breaks the schema, as readable lines."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(body)
    ]
