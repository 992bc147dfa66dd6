"""Reading the configuration from the environment."""

import pytest

from eurzad.settings.environment import (
    UnsafeConfiguration,
    production_problems,
    read_environment,
)

SAFE_PRODUCTION = {
    "DJANGO_SECRET_KEY": "k" * 64,
    "PERSONAL_DATA_KEY": "p" * 48,
    "TRUSTED_PROFILE": "login.gov.pl",
    "DJANGO_ALLOWED_HOSTS": "eurzad.zator.pl",
    "DATABASE_URL": "postgres://eurzad:secret@db.internal:5432/eurzad",
}


def test_defaults_are_the_embedded_ones():
    config = read_environment({})
    assert config.database["ENGINE"] == "django.db.backends.sqlite3"
    assert config.search.engine == "database"
    assert config.search.wagtail_backends()["default"]["BACKEND"] == (
        "wagtail.search.backends.database"
    )
    assert config.debug is False
    assert config.allowed_hosts == []
    assert config.cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_database_url_switches_to_postgres_with_a_connect_timeout():
    config = read_environment({"DATABASE_URL": "postgres://u:p@127.0.0.1:5433/portal"})
    assert config.database["ENGINE"] == "django.db.backends.postgresql"
    assert config.database["NAME"] == "portal"
    assert config.database["PORT"] == 5433
    assert config.database["OPTIONS"]["connect_timeout"] == 5
    assert config.database["OPTIONS"]["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    config = read_environment(
        {
            "DATABASE_URL": "postgres://u:p@127.0.0.1:5433/portal",
            "DATABASE_PREPARED_STATEMENTS": "false",
        }
    )
    assert config.database["OPTIONS"]["prepare_threshold"] is None


def test_search_url_alone_selects_opensearch2():
    config = read_environment({"SEARCH_URL": "http://127.0.0.1:9200"})
    backend = config.search.wagtail_backends()["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["http://127.0.0.1:9200"]


def test_search_engine_elasticsearch8_is_a_setting():
    config = read_environment(
        {"SEARCH_URL": "https://es.internal:9200", "SEARCH_ENGINE": "elasticsearch8"}
    )
    assert config.search.wagtail_backends()["default"]["BACKEND"] == (
        "wagtail.search.backends.elasticsearch8"
    )


@pytest.mark.parametrize(
    ("variables", "sentence"),
    [
        ({"SEARCH_ENGINE": "solr", "SEARCH_URL": "http://x:1"}, "SEARCH_ENGINE must be one of"),
        ({"SEARCH_ENGINE": "opensearch2"}, "SEARCH_URL is not set"),
        ({"SEARCH_URL": "127.0.0.1:9200"}, "SEARCH_URL must be an http(s) URL"),
        ({"DATABASE_URL": "mysql://u:p@h/db"}, "DATABASE_URL must name PostgreSQL"),
        ({"DATABASE_URL": "nonsense://"}, "DATABASE_URL must name PostgreSQL"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false"),
        ({"PAGE_CACHE_SECONDS": "ten"}, "PAGE_CACHE_SECONDS must be a whole number"),
        ({"SEARCH_RESULTS_CACHE_SECONDS": "x"}, "SEARCH_RESULTS_CACHE_SECONDS must be a whole"),
        ({"PORTAL_THEME": "nonexistent"}, "themes/nonexistent/templates does not exist"),
    ],
)
def test_bad_values_are_reported_in_one_sentence_each(variables, sentence):
    with pytest.raises(UnsafeConfiguration) as raised:
        read_environment(variables)
    assert len(raised.value.problems) == 1
    assert sentence in raised.value.problems[0]


def test_a_safe_production_configuration_has_no_problems():
    assert production_problems(read_environment(SAFE_PRODUCTION)) == []


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is not set"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY is too weak"),
        ({"PERSONAL_DATA_KEY": ""}, "PERSONAL_DATA_KEY is not set"),
        ({"PERSONAL_DATA_KEY": "short"}, "PERSONAL_DATA_KEY is too weak"),
        ({"PERSONAL_DATA_KEY": "k" * 64}, "PERSONAL_DATA_KEY is too weak"),
        ({"TRUSTED_PROFILE": ""}, "TRUSTED_PROFILE is not set"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG is on"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS is empty"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS contains '*'"),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "does not name PostgreSQL"),
    ],
)
def test_each_unsafe_production_setting_has_its_own_message(change, sentence):
    problems = production_problems(read_environment({**SAFE_PRODUCTION, **change}))
    assert len(problems) == 1
    assert sentence in problems[0]


def test_engine_indexes_carry_the_configured_prefix():
    backend = read_environment(
        {"SEARCH_URL": "http://127.0.0.1:9200", "SEARCH_INDEX_PREFIX": "zator"}
    ).search.wagtail_backends()["default"]
    assert backend["INDEX_PREFIX"] == "zator_"
    assert "INDEX" not in backend  # modelsearch ignores it; INDEX_PREFIX is what it reads


def test_trusted_profile_variables_become_the_settings_dict():
    config = read_environment(
        {
            "TRUSTED_PROFILE": "login.gov.pl",
            "TRUSTED_PROFILE_IDP_SSO_URL": " https://login.gov.pl/login/SingleSignOnService ",
            "TRUSTED_PROFILE_IDP_CERTIFICATES": "/run/saml/a.crt, /run/saml/b.crt",
            "TRUSTED_PROFILE_PROVIDER_NAME": "",
        }
    )
    assert config.trusted_profile == {
        "profile": "login.gov.pl",
        "idp_sso_url": "https://login.gov.pl/login/SingleSignOnService",
        "idp_certificates": ["/run/saml/a.crt", "/run/saml/b.crt"],
    }
    assert read_environment({}).trusted_profile == {}


def test_search_results_cache_is_left_to_its_rule_unless_set():
    def seconds(value: str) -> int | None:
        variables = {"SEARCH_RESULTS_CACHE_SECONDS": value} if value else {}
        return read_environment(variables).search_results_cache_seconds

    assert seconds("") is None
    assert seconds("0") == 0
    assert seconds("30") == 30
