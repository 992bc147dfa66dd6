"""Polish-aware text analysis for the real search engine (OpenSearch 2 / Elasticsearch 8).

Wagtail's engine backends (the `modelsearch` package) build each index from their own
analysis settings, deep-merged with the backend's ``INDEX_SETTINGS``:

* full-text ``SearchField``s (and the ``_all_text`` catch-all field they are copied into) get
  no explicit analyzer in the mapping, so the index's ``default`` analyzer analyses them both
  when indexing and when searching;
* ``AutocompleteField``s (and ``_edgengrams``) use ``edgengram_analyzer`` when indexing and
  the built-in ``standard`` analyzer (which only lowercases) when searching.

`polish_index_settings()` therefore overrides ``default`` with a Polish analyzer and redefines
``edgengram_analyzer`` / ``ngram_analyzer`` so that both spellings of a word are indexed:

* ``keyword_repeat`` + hunspell ``pl_PL``: every word is indexed as written *and* as its
  dictionary stems, so "podatkami", "podatków" and "podatki" all meet at "podatek", while an
  unknown word (a name, a word typed without its diacritics) still matches itself;
* ``asciifolding`` with ``preserve_original``: "źródło" is indexed as "źródło" and "zrodlo",
  so a query typed without Polish letters still finds the page;
* ``remove_duplicates`` drops the copies these steps make of words that do not change.

The hunspell dictionary is read from ``<engine config>/hunspell/pl_PL/`` (``.aff`` + ``.dic``);
the dev-service launcher (``eurzad.devservices``) installs it there. A production engine needs
the same files, otherwise creating the index fails with "failed to find hunspell dictionary".
"""

from __future__ import annotations

from typing import Any

HUNSPELL_LOCALE = "pl_PL"

#: Name of the analyzer the index uses for full-text fields (Elasticsearch's reserved name).
FULL_TEXT_ANALYZER = "default"

_FILTERS: dict[str, dict[str, Any]] = {
    "polish_hunspell": {"type": "hunspell", "locale": HUNSPELL_LOCALE, "dedup": True},
    "polish_folding": {"type": "asciifolding", "preserve_original": True},
}

_FULL_TEXT_CHAIN = [
    "keyword_repeat",  # keep the word as written next to its stems
    # Before lowercasing: hunspell tries a capitalised word both as written and lowercased,
    # so proper names in the dictionary ("Zatora" -> "zator") are stemmed as well as
    # ordinary words ("Podatkami" -> "podatek"); "zatora" typed in lower case is not.
    "polish_hunspell",
    "lowercase",
    "polish_folding",
    "remove_duplicates",
]

# Wagtail's own chains are asciifolding + lowercase + (edge)ngram; folding here keeps the
# original as well, because the autocomplete *search* analyzer ("standard") does not fold.
_AUTOCOMPLETE_CHAIN = ["lowercase", "polish_folding", "edgengram"]
_NGRAM_CHAIN = ["lowercase", "polish_folding", "ngram"]


def polish_analysis() -> dict[str, Any]:
    """The ``analysis`` section: filters and analyzers (merged over Wagtail's defaults)."""
    return {
        "filter": {name: dict(config) for name, config in _FILTERS.items()},
        "analyzer": {
            FULL_TEXT_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": list(_FULL_TEXT_CHAIN),
            },
            "edgengram_analyzer": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": list(_AUTOCOMPLETE_CHAIN),
            },
            "ngram_analyzer": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": list(_NGRAM_CHAIN),
            },
        },
    }


def polish_index_settings() -> dict[str, Any]:
    """``INDEX_SETTINGS`` for Wagtail's opensearch2 / elasticsearch8 backends.

    The backends deep-merge this into their defaults, which still supply the ``edgengram``
    and ``ngram`` token filters the autocomplete analyzers above refer to.
    """
    return {"settings": {"analysis": polish_analysis()}}
