"""Users in each editorial role, a doctor with an account, and admin helpers.

The roles come from the reviews app's data migration, as in production: the
fixtures only put users into the groups it created.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale

from doctors.models import Doctor
from treatments.models import TreatmentIndexPage

MARKETING_EDITORS = "Marketing Editors"
MEDICAL_REVIEWERS = "Medical Reviewers"
SITE_ADMINISTRATORS = "Site Administrators"


def make_user(username, *groups, email=None, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.com" if email is None else email,
        password="x",
        **extra,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def index_page(demo):
    return TreatmentIndexPage.objects.get(slug="treatments")


@pytest.fixture
def marketing_editor(db):
    return make_user("marketer", MARKETING_EDITORS, first_name="Mia")


@pytest.fixture
def reviewer_user(db):
    """A medical reviewer whose account is linked to a doctor."""
    return make_user("drdemir", MEDICAL_REVIEWERS)


@pytest.fixture
def reviewing_doctor(reviewer_user):
    return Doctor.objects.create(
        honorific="Dr.",
        name="Ayşe Demir",
        specialty="Paediatric neurology",
        locale=Locale.get_default(),
        user=reviewer_user,
    )


@pytest.fixture
def unlinked_reviewer(db):
    """In "Medical Reviewers" but with no doctor profile linked."""
    return make_user("nurse", MEDICAL_REVIEWERS)


@pytest.fixture
def site_admin(db):
    return make_user("siteadmin", SITE_ADMINISTRATORS)


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in as ``user`` and returns it."""

    def _login(user):
        client.logout()
        client.force_login(user)
        return client

    return _login
