"""Polish-aware analysis in the real search engine (OpenSearch in `make test`).

The demo site is indexed through Wagtail's engine backend with the settings of
`search.analysis`; queries with other inflections than the page text, or typed without Polish
letters, must still find the right pages.
"""

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.analysis import FULL_TEXT_ANALYZER, polish_index_settings

pytestmark = pytest.mark.search_engine

GUIDE = "Informator dla mieszkańców"
TAXES = "Podatki i opłaty lokalne w e-Urzędzie"
HOME = "Gmina Zator"
CARP_DAYS = "Dni Karpia w Zatorze"


@pytest.fixture
def backend(demo_site):
    call_command("update_index", verbosity=0)
    return get_search_backend()


def _titles(backend, query):
    return [page.title for page in backend.search(query, Page.objects.live())]


def _autocomplete_titles(backend, query):
    return [page.title for page in backend.autocomplete(query, Page.objects.live())]


def _analyze(backend, text, analyzer=FULL_TEXT_ANALYZER):
    """Tokens of `text` as the live page index analyses them (opensearch-py or elasticsearch 8)."""
    index = backend.get_index_for_model(Page).name
    client = backend.es
    if type(client).__module__.startswith("opensearchpy"):
        answer = client.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    else:
        answer = client.indices.analyze(index=index, analyzer=analyzer, text=text)
    return [token["token"] for token in answer["tokens"]]


def test_settings_are_the_backend_index_settings(backend):
    analysis = backend.settings["settings"]["analysis"]
    ours = polish_index_settings()["settings"]["analysis"]
    assert analysis["analyzer"][FULL_TEXT_ANALYZER] == ours["analyzer"][FULL_TEXT_ANALYZER]
    assert analysis["filter"]["polish_hunspell"] == {
        "type": "hunspell",
        "locale": "pl_PL",
        "dedup": True,
    }
    # Wagtail's own filters, which the autocomplete analyzers use, survive the merge.
    assert {"edgengram", "ngram"} <= set(analysis["filter"])


def test_index_analyzer_stems_polish_words_and_keeps_both_spellings(backend):
    tokens = _analyze(backend, "działkach")
    assert "działka" in tokens  # the hunspell stem
    assert "działkach" in tokens  # the word as written
    assert "dzialkach" in tokens  # and without diacritics
    assert "dzialka" in tokens

    assert set(_analyze(backend, "Podatkami")) >= {"podatkami", "podatek"}
    assert "zator" in _analyze(backend, "Zatorze")
    assert "zator" in _analyze(backend, "Zatora")  # a place name, known to the dictionary


def test_autocomplete_analyzer_indexes_folded_and_original_prefixes(backend):
    tokens = _analyze(backend, "Źródło", analyzer="edgengram_analyzer")
    assert {"źr", "źródło", "zr", "zrodlo"} <= set(tokens)


# (query, a page it must find) -- one test, as each test indexes the demo site again (~3 s).
INFLECTED_AND_FOLDED_QUERIES = [
    ("podatkami", TAXES),  # instrumental; the page says "podatki", "podatek", "podatku"
    ("podatków", TAXES),
    ("podatkach", TAXES),
    ("informatora", GUIDE),  # genitive of "Informator"
    ("informatorze", GUIDE),
    ("mieszkańcowi", GUIDE),  # dative; the title has the genitive plural
    ("mieszkancow", GUIDE),  # no diacritics
    ("MIESZKAŃCÓW", GUIDE),
    ("oplaty lokalne", TAXES),  # no diacritics
    ("Zatorze", HOME),  # locative of the place name in the title "Gmina Zator"
    ("Zator", CARP_DAYS),  # the title says "w Zatorze"
]


def test_inflected_forms_and_missing_diacritics_find_the_page(backend):
    missed = [
        (query, title)
        for query, title in INFLECTED_AND_FOLDED_QUERIES
        if title not in _titles(backend, query)
    ]
    assert missed == []


def test_stemmed_query_ranks_the_guide_first(backend):
    assert _titles(backend, "informatora dla mieszkańców")[0] == GUIDE


def test_unrelated_words_still_find_nothing(backend):
    assert _titles(backend, "hipopotamami") == []


def test_autocomplete_matches_with_and_without_diacritics(backend):
    for query in ["informat", "mieszkańc", "mieszkanc", "Informator dla mieszkańców"]:
        assert GUIDE in _autocomplete_titles(backend, query), query
