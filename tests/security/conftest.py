"""Users for the security tests: a staff member, an editor and an administrator."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "correct horse battery staple"


def make_user(username, group=None, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.com",
        password=PASSWORD,
        **extra,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    """A member of Wagtail's default "Editors" group, not an administrator."""
    return make_user("editor", "Editors")


@pytest.fixture
def moderator(db):
    """A member of Wagtail's default "Moderators" group (may publish)."""
    return make_user("moderator", "Moderators")


@pytest.fixture
def superuser(db):
    return make_user("boss", is_staff=True, is_superuser=True)
