"""Template filters of the register pages: amounts and percentages the Polish way."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

#: Narrow no-break space: the Polish thousands separator that never wraps a number.
THOUSANDS = "\u202f"


@register.filter
def money(value: Decimal | None) -> str:
    """``1234567.5`` → ``1 234 567,50`` (no currency; the column header says zł)."""
    if value is None:
        return ""
    text = f"{Decimal(value):,.2f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


@register.filter
def percent(value: Decimal | None) -> str:
    """``87.5`` → ``87,50%``; empty for no value (e.g. a zero plan)."""
    if value is None:
        return "–"
    return f"{Decimal(value):.2f}".replace(".", ",") + "%"
