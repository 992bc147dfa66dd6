"""Reading a Content-Security-Policy header in tests."""

from __future__ import annotations


def directives(header: str) -> dict[str, list[str]]:
    """The policy as {directive: [sources]}."""
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy
