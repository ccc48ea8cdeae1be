"""Enquiries in the admin: who sees them, what is logged, exports and rights."""

import csv
import hashlib
import io
import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from enquiries.models import Enquiry

pytestmark = pytest.mark.django_db

COORDINATORS = "Patient coordinators"
INDEX = "/admin/enquiries/"
SCRIPT = '<script>alert("x")</script>'


def make_enquiry(**values):
    defaults = {
        "name": "Ayşe Yılmaz",
        "email": "ayse@example.com",
        "phone": "+905321234567",
        "preferred_language": "tr",
        "message": "Is my son a candidate?",
        "site_language": "en",
        "consent_text": "I consent.",
        "consent_version": "7",
        "consent_given_at": "2026-01-01T10:00:00+03:00",
    }
    defaults.update(values)
    unique = f"{Enquiry.objects.count()}-{values}".encode()
    defaults.setdefault("form_token", hashlib.sha256(unique).hexdigest())
    return Enquiry.objects.create(**defaults)


@pytest.fixture
def user_in(django_user_model):
    def make(group_name=None, superuser=False):
        username = (group_name or "superuser").lower().replace(" ", "-")
        if superuser:
            return django_user_model.objects.create_superuser(
                username, f"{username}@example.com", "x"
            )
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", "x"
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def coordinator(client, user_in):
    user = user_in(COORDINATORS)
    client.force_login(user)
    client.user = user
    return client


def test_the_migration_made_the_coordinators_group_with_its_permissions():
    # Wagtail's own migrations may add choose permissions to every group.
    codenames = set(
        Group.objects.get(name=COORDINATORS)
        .permissions.filter(content_type__app_label__in=["enquiries", "wagtailadmin"])
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "access_admin",
        "view_enquiry",
        "change_enquiry",
        "delete_enquiry",
        "export_enquiry",
    }


def test_a_coordinator_sees_the_enquiries_menu_and_list(coordinator):
    enquiry = make_enquiry()
    response = coordinator.get("/admin/")
    assert response.status_code == 200
    assert "/admin/enquiries/" in response.content.decode()  # the menu item
    response = coordinator.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Enquiry #{enquiry.pk}" in html
    assert "export=csv" in html
    assert "Requests by a patient" in html


