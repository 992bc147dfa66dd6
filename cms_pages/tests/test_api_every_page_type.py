"""The headless API serves every page type with its own fields, metryka and change register."""

from wagtail.models import get_page_models


def test_every_page_type_is_served_with_its_fields_and_metryka(client, demo_site):
    checked = []
    for model in get_page_models():
        if model._meta.app_label != "cms_pages":
            continue
        page = model.objects.live().public().order_by("path").first()
        assert page is not None, f"the demo content has no {model.__name__}"
        response = client.get(f"/api/v2/pages/{page.pk}/")
        assert response.status_code == 200, model.__name__
        body = response.json()
        assert body["meta"]["type"] == f"cms_pages.{model.__name__}"
        for field in ("metryka", "change_register"):
            assert field in body, (model.__name__, field)
        for api_field in model.api_fields:
            assert api_field.name in body, (model.__name__, api_field.name)
        assert body["title"] == page.title
        checked.append(model.__name__)
    assert len(checked) >= 16


def test_listing_by_type_returns_only_that_type(client, demo_site):
    response = client.get("/api/v2/pages/", {"type": "cms_pages.NewsArticlePage", "fields": "date"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert items
    assert all(item["meta"]["type"] == "cms_pages.NewsArticlePage" for item in items)
    assert all("date" in item for item in items)
