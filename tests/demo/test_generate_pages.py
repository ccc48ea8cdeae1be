"""generate_pages: many realistic, valid, searchable pages, reproducibly."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Page

from treatments.models import TreatmentIndexPage, TreatmentPage


def generated():
    """The generated pages: in the default language, but the seed page."""
    return (
        TreatmentPage.objects.filter(locale=Locale.get_default())
        .exclude(slug="stem-cell-therapy-for-cerebral-palsy")
        .order_by("path")
    )


def english_index():
    return TreatmentIndexPage.objects.get(locale=Locale.get_default())


def test_creates_live_valid_pages_that_render(client, demo):
    call_command("generate_pages", count=30, seed=7, verbosity=0)
    pages = list(generated())
    assert len(pages) == 30
    assert all(page.live for page in pages)
    assert english_index().get_children().count() == 31
    # The tree is consistent: no bad paths, depths or child counts.
    assert all(not problems for problems in Page.find_problems())
    kinds = {block.block_type for page in pages for block in page.body}
    assert kinds >= {"heading", "paragraph", "case_study", "faq", "references"}
    page = pages[5]
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_same_seed_same_pages(demo):
    call_command("generate_pages", count=10, seed=3, verbosity=0)
    first = [(p.title, p.slug, p.summary) for p in generated()]
    TreatmentPage.objects.filter(pk__in=[p.pk for p in generated()]).delete()
    index = english_index()
    Page.objects.filter(pk=index.pk).update(numchild=1)
    Page.fix_tree()
    call_command("generate_pages", count=10, seed=3, verbosity=0)
    assert [(p.title, p.slug, p.summary) for p in generated()] == first


def test_a_second_run_adds_pages_without_slug_clashes(demo):
    call_command("generate_pages", count=15, seed=1, verbosity=0)
    call_command("generate_pages", count=15, seed=1, verbosity=0)
    slugs = list(generated().values_list("slug", flat=True))
    assert len(slugs) == 30 and len(set(slugs)) == 30
    assert all(not problems for problems in Page.find_problems())


def test_generated_pages_are_in_the_search_index(client, demo):
    call_command("generate_pages", count=20, seed=2, verbosity=0)
    title = generated().first().title
    response = client.get("/search/", {"q": title})
    assert response.status_code == 200
    assert title in response.content.decode()


@pytest.mark.parametrize("count", [0, -1, 200_001])
def test_count_is_validated(db, count):
    with pytest.raises(CommandError, match="--count must be between"):
        call_command("generate_pages", count=count)


def test_needs_a_treatments_index(db):
    with pytest.raises(CommandError, match="run load_demo_content"):
        call_command("generate_pages", count=1)


def _statements_of_tidying():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from backups.bulk_load import tidy_after_bulk_load

    with CaptureQueriesContext(connection) as queries:
        tidy_after_bulk_load(connection)
    return [query["sql"] for query in queries.captured_queries]


def test_after_a_bulk_load_the_statistics_are_brought_up_to_date(db):
    """Inside a transaction (as in these tests), VACUUM cannot run."""
    assert _statements_of_tidying() == ["ANALYZE"]


def test_outside_a_transaction_postgresql_also_vacuums():
    """VACUUM merges the GIN indexes' pending lists, which every search would
    otherwise read through (20,000 entries after 10,000 pages). It cannot run
    in a transaction, as every test does, so this one records the statements
    a connection in autocommit mode would be given."""
    from backups.bulk_load import tidy_after_bulk_load

    class Recorder:
        def __init__(self, vendor):
            self.vendor, self.in_atomic_block, self.run = vendor, False, []

        def cursor(self):
            return self

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql):
            self.run.append(sql)

    for vendor, expected in [("postgresql", "VACUUM ANALYZE"), ("sqlite", "ANALYZE")]:
        connection = Recorder(vendor)
        tidy_after_bulk_load(connection)
        assert connection.run == [expected]
