"""Text normalisation shared by both backends: Polish folding, a light stemmer, identifiers."""

from __future__ import annotations

import re

POLISH_ACCENTED = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
POLISH_PLAIN = "acelnoszzACELNOSZZ"

#: Inflectional endings (folded) the database backend cuts off, longest first. Crude next to
#: hunspell, but enough for "podatkami" / "działkach" / "nieruchomościach" to meet their
#: nominatives as substrings; a stem keeps at least MIN_STEM letters so short words stay whole.
_ENDINGS = sorted(
    (
        "ami", "ach", "ow", "om", "ymi", "imi", "ych", "ich", "ego", "emu", "iej", "ej",
        "owi", "ie", "ze", "y", "a", "e", "i", "u", "o",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
MIN_STEM = 4

WORD = re.compile(r"[\w§]+(?:[./-]\w+)*", re.UNICODE)
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


#: The lower-case letters fold replaces, with their plain forms.
_FOLD_PAIRS = tuple(
    (accented, plain)
    for accented, plain in zip(POLISH_ACCENTED, POLISH_PLAIN, strict=True)
    if accented.islower()
)


def fold(text: str) -> str:
    """Lower case without Polish diacritics, one character for one: "Źródło" → "zrodlo".

    The same as translating with a table and lower-casing, several times faster: nine ``replace``
    calls over the lower-cased text cost less than ``translate``'s look-up per character (a
    re-index folds a million titles and texts).
    """
    text = text.lower()
    for accented, plain in _FOLD_PAIRS:
        if accented in text:
            text = text.replace(accented, plain)
    return text


def stem(word: str) -> str:
    """A folded word without its inflectional ending ("podatkami" → "podatk")."""
    word = fold(word)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def words(text: str) -> list[str]:
    """The words of a query, as typed (identifiers such as 18/1 or 47.11.Z stay whole)."""
    return WORD.findall(text)


def identifier_variants(value: str) -> set[str]:
    """An identifier as typed with separators and without: "KR1E/0001/2" → itself, "KR1E00012"."""
    # str.split() and the regular expressions' \s agree on what whitespace is; the plain string
    # methods are several times faster (a re-index takes variants of millions of identifiers).
    value = "".join(value.split()).upper()
    if not value:
        return set()
    if value.isalnum():  # nothing for _NOT_ALNUM to take out
        return {value}
    return {value, _NOT_ALNUM.sub("", value)} - {""}


def query_identifiers(query: str) -> set[str]:
    """Identifier forms a query may mean: the whole query compacted, and each word."""
    variants = identifier_variants(query)
    for part in query.split():
        variants |= identifier_variants(part)
    # Short numbers ("12") would match any house or parcel number: not an identifier.
    return {variant for variant in variants if sum(char.isdigit() for char in variant) >= 3}
