"""Readable axe-core violations for assertion messages."""


def describe(violations: list[dict]) -> str:
    """One line per violation: rule, impact, help text and the first three offending nodes."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
