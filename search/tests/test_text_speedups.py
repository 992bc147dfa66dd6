"""Text helpers made fast give exactly what their plain forms give: folding, identifiers."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from search.text import POLISH_ACCENTED, POLISH_PLAIN, fold, identifier_variants

_TABLE = str.maketrans(POLISH_ACCENTED, POLISH_PLAIN)


def reference_fold(text: str) -> str:
    return text.translate(_TABLE).lower()


def test_polish_words_lose_their_diacritics_and_case():
    assert fold("Źródło ŻÓŁĆ gęślą jaźń") == "zrodlo zolc gesla jazn"
    assert fold("NIEruchomościach") == "nieruchomosciach"


def test_letters_of_other_languages_keep_theirs():
    assert fold("Straße Ærø Čech") == "straße ærø čech"


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(POLISH_ACCENTED + POLISH_PLAIN + " İßẞΣς-./§0123456789"),
            st.characters(),
        ),
        max_size=60,
    )
)
def test_fold_equals_the_translation_table(text):
    assert fold(text) == reference_fold(text)


def reference_identifier_variants(value: str) -> set[str]:
    value = re.sub(r"\s+", "", value).upper()
    if not value:
        return set()
    return {value, re.sub(r"[\W_]+", "", value)} - {""}


def test_identifier_variants_with_and_without_separators():
    assert identifier_variants(" kr1e/0001/2 ") == {"KR1E/0001/2", "KR1E00012"}
    assert identifier_variants("5492345686") == {"5492345686"}
    assert identifier_variants("47.11.Z") == {"47.11.Z", "4711Z"}
    assert identifier_variants(" \t") == set()
    assert identifier_variants("--") == {"--"}


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(st.sampled_from("0123456789KRZ./-_ \t\u00a0\u2003ßąż"), st.characters()),
        max_size=30,
    )
)
def test_identifier_variants_equal_the_regular_expressions(value):
    assert identifier_variants(value) == reference_identifier_variants(value)
