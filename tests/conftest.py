"""Fixtures shared by the whole suite.

The demo content is built by the real management command, so a model change
that breaks it fails here first.
"""

import pytest
from django.core.management import call_command

from home.demo.seed import load_seed

SEED_URL = "/treatments/stem-cell-therapy-for-cerebral-palsy/"


@pytest.fixture
def seed():
    """The seed page, parsed from the copy of the seed file in the repository."""
    return load_seed()


@pytest.fixture
def demo(db):
    """The demo site: home page, /treatments/ and the seed treatment page."""
    call_command("load_demo_content", verbosity=0)
    from treatments.models import TreatmentPage

    return TreatmentPage.objects.get(slug="stem-cell-therapy-for-cerebral-palsy")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches (the page cache included)."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
