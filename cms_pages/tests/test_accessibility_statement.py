"""The accessibility statement page (deklaracja dostępności) and the GDPR information clause."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.snippets.models import get_snippet_models

from cms_pages.demo_accessibility import STATEMENT
from cms_pages.models import AccessibilityStatementPage, ContentPage, GdprClause, HomePage
from cms_pages.models.accessibility import (
    STATEMENT_ELEMENT_IDS,
    AssessmentMethod,
    ComplianceStatus,
)
from cms_pages.snippets import GdprClauseBlock

from .language_helpers import add_statement, demo_statement, translate

ID_PATTERN = re.compile(r'\bid="(a11y-[a-z-]+)"')


@pytest.fixture(autouse=True)
def _polish_after_each_test():
    """A request to /en/ leaves English active in the thread; later tests expect Polish."""
    yield
    translation.activate("pl")


@pytest.fixture
def statement(demo_site):
    return demo_statement(demo_site)


def _ids(html: str) -> Counter:
    return Counter(ID_PATTERN.findall(html))


def test_every_element_id_of_the_official_template_appears_exactly_once(client, statement):
    response = client.get("/deklaracja-dostepnosci/")
    assert response.status_code == 200
    ids = _ids(response.text)
    assert {name: ids[name] for name in STATEMENT_ELEMENT_IDS} == dict.fromkeys(
        STATEMENT_ELEMENT_IDS, 1
    )


def test_the_template_ids_include_the_ones_the_law_names():
    required = {
        "a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja",
        "a11y-data-aktualizacja", "a11y-status", "a11y-ocena", "a11y-data-sporzadzenie",
        "a11y-kontakt", "a11y-osoba", "a11y-email", "a11y-telefon", "a11y-procedura",
        "a11y-architektura", "a11y-aplikacje",
    }  # fmt: skip
    assert required <= set(STATEMENT_ELEMENT_IDS)


def test_dates_are_machine_readable_in_the_template_format(client, statement):
    html = client.get("/deklaracja-dostepnosci/").text
    assert '<time id="a11y-data-publikacja" datetime="2012-01-02">2012-01-02</time>' in html
    assert '<time id="a11y-data-przeglad" datetime="2026-03-16">2026-03-16</time>' in html


def test_statement_shows_status_entity_contact_and_non_accessible_content(client, statement):
    html = client.get("/deklaracja-dostepnosci/").text
    assert '<span id="a11y-podmiot">Urząd Miejski w Zatorze</span>' in html
    assert "Strona internetowa jest <strong>częściowo zgodna</strong>" in html
    assert "skany bez warstwy tekstowej" in html
    assert 'href="mailto:dostepnosc@zator.example.pl"' in html
    assert "Rzecznika Praw Obywatelskich" in html
    assert "Podmiot nie udostępnia aplikacji mobilnych." in html


def test_external_audit_names_the_auditor_once(client, statement):
    statement.assessment_method = AssessmentMethod.EXTERNAL_AUDIT
    statement.auditor_name = "Fundacja Dostępna Małopolska"
    statement.save_revision().publish()
    html = client.get("/deklaracja-dostepnosci/").text
    assert _ids(html)["a11y-audytor"] == 1
    assert "Fundacja Dostępna Małopolska" in html


def test_partial_compliance_without_the_list_of_non_accessible_content_is_refused(demo_site):
    page = AccessibilityStatementPage(**add_statement_fields(status="czesciowo-zgodna"))
    page.non_accessible_content = "<p></p>"
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "non_accessible_content" in error.value.message_dict


def test_compliant_statement_needs_no_list_but_an_audit_needs_its_auditor(demo_site):
    page = AccessibilityStatementPage(**add_statement_fields(status=ComplianceStatus.COMPLIANT))
    page.non_accessible_content = ""
    page.clean()  # valid as it is
    page.assessment_method = AssessmentMethod.EXTERNAL_AUDIT
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert set(error.value.message_dict) == {"auditor_name"}


def test_statement_lives_only_under_the_home_page(demo_site):
    demo_statement(demo_site).delete()
    assert AccessibilityStatementPage.can_create_at(demo_site)
    assert not AccessibilityStatementPage.can_create_at(ContentPage.objects.first())
    add_statement(demo_site)
    assert not AccessibilityStatementPage.can_create_at(HomePage.objects.get(pk=demo_site.pk))


def test_english_statement_keeps_the_ids_and_translates_the_template_text(client, statement):
    translate(HomePage.objects.get(slug="gmina-zator"), "en", title="Zator Municipality")
    translate(statement, "en", title="Accessibility statement")
    html = client.get("/en/deklaracja-dostepnosci/").text
    ids = _ids(html)
    assert all(ids[name] == 1 for name in STATEMENT_ELEMENT_IDS)
    assert "Date of publication of the website:" in html


def add_statement_fields(**changes) -> dict:
    """The demo statement's field values with some changed."""
    return {**STATEMENT.fields(), **changes}


# GDPR information clause


@pytest.fixture
def clause(demo_site):
    return GdprClause.objects.create(
        title="Klauzula informacyjna – podatek od nieruchomości",
        controller="<p>Burmistrz Zatora, pl. Marszałka J. Piłsudskiego 17, 32-640 Zator.</p>",
        dpo_contact="<p>iod@zator.example.pl</p>",
        purposes="<p>Wymiar i pobór podatku od nieruchomości.</p>",
        legal_basis="<p>Art. 6 ust. 1 lit. c RODO w związku z ustawą o podatkach "
        "i opłatach lokalnych.</p>",
        recipients="<p>Podmioty przetwarzające na zlecenie urzędu.</p>",
        retention="<p>5 lat od końca roku (kategoria archiwalna B5).</p>",
        rights="<p>Dostęp, sprostowanie, ograniczenie; skarga do Prezesa UODO.</p>",
    )


def test_gdpr_clause_is_a_registered_snippet():
    assert GdprClause in get_snippet_models()


def test_gdpr_clause_block_renders_every_part_with_its_label(clause):
    with translation.override("pl"):
        html = GdprClauseBlock().render(clause)
    assert "Klauzula informacyjna – podatek od nieruchomości</h2>" in html
    for label in ("Administrator danych", "Podstawa prawna", "Okres przechowywania"):
        assert f"<dt>{label}</dt>" in html
    assert "Prezesa UODO" in html
    assert "Inne informacje" not in html  # an empty part is left out


def test_gdpr_clause_block_shows_the_translation_of_the_reader_language(clause):
    from wagtail.models import Locale

    english = clause.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.title = "Information clause – property tax"
    english.save()
    with translation.override("en"):
        html = GdprClauseBlock().render(clause)
    assert "Information clause – property tax" in html
    assert "<dt>Data controller</dt>" in html


def test_gdpr_clause_block_renders_nothing_without_a_clause():
    assert (
        render_to_string("cms_pages/blocks/gdpr_clause_block.html", {"value": None}).strip() == ""
    )
