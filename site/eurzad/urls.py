"""The portal's URLs: admin, documents, search, health, then the (cached) page tree."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms_pages import feeds, seo
from cms_pages import urls as page_urls
from cms_pages.api import api_router
from eservices.accounts import saml_urls
from eservices.accounts import urls as account_urls
from eservices.personal_area import urls as personal_area_urls
from search import views as search_views

from . import health
from .security import urls as security_urls

urlpatterns = [
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("django-admin/", admin.site.urls),
    # The staff second factor comes before the admin's own URLs it guards.
    path("admin/", include(security_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenty/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("api/v2/", api_router.urls),
    path("api/szukaj/", include("search.api_urls")),  # search API: results, autocomplete
    path("api/", include("eservices.public_records.api_urls")),  # /api/rejestry/, schema, docs
    path("saml/", include(saml_urls)),
    path("robots.txt", seo.robots_txt, name="robots-txt"),
    path("kanaly/aktualnosci.rss", feeds.NewsFeed(), name="feed-news-rss"),
    path("kanaly/aktualnosci.atom", feeds.NewsAtomFeed(), name="feed-news-atom"),
    path("kanaly/ogloszenia.rss", feeds.NoticeFeed(), name="feed-notices-rss"),
    path("kanaly/ogloszenia.atom", feeds.NoticeAtomFeed(), name="feed-notices-atom"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Polish at /, English at /en/, Ukrainian at /uk/: the search page and the page tree (each
# locale's tree is served under its language prefix by Wagtail's localisation).
urlpatterns += i18n_patterns(
    path("szukaj/", search_views.search, name="search"),
    path("", include(account_urls)),
    path("moj-e-urzad/", include(personal_area_urls)),
    path("rejestry/", include("eservices.public_records.urls")),
    path("", include(page_urls)),
    prefix_default_language=False,
)
