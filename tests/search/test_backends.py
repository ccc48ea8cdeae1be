"""The backend comes from settings; nothing depends on the database backend."""

import importlib.util

import pytest

from search.models import SearchSynonym
from tests.conftest import SEED_URL

from .conftest import results


def backends_with(monkeypatch, **env):
    """WAGTAILSEARCH_BACKENDS["default"] as the settings compute it for ``env``."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # A fresh copy of the settings module, leaving the loaded one alone.
    module = importlib.util.module_from_spec(
        importlib.util.find_spec("clinic_site.settings.base")
    )
    module.__spec__.loader.exec_module(module)
    return module.WAGTAILSEARCH_BACKENDS["default"]


def test_the_default_is_the_database_backend(monkeypatch):
    monkeypatch.delenv("SEARCH_BACKEND", raising=False)
    assert backends_with(monkeypatch, SEARCH_CONFIG="simple") == {
        "BACKEND": "search.backends.database",
        "SEARCH_CONFIG": "simple",
        "LANGUAGE_CONFIGS": {"tr": "turkish"},
    }


@pytest.mark.parametrize(
    "name", ["elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"]
)
def test_a_search_server_is_chosen_by_the_environment(monkeypatch, name):
    assert backends_with(
        monkeypatch,
        SEARCH_BACKEND=name,
        SEARCH_URL="https://search.internal:9200,https://search2.internal:9200",
        SEARCH_INDEX_PREFIX="clinic_prod_",
    ) == {
        "BACKEND": f"wagtail.search.backends.{name}",
        "URLS": ["https://search.internal:9200", "https://search2.internal:9200"],
        "INDEX_PREFIX": "clinic_prod_",
        "TIMEOUT": 5,
    }
    # The module Wagtail will import exists in this Wagtail.
    assert importlib.util.find_spec(f"wagtail.search.backends.{name}")


def test_an_unknown_backend_is_refused(monkeypatch):
    with pytest.raises(ValueError, match="SEARCH_BACKEND 'solr' is not one of"):
        backends_with(monkeypatch, SEARCH_BACKEND="solr")


@pytest.fixture
def other_backend(settings):
    """Wagtail's plain database backend (no full text), standing in for a
    backend that is not the one the site runs on: Elasticsearch, OpenSearch."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database.fallback"}
    }


def test_the_search_page_works_the_same_on_another_backend(client, demo, other_backend):
    from wagtail.search.backends import get_search_backend

    assert type(get_search_backend()).__name__ == "DatabaseSearchBackend"
    hrefs, soup = results(client.get("/search/", {"q": "Stem Cell"}))
    assert hrefs == [SEED_URL]
    # "Did you mean" comes from the vocabulary, whatever the backend.
    hrefs, soup = results(client.get("/search/", {"q": "stem celk"}))
    assert hrefs == [SEED_URL]
    assert soup.select_one(".did-you-mean a").text == "stem cell"
    SearchSynonym.objects.create(term="CP", equivalents="cerebral palsy")
    assert results(client.get("/search/", {"q": "cp"}))[0] == [SEED_URL]
    data = client.get("/search/suggest/", {"q": "stem"}).json()
    assert [s["url"] for s in data["suggestions"]] == [SEED_URL]
    for odd in ("", "<script>", "stem " * 1000, '"unbalanced'):
        assert client.get("/search/", {"q": odd}).status_code == 200
