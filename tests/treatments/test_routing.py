"""/treatments/<slug>/ is found in one query, with Wagtail's answers for the rest."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doctors.models import DoctorIndexPage
from tests.conftest import SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.WAGTAIL_CACHE = False


def treatment_reads(client, url):
    """The statements that read treatment pages while serving ``url``."""
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    reads = [q["sql"] for q in queries if "treatments_treatmentpage" in q["sql"]]
    return response, reads


def test_a_treatment_is_read_once_with_its_own_fields(client, demo):
    response, reads = treatment_reads(client, SEED_URL)
    assert response.status_code == 200
    assert response.context["page"] == demo
    assert type(response.context["page"]) is TreatmentPage
    # Wagtail reads the child as a Page, then as a TreatmentPage by id.
    routing = [sql for sql in reads if '"slug" = ' in sql]
    assert len(routing) == 1
    assert not [sql for sql in reads if "wagtailcore_page" not in sql]


def test_the_treatment_knows_its_index_without_another_query(client, demo):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    page = response.context["page"]
    with CaptureQueriesContext(connection) as queries:
        parent = page.get_parent()
    assert len(queries) == 0
    assert parent.pk == TreatmentIndexPage.objects.get(locale__language_code="en").pk


@pytest.mark.parametrize(
    "path",
    [
        "/treatments/no-such-treatment/",
        SEED_URL + "no-such-child/",
    ],
)
def test_unknown_paths_get_the_site_404(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"<h1" in response.content


def test_a_draft_treatment_is_not_served(client, demo):
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    index.add_child(
        instance=TreatmentPage(
            title="Unpublished therapy",
            slug="unpublished-therapy",
            condition_name="X",
            summary="Draft",
            live=False,
        )
    )
    assert client.get("/treatments/unpublished-therapy/").status_code == 404


def test_a_child_of_another_type_is_still_served(client, demo):
    """subpage_types binds editors, not code: such a child takes Wagtail's route."""
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    index.add_child(instance=DoctorIndexPage(title="Our team", slug="team"))
    response = client.get("/treatments/team/")
    assert response.status_code == 200
    assert type(response.context["page"]) is DoctorIndexPage
    assert "Our team" in response.content.decode()