@pytest.mark.parametrize("group", ["Marketing Editors", "Medical Reviewers"])
def test_editors_and_reviewers_cannot_see_enquiries(client, user_in, group):
    client.force_login(user_in(group))
    enquiry = make_enquiry()
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "/admin/enquiries/" not in dashboard.content.decode()
    for url in (
        INDEX,
        f"{INDEX}?export=csv",
        f"{INDEX}edit/{enquiry.pk}/",
        f"{INDEX}inspect/{enquiry.pk}/",
        f"{INDEX}delete/{enquiry.pk}/",
        f"{INDEX}rights/?email=ayse@example.com",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Is my son a candidate?" not in response.content
    response = client.post(
        f"{INDEX}rights/",
        {"email": "ayse@example.com", "action": "erase", "confirm": "yes"},
    )
    assert response.status_code in (302, 403)
    assert Enquiry.objects.count() == 1


def test_a_superuser_sees_enquiries(client, user_in):
    client.force_login(user_in(superuser=True))
    make_enquiry()
    assert client.get(INDEX).status_code == 200


def test_opening_an_enquiry_is_logged_and_its_text_is_escaped(coordinator):
    enquiry = make_enquiry(name=SCRIPT, message=SCRIPT)
    for view in ("edit", "inspect"):
        response = coordinator.get(f"{INDEX}{view}/{enquiry.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert SCRIPT not in html
        assert "&lt;script&gt;" in html
    entries = ModelLogEntry.objects.filter(
        object_id=str(enquiry.pk), action="enquiries.view"
    )
    assert entries.count() == 2
    assert {entry.user_id for entry in entries} == {coordinator.user.pk}
    assert all(entry.timestamp for entry in entries)
    assert "Ay" not in entries.first().label  # no personal data in the log


def test_the_status_can_be_changed_and_the_enquiry_text_cannot(coordinator):
    enquiry = make_enquiry()
    response = coordinator.post(
        f"{INDEX}edit/{enquiry.pk}/",
        {"status": "answered", "message": "changed", "name": "changed"},
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "answered"
    assert enquiry.message == "Is my son a candidate?"
    assert enquiry.name == "Ayşe Yılmaz"


def test_the_list_filters_by_status(coordinator):
    new = make_enquiry(status="new", email="new@example.com")
    closed = make_enquiry(status="closed", email="closed@example.com")
    html = coordinator.get(f"{INDEX}?status=closed").content.decode()
    assert "closed@example.com" not in html  # the list shows no addresses
    shown = {int(number) for number in re.findall(r"Enquiry #(\d+)", html)}
    assert shown == {closed.pk}
    assert new.pk not in shown


def read_csv(response):
    chunks = response.streaming_content if response.streaming else [response.content]
    body = b"".join(chunks)
    return list(csv.reader(io.StringIO(body.decode())))


def test_the_csv_export_neutralises_formulas_and_is_logged(coordinator):
    dangerous = ['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)"]
    enquiries = [
        make_enquiry(name=value, message=value, email=f"p{n}@example.com")
        for n, value in enumerate(dangerous)
    ]
    response = coordinator.get(f"{INDEX}?export=csv")
    assert response.status_code == 200
    rows = read_csv(response)
    header, data = rows[0], rows[1:]
    name_column = header.index("name")
    message_column = header.index("message")
    names = sorted(row[name_column] for row in data)
    assert names == sorted("'" + value for value in dangerous)
    assert all(row[message_column].startswith("'") for row in data)
    logged = ModelLogEntry.objects.filter(action="enquiries.export")
    assert sorted(int(entry.object_id) for entry in logged) == sorted(
        enquiry.pk for enquiry in enquiries
    )


def test_exporting_needs_the_export_permission(client, django_user_model):
    group = Group.objects.create(name="Readers")
    group.permissions.set(
        Group.objects.get(name=COORDINATORS).permissions.exclude(
            codename="export_enquiry"
        )
    )
    user = django_user_model.objects.create_user("reader", "r@example.com", "x")
    user.groups.add(group)
    client.force_login(user)
    make_enquiry()
    assert client.get(INDEX).status_code == 200
    assert "export=csv" not in client.get(INDEX).content.decode()
    refused = client.get(f"{INDEX}?export=csv")
    assert refused.status_code in (302, 403)  # Wagtail: back to the dashboard
    assert refused.get("Content-Type") != "text/csv"
    assert not ModelLogEntry.objects.filter(action="enquiries.export").exists()


def test_deleting_an_enquiry_is_logged(coordinator):
    enquiry = make_enquiry()
    response = coordinator.post(f"{INDEX}delete/{enquiry.pk}/")
    assert response.status_code == 302
    assert not Enquiry.objects.exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete")
    assert entry.object_id == str(enquiry.pk)
    assert entry.user_id == coordinator.user.pk


@pytest.mark.parametrize(
    "query",
    [{"email": "AYSE@example.com"}, {"phone": "0532 123 45 67"}],
    ids=["email", "phone"],
)
def test_everything_held_for_one_person_can_be_exported_then_erased(coordinator, query):
    mine = [
        make_enquiry(message="first"),
        make_enquiry(message="=second", email="", phone="+905321234567"),
        make_enquiry(message="third", phone=""),
    ]
    everyone = {*mine}
    mine = mine[:2] if "phone" in query else [mine[0], mine[2]]
    other = make_enquiry(email="other@example.com", phone="+442071234567")
    everyone.add(other)

    page = coordinator.get(f"{INDEX}rights/", query)
    assert page.status_code == 200
    assert f"{len(mine)} enquiries" in page.content.decode()

    response = coordinator.post(f"{INDEX}rights/", {**query, "action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = read_csv(response)
    ids = sorted(int(row[0]) for row in rows[1:])
    assert ids == sorted(enquiry.pk for enquiry in mine)
    assert all(not row[rows[0].index("message")].startswith("=") for row in rows[1:])
    assert ModelLogEntry.objects.filter(action="enquiries.export").count() == len(mine)

    unconfirmed = coordinator.post(f"{INDEX}rights/", {**query, "action": "erase"})
    assert unconfirmed.status_code == 200
    assert Enquiry.objects.count() == 4

    response = coordinator.post(
        f"{INDEX}rights/", {**query, "action": "erase", "confirm": "yes"}
    )
    assert response.status_code == 200
    assert set(Enquiry.objects.all()) == everyone - set(mine)
    erased = ModelLogEntry.objects.filter(action="enquiries.erase")
    assert sorted(int(entry.object_id) for entry in erased) == sorted(
        enquiry.pk for enquiry in mine
    )
    assert {entry.user_id for entry in erased} == {coordinator.user.pk}


def test_the_rights_form_refuses_an_invalid_phone(coordinator):
    response = coordinator.get(f"{INDEX}rights/", {"phone": "12"})
    assert response.status_code == 200
    assert "Enter a valid phone number." in response.content.decode()
