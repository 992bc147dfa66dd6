"""The public pages of the registers: lists with filters, details, budget tree and comparison."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import CharField, F, Value

from eservices.public_records.filters import Folded, fold_text
from eservices.public_records.models import BudgetLine, BusinessEntry, ImportRun, Parcel
from eservices.public_records.models.business import BusinessStatus
from eservices.public_records.views import LIST_PAGE_SIZE

from .pages_fixtures import records_demo, records_demo_module  # noqa: F401

pytestmark = pytest.mark.usefixtures("records_demo")


def test_index_links_the_three_registers_and_the_budget_years(client):
    response = client.get("/rejestry/")
    assert response.status_code == 200
    html = response.content.decode()
    for url in ("/rejestry/budzet/2025/", "/rejestry/budzet/2026/", "/rejestry/mienie/"):
        assert f'href="{url}"' in html
    assert 'href="/rejestry/dzialalnosc-gospodarcza/"' in html
    assert "300 wpisów" in html


def test_business_list_paginates_and_counts_everything(client):
    response = client.get("/rejestry/dzialalnosc-gospodarcza/")
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == 300
    assert len(page.object_list) == LIST_PAGE_SIZE
    html = response.content.decode()
    assert '<nav aria-label="Strony wyników" class="pagination">' in html
    assert "?strona=2" in html


def test_business_text_filter_ignores_case_and_polish_accents(client):
    entry = BusinessEntry.objects.filter(business_name__regex=r"[ąćęłńóśźżŁŚŻŹ]").first()
    assert entry is not None, "the demo has firm names with Polish letters"
    word = max(entry.business_name.split(), key=len)
    plain = word.translate(str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")).upper()
    assert plain != word
    response = client.get("/rejestry/dzialalnosc-gospodarcza/", {"q": plain})
    found = list(response.context["filter"].qs)
    assert entry in found
    assert all(word.lower() in " ".join(_business_text(e)).lower() for e in found)


def _business_text(entry: BusinessEntry) -> list[str]:
    return [
        entry.business_name,
        entry.owner_first_name,
        entry.owner_last_name,
        entry.town,
        entry.street,
        entry.nip,
        entry.regon,
    ]


def test_business_facets_select_exactly_the_matching_entries(client):
    entry = BusinessEntry.objects.filter(status=BusinessStatus.ACTIVE).first()
    section = entry.pkd_codes.first().section
    response = client.get(
        "/rejestry/dzialalnosc-gospodarcza/",
        {"miejscowosc": entry.town, "status": "active", "sekcja_pkd": section},
    )
    expected = set(
        BusinessEntry.objects.filter(
            town=entry.town, status="active", pkd_codes__section=section
        ).values_list("pk", flat=True)
    )
    assert response.context["page_obj"].paginator.count == len(expected)
    assert {e.pk for e in response.context["filter"].qs} == expected


def test_an_invalid_filter_shows_its_error_and_no_rows(client):
    response = client.get("/rejestry/dzialalnosc-gospodarcza/", {"status": "nieznany"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_status-error"' in html


def test_export_links_carry_the_filters_but_not_the_page(client):
    response = client.get("/rejestry/mienie/", {"status": "for_sale", "strona": "1"})
    links = dict(response.context["export_links"])
    csv_link = next(url for label, url in links.items() if label.startswith("CSV"))
    assert csv_link == "/api/rejestry/mienie/eksport.csv?status=for_sale"


def test_business_detail_shows_published_data_source_and_metryka(client):
    entry = BusinessEntry.objects.first()
    response = client.get(f"/rejestry/dzialalnosc-gospodarcza/{entry.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert entry.nip in html
    assert "Metryka informacji publicznej" in html
    assert "Urząd Miejski w Zatorze" in html
    assert "dzialalnosc-gospodarcza.csv" in html and "Dane demonstracyjne e-Urząd" in html


def test_unknown_record_is_404(client):
    assert client.get("/rejestry/mienie/999999/").status_code == 404
    assert client.get("/rejestry/mienie/99999999999999999999999/").status_code == 404
    assert client.get("/rejestry/budzet/1999/").status_code == 404


def test_parcel_detail_shows_area_and_status(client):
    parcel = Parcel.objects.first()
    html = client.get(f"/rejestry/mienie/{parcel.pk}/").content.decode()
    assert parcel.area_display in html
    assert parcel.get_status_display() in html


def test_budget_tree_sums_add_up_at_every_level(client):
    response = client.get("/rejestry/budzet/2026/")
    assert response.status_code == 200
    for line_type, _label, tree in response.context["trees"]:
        lines = BudgetLine.objects.filter(budget_year__year=2026, line_type=line_type)
        assert tree.plan_after_amendments == sum(line.plan_after_amendments for line in lines)
        assert tree.execution == sum(d.execution for d in tree.divisions)
        for division in tree.divisions:
            assert division.initial_plan == sum(c.initial_plan for c in division.chapters)
            for chapter in division.chapters:
                assert chapter.plan_after_amendments == sum(
                    p.plan_after_amendments for p in chapter.paragraphs
                )
    html = response.content.decode()
    assert 'id="dzial-expense-' in html and '<details class="accordion__item"' in html
    assert "<caption>" in html and 'scope="row"' in html


def test_budget_index_redirects_to_the_newest_year(client):
    response = client.get("/rejestry/budzet/")
    assert response.status_code == 302 and response["Location"] == "/rejestry/budzet/2026/"


def test_budget_comparison_puts_years_side_by_side(client):
    response = client.get("/rejestry/budzet/porownanie/", {"lata": "2025,2026"})
    assert response.status_code == 200
    assert response.context["years"] == [2025, 2026]
    table = response.context["table"]
    assert table
    first = table[0]
    plan_2025 = sum(
        line.plan_after_amendments
        for line in BudgetLine.objects.filter(
            budget_year__year=2025, line_type="expense", division__code=first["code"]
        )
    )
    assert first["cells"][0][0] == plan_2025
    if plan_2025:
        expected = (first["cells"][1][0] - plan_2025) * 100 / plan_2025
        assert first["change"] == expected.quantize(Decimal("0.01"))


def test_budget_comparison_rejects_a_single_or_unknown_year(client):
    response = client.get("/rejestry/budzet/porownanie/", {"lata": "2025"})
    assert response.status_code == 400
    assert "Wybierz od 2 do 5 lat." in response.content.decode()
    assert client.get("/rejestry/budzet/porownanie/", {"lata": "2025,1990"}).status_code == 400
    assert client.get("/rejestry/budzet/porownanie/", {"lata": "x"}).status_code == 400


def test_budget_comparison_without_parameters_shows_the_two_newest_years(client):
    response = client.get("/rejestry/budzet/porownanie/")
    assert response.status_code == 200 and response.context["years"] == [2025, 2026]


def test_list_metryka_names_the_latest_import(client):
    html = client.get("/rejestry/mienie/").content.decode()
    run = ImportRun.objects.get(kind="property")
    assert run.file_name in html and "Źródło danych" in html


def test_pages_work_in_english_too(client):
    response = client.get("/en/rejestry/mienie/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_database_folding_matches_the_python_folding():
    folded = Parcel.objects.annotate(folded=Folded(F("precinct_name"))).values_list(
        "precinct_name", "folded"
    )
    pairs = set(folded)
    assert any(name != plain for name, plain in pairs)
    assert all(plain == fold_text(name) for name, plain in pairs)


@pytest.mark.postgres
def test_postgresql_folds_polish_capitals_and_small_letters():
    value = Value("ŻÓŁTA Gęś Źdźbło", output_field=CharField())
    folded = Parcel.objects.annotate(folded=Folded(value)).values_list("folded", flat=True)
    assert folded.first() == "zolta ges zdzbło".replace("ł", "l")
