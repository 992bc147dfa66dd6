"""Parsing cell text into typed values, with Polish messages (decimal comma, Polish dates)."""

from __future__ import annotations

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Spaces (also non-breaking) and a trailing "zł", dropped before a number is read.
_SPACES_AND_CURRENCY = re.compile(r"[\s\u00a0]|zł$")


def parse_decimal(text: str, *, places: int = 2) -> Decimal:
    """``1 234,56`` or ``1234.56`` (a comma makes dots and spaces thousands separators).

    More than ``places`` decimal places is an error rather than silent rounding: ``1.234`` is
    more likely a thousands separator than a fraction of a grosz.
    """
    compact = _SPACES_AND_CURRENCY.sub("", text)
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
    return value.quantize(_quantum(places))


@functools.cache
def _quantum(places: int) -> Decimal:
    """``0.01`` for 2 places: made once per number of places, not once per cell."""
    return Decimal(1).scaleb(-places)


def parse_date(text: str) -> datetime.date:
    """``2025-03-15`` or ``15.03.2025``."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        # The usual ISO form read directly: strptime costs ten times more per cell.
        year, month, day = text[:4], text[5:7], text[8:]
        if year.isdigit() and month.isdigit() and day.isdigit():
            try:
                return datetime.date(int(year), int(month), int(day))
            except ValueError:
                pass  # the patterns below report it as they always did
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
