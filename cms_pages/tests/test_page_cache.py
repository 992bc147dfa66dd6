"""The anonymous page cache: what it stores, what it never stores, and when it empties."""

from django.contrib.auth import get_user_model

from cms_pages.models import ProjectPage


def test_second_anonymous_request_is_served_from_the_cache(client, demo_site):
    first = client.get("/ezator/")
    second = client.get("/ezator/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_empties_the_cache_at_once(client, demo_site):
    client.get("/ezator/")
    page = ProjectPage.objects.get()
    page.title = "Projekt eZator – podsumowanie"
    page.save_revision().publish()
    response = client.get("/ezator/")
    assert response["X-Page-Cache"] == "miss"
    assert "<h1>Projekt eZator – podsumowanie</h1>" in response.text


def test_unpublishing_empties_the_cache(client, demo_site):
    assert client.get("/ezator/").status_code == 200
    ProjectPage.objects.get().unpublish()
    assert client.get("/ezator/").status_code == 404


def test_logged_in_users_bypass_the_cache(client, demo_site):
    client.get("/ezator/")  # cached for anonymous readers
    editor = get_user_model().objects.create_user("redaktor", password="x" * 16)
    client.force_login(editor)
    response = client.get("/ezator/")
    assert "X-Page-Cache" not in response


def test_requests_with_any_session_are_not_served_from_the_cache(client, demo_site):
    client.get("/ezator/")
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get("/ezator/")


def test_post_requests_are_not_cached(client, demo_site):
    response = client.post("/ezator/")
    assert "X-Page-Cache" not in response


def test_not_found_is_not_cached(client, demo_site):
    client.get("/nie-ma/")
    assert "X-Page-Cache" not in client.get("/nie-ma/")


def test_hits_vary_on_the_cookie_like_misses(client, demo_site):
    miss = client.get("/ezator/")
    hit = client.get("/ezator/")
    assert hit["X-Page-Cache"] == "hit"
    assert "Cookie" in hit["Vary"]
    assert "Cookie" in miss["Vary"]


def test_an_entry_of_an_older_generation_is_a_miss(client, demo_site):
    from cms_pages import page_cache

    client.get("/ezator/")
    page_cache.invalidate_all()
    assert client.get("/ezator/")["X-Page-Cache"] == "miss"


def test_a_hit_carries_the_headers_of_the_whole_middleware_chain(client, demo_site):
    miss = client.get("/ezator/")
    hit = client.get("/ezator/")
    assert hit["X-Page-Cache"] == "hit"
    for header in ("X-Frame-Options", "Content-Language", "Vary"):
        assert hit[header] == miss[header], header


def test_routes_that_are_not_pages_are_never_cached(client, demo_site):
    client.get("/health/live")
    assert "X-Page-Cache" not in client.get("/health/live")
    client.get("/szukaj/", {"q": "zator"})
    assert "X-Page-Cache" not in client.get("/szukaj/", {"q": "zator"})


def test_making_a_page_private_empties_the_cache(client, demo_site):
    from wagtail.models import PageViewRestriction

    assert client.get("/ezator/")["X-Page-Cache"] == "miss"
    PageViewRestriction.objects.create(
        page=ProjectPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/ezator/")
    assert response.status_code == 302  # to the login page, not the cached copy


def test_unknown_query_parameters_bypass_the_cache(client, demo_site):
    client.get("/ezator/", {"utm_source": "x"})
    assert "X-Page-Cache" not in client.get("/ezator/", {"utm_source": "x"})
    client.get("/aktualnosci/", {"strona": "1"})
    assert client.get("/aktualnosci/", {"strona": "1"})["X-Page-Cache"] == "hit"


def test_a_lost_generation_never_revives_older_entries(client, demo_site):
    from django.core.cache import cache

    from cms_pages import page_cache

    client.get("/ezator/")
    page_cache.invalidate_all()
    cache.delete(page_cache.GENERATION_KEY)  # evicted
    assert client.get("/ezator/")["X-Page-Cache"] == "miss"
