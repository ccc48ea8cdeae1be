"""The CACHES setting, as built from the environment's values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic_site.settings.caching import _env_seconds, build_caches


def test_without_redis_both_caches_are_files_as_before(tmp_path):
    expected = {
        alias: {
            "BACKEND": "clinic_site.file_cache.FileBasedCache",
            "LOCATION": str(tmp_path / alias),
            "TIMEOUT": 60,
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
        for alias in ("default", "pages")
    }
    expected["pages"]["KEY_FUNCTION"] = "clinic_site.page_scopes.make_key"
    assert build_caches("", cache_dir=tmp_path, max_entries=500, timeout=60) == expected


def test_only_the_page_cache_files_its_keys_under_scopes():
    for caches in (build_caches("redis://a:6379/0"), build_caches("", cache_dir="/x")):
        assert caches["pages"]["KEY_FUNCTION"] == "clinic_site.page_scopes.make_key"
        assert "KEY_FUNCTION" not in caches["default"]


def test_with_redis_both_caches_use_the_outage_proof_backend():
    caches = build_caches(
        "redis://cache.internal:6379/2", socket_timeout=0.5, retry_seconds=7
    )
    assert caches["default"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert caches["pages"]["LOCATION"] == "redis://cache.internal:6379/3"
    for alias, cache in caches.items():
        assert cache["BACKEND"] == "clinic_site.cache_backend.RedisCache"
        assert cache["OPTIONS"] == {
            "ALIAS": alias,
            "RETRY_SECONDS": 7,
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
        }


def test_the_page_cache_may_have_a_redis_of_its_own():
    caches = build_caches("redis://a:6379/0", page_url="redis://b:6379/5")
    assert caches["pages"]["LOCATION"] == "redis://b:6379/5"


def test_seconds_come_from_the_environment(monkeypatch):
    assert _env_seconds("CACHE_TEST_SECONDS", 0.25) == 0.25
    monkeypatch.setenv("CACHE_TEST_SECONDS", " 0.5 ")
    assert _env_seconds("CACHE_TEST_SECONDS", 0.25) == 0.5


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "nan"])
def test_a_wrong_number_of_seconds_stops_the_start(monkeypatch, raw):
    monkeypatch.setenv("CACHE_TEST_SECONDS", raw)
    with pytest.raises(ImproperlyConfigured, match="CACHE_TEST_SECONDS"):
        _env_seconds("CACHE_TEST_SECONDS", 0.25)
