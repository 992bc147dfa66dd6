"""A requests-driven browser for SAML flows: follows redirects and auto-submitting forms."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
import requests


@dataclass(frozen=True)
class Form:
    """An HTML form: where it goes, how, and its fields (hidden ones included)."""

    action: str
    method: str
    fields: dict[str, str]


def forms(response: requests.Response) -> list[Form]:
    """Every form of an HTML page, with absolute actions."""
    document = lxml.html.fromstring(response.text)
    found = []
    for form in document.forms:
        action = urljoin(response.url, form.get("action") or response.url)
        fields = {
            element.get("name"): element.get("value") or ""
            for element in form.inputs
            if element.get("name") and element.get("type") not in ("submit", "button")
        }
        found.append(
            Form(action=action, method=(form.get("method") or "get").upper(), fields=fields)
        )
    return found


def form_with(response: requests.Response, field: str) -> Form:
    """The form of the page that has ``field``; AssertionError when none has it."""
    for form in forms(response):
        if field in form.fields:
            return form
    raise AssertionError(f"No form with {field!r} at {response.url}: {response.text[:500]}")


def submit(session: requests.Session, form: Form, **values: str) -> requests.Response:
    """Submit ``form`` with ``values`` over its fields (redirects followed)."""
    data = {**form.fields, **values}
    if form.method == "POST":
        return session.post(form.action, data=data, timeout=30)
    return session.get(form.action, params=data, timeout=30)


def follow_saml_forms(session: requests.Session, response: requests.Response) -> requests.Response:
    """Submit auto-posting SAML forms (SAMLRequest, SAMLResponse, SAMLart) until none is left."""
    for _ in range(5):
        carried = (
            [
                form
                for form in forms(response)
                if {"SAMLRequest", "SAMLResponse", "SAMLart"} & set(form.fields)
            ]
            if "html" in response.headers.get("content-type", "")
            else []
        )
        if not carried:
            return response
        response = submit(session, carried[0])
    return response
