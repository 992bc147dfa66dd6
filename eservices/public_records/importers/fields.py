"""Parsing cell text into typed values, with Polish messages (decimal comma, Polish dates)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def parse_decimal(text: str, *, places: int = 2) -> Decimal:
    """``1 234,56`` or ``1234.56`` (a comma makes dots and spaces thousands separators).

    More than ``places`` decimal places is an error rather than silent rounding: ``1.234`` is
    more likely a thousands separator than a fraction of a grosz.
    """
    compact = re.sub(r"[\s\u00a0]|zł$", "", text)
    if "," in compact:
        compact = compact.replace(".", "").replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        raise ValidationError(
            _("„%(value)s” nie jest liczbą.") % {"value": text}, code="decimal"
        ) from None
    if not value.is_finite():
        raise ValidationError(_("„%(value)s” nie jest liczbą.") % {"value": text}, code="decimal")
    if -value.as_tuple().exponent > places:
        raise ValidationError(
            _("„%(value)s” ma więcej niż %(places)s miejsca po przecinku.")
            % {"value": text, "places": places},
            code="decimal_places",
        )
    return value.quantize(Decimal(1).scaleb(-places))


def parse_date(text: str) -> datetime.date:
    """``2025-03-15`` or ``15.03.2025``."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("„%(value)s” nie jest datą (RRRR-MM-DD lub DD.MM.RRRR).") % {"value": text}, code="date"
    )


def parse_digits(text: str, *, length: int, label: str) -> str:
    """A numeric code of ``length`` digits; leading zeros a spreadsheet dropped are restored."""
    compact = text.strip()
    if compact.isdigit() and len(compact) < length:
        compact = compact.zfill(length)
    if not (compact.isdigit() and len(compact) == length):
        raise ValidationError(
            _("%(label)s „%(value)s” musi mieć %(length)s cyfr(y).")
            % {"label": label, "value": text, "length": length},
            code="digits",
        )
    return compact
