"""The file-system cache counts its files rarely, and still keeps within MAX_ENTRIES."""

import os

import pytest
from django.core.cache.backends.filebased import FileBasedCache as DjangoFileBasedCache

from clinic_site.file_cache import FileBasedCache


def make_cache(directory, max_entries, cull_frequency=3):
    return FileBasedCache(
        str(directory),
        {"OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": cull_frequency}},
    )


def files_in(directory):
    return len([name for name in os.listdir(directory) if name.endswith(".djcache")])


class CountingCache(FileBasedCache):
    """Records how often the directory is listed."""

    listings = 0

    def _list_cache_files(self):
        self.listings += 1
        return super()._list_cache_files()


def test_values_round_trip_like_djangos_cache(tmp_path):
    cache = make_cache(tmp_path, 100)
    cache.set("page", {"html": "<h1>Stem cells</h1>"})
    assert cache.get("page") == {"html": "<h1>Stem cells</h1>"}
    # Written in Django's format: Django's own backend reads it.
    assert DjangoFileBasedCache(str(tmp_path), {}).get("page") == {
        "html": "<h1>Stem cells</h1>"
    }
    cache.delete("page")
    assert cache.get("page") is None


def test_directory_is_listed_a_few_times_not_on_every_write(tmp_path):
    cache = CountingCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 1000}})
    for number in range(500):
        cache.set(f"page-{number}", number)
    assert files_in(tmp_path) == 500
    # Django's backend lists the directory 500 times here.
    assert cache.listings <= 25
    assert cache.get("page-499") == 499


@pytest.mark.parametrize("cull_frequency", [3, 0])
def test_a_single_writer_never_holds_more_than_max_entries(tmp_path, cull_frequency):
    cache = make_cache(tmp_path, 60, cull_frequency)
    most = 0
    for number in range(400):
        cache.set(f"page-{number}", number)
        most = max(most, files_in(tmp_path))
        assert cache.get(f"page-{number}") == number
    assert most == 60
    assert 0 < files_in(tmp_path) <= 60


def test_four_writers_that_share_the_directory_keep_within_max_entries(tmp_path):
    writers = [make_cache(tmp_path, 80) for _ in range(4)]
    most = 0
    for number in range(300):
        for index, cache in enumerate(writers):
            cache.set(f"page-{index}-{number}", number)
            most = max(most, files_in(tmp_path))
    assert most <= 80


def test_clear_empties_the_directory_and_counting_restarts(tmp_path):
    cache = make_cache(tmp_path, 1000)
    for number in range(10):
        cache.set(f"page-{number}", number)
    cache.clear()
    assert files_in(tmp_path) == 0
    assert cache._writes_before_count == 0
    cache.set("again", 1)
    assert cache.get("again") == 1


def test_production_uses_it_when_there_is_no_redis():
    from tests.security.test_headers import production_settings

    backends = production_settings(
        "{alias: c['BACKEND'] for alias, c in settings.CACHES.items()}"
    )
    assert backends == {
        "default": "clinic_site.file_cache.FileBasedCache",
        "pages": "clinic_site.file_cache.FileBasedCache",
    }
