"""NIP, REGON and other codes checked per row of an import, quickly, with the usual messages.

An import checks tens of thousands of identifiers. python-stdnum cleans each one character by
character before checking it; here a cell that is already plain ASCII digits of the right length
has its check digits computed directly, and anything else (separators, a wrong check digit, a
wrong length) goes to the validators of ``..identifiers``, which return the same normalised value
or raise the same Polish message as before.
"""

from __future__ import annotations

from collections.abc import Callable

from ..identifiers import validate_nip, validate_regon


def _plain_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


def _regon9_check(d: list[int]) -> int:
    """The check digit of the first 8 digits (weights 8 9 2 3 4 5 6 7, mod 11, mod 10)."""
    return (
        (8 * d[0] + 9 * d[1] + 2 * d[2] + 3 * d[3] + 4 * d[4] + 5 * d[5] + 6 * d[6] + 7 * d[7])
        % 11
        % 10
    )


def _regon14_check(d: list[int]) -> int:
    """The check digit of the first 13 digits (weights 2 4 8 5 0 9 7 3 6 1 2 4 8)."""
    total = (
        2 * d[0] + 4 * d[1] + 8 * d[2] + 5 * d[3] + 9 * d[5] + 7 * d[6] + 3 * d[7] + 6 * d[8]
    ) + (d[9] + 2 * d[10] + 4 * d[11] + 8 * d[12])
    return total % 11 % 10


def check_nip(text: str) -> str:
    """The NIP as ``validate_nip`` returns it (ValidationError from it when invalid)."""
    if _plain_digits(text, 10):
        d = [ord(char) - 48 for char in text]
        # Weights 6 5 7 2 3 4 5 6 7 and -1 for the check digit: the sum is 0 mod 11.
        total = (6 * d[0] + 5 * d[1] + 7 * d[2] + 2 * d[3] + 3 * d[4] + 4 * d[5] + 5 * d[6]) + (
            6 * d[7] + 7 * d[8] - d[9]
        )
        if total % 11 == 0:
            return text
    return validate_nip(text)


def check_regon(text: str) -> str:
    """The REGON as ``validate_regon`` returns it (ValidationError from it when invalid)."""
    if _plain_digits(text, 9):
        d = [ord(char) - 48 for char in text]
        if d[8] == _regon9_check(d):
            return text
    elif _plain_digits(text, 14):
        d = [ord(char) - 48 for char in text]
        if d[13] == _regon14_check(d) and d[8] == _regon9_check(d):
            return text
    return validate_regon(text)


def remembered(validate: Callable[[str], str], *, limit: int = 10_000) -> Callable[[str], str]:
    """``validate`` with its accepted values remembered, for codes that repeat from row to row.

    Only successes are kept (a rejected value is checked again, so its error is raised as
    before); at most ``limit`` of them, so a file of all-different values costs no more memory.
    """
    accepted: dict[str, str] = {}

    def check(text: str) -> str:
        value = accepted.get(text)
        if value is None:
            value = validate(text)
            if len(accepted) < limit:
                accepted[text] = value
        return value

    return check
