"""What each editorial role may and may not do, through the admin views.

The groups and their permissions come from the reviews app's data migration.
Wagtail answers a forbidden admin URL with a redirect to the dashboard and a
"permission" message; ``denied`` checks exactly that.
"""

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site, WorkflowState

from treatments.models import TreatmentPage

from .admin import add_url, edit_url, treatment_data

PERMISSION_DENIED = "Sorry, you do not have permission to access this area."


def settings_urls():
    site = Site.objects.get(is_default_site=True)
    return [
        reverse("wagtailsettings:edit", args=("clinic", "clinicsettings", site.pk)),
        reverse("wagtailsettings:edit", args=("wagtailseo", "seosettings", site.pk)),
    ]


ADMINISTRATION_URLS = [
    "wagtailusers_users:index",
    "wagtailusers_groups:index",
    "wagtailadmin_workflows:index",
    "wagtailadmin_workflows:task_index",
    "wagtailredirects:index",
    "wagtailsearchpromotions:index",
]


def denied(response):
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    return (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
        and PERMISSION_DENIED in messages
    )


def upload(name):
    return SimpleUploadedFile(
        name, get_test_image_file().file.getvalue(), content_type="image/png"
    )


def create_draft(client, index_page, slug, action=None):
    response = client.post(
        add_url(index_page), treatment_data(slug, slug, action=action)
    )
    assert response.status_code == 302
    return TreatmentPage.objects.get(slug=slug)


def test_the_migration_made_the_three_roles(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Marketing Editors", "Medical Reviewers", "Site Administrators"} <= names


# --- marketing editors -------------------------------------------------------


def test_marketing_editor_adds_and_edits_but_publish_saves_a_draft(
    login, marketing_editor, index_page
):
    client = login(marketing_editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(add_url(index_page)).status_code == 200

    response = client.post(
        add_url(index_page),
        treatment_data("Tried to publish", "mine", action="publish"),
    )
    assert response.status_code == 302
    page = TreatmentPage.objects.get(slug="mine")
    assert not page.live
    assert page.live_revision is None
    assert page.get_latest_revision().user == marketing_editor
    assert not WorkflowState.objects.for_instance(page).exists()

    # The editor offers "submit to Medical review", never "publish".
    html = client.get(edit_url(page)).content.decode()
    assert 'name="action-submit"' in html
    assert "Submit to Medical review" in html
    assert 'name="action-publish"' not in html

    # Editing works; "publish" on the edit form also only saves a draft.
    response = client.post(
        edit_url(page),
        treatment_data(
            "Tried to publish", "mine", action="publish", paragraph="Edited text."
        ),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert "Edited text." in page.get_latest_revision_as_object().body[1].value.source
    client.logout()
    assert client.get("/treatments/mine/").status_code == 404


def test_marketing_editor_cannot_publish_the_seed_page_either(
    login, marketing_editor, demo
):
    perms = demo.permissions_for_user(marketing_editor)
    assert perms.can_edit()
    assert not perms.can_publish()
    assert not perms.can_unpublish()
    client = login(marketing_editor)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(demo.id,)))
    assert denied(response)
    demo.refresh_from_db()
    assert demo.live


def test_marketing_editor_submits_to_the_medical_review(
    login, marketing_editor, index_page
):
    client = login(marketing_editor)
    page = create_draft(client, index_page, "submitted", action="submit")
    state = WorkflowState.objects.for_instance(page).get()
    assert state.workflow.name == "Medical review"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == marketing_editor
    assert not page.live


def test_marketing_editor_cannot_reach_settings_users_or_workflows(
    login, marketing_editor, demo
):
    client = login(marketing_editor)
    for url in settings_urls():
        assert denied(client.get(url)), url
    for name in ADMINISTRATION_URLS:
        assert denied(client.get(reverse(name))), name


def test_marketing_editor_views_doctors_and_uploads_images(login, marketing_editor):
    client = login(marketing_editor)
    assert client.get(reverse("wagtailsnippets_doctors_doctor:list")).status_code == 200
    assert denied(client.get(reverse("wagtailsnippets_doctors_doctor:add")))
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Clinic entrance", "file": upload("entrance.png"), "tags": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert (
        Image.objects.get(title="Clinic entrance").uploaded_by_user == marketing_editor
    )
    assert client.get(reverse("wagtaildocs:add")).status_code == 200


# --- medical reviewers -------------------------------------------------------


def test_medical_reviewer_edits_treatments_but_cannot_publish(
    login, reviewer_user, reviewing_doctor, demo
):
    perms = demo.permissions_for_user(reviewer_user)
    assert perms.can_edit()
    assert not perms.can_publish()
    # Nothing outside the treatments section.
    home = demo.get_parent().get_parent()
    assert not home.permissions_for_user(reviewer_user).can_edit()

    client = login(reviewer_user)
    html = client.get(edit_url(demo)).content.decode()
    assert 'name="action-publish"' not in html
    assert denied(client.get(edit_url(home)))
    for url in settings_urls():
        assert denied(client.get(url)), url
    for name in ADMINISTRATION_URLS:
        assert denied(client.get(reverse(name))), name


def test_medical_reviewer_sees_and_edits_a_page_under_review(
    login, marketing_editor, reviewer_user, reviewing_doctor, index_page
):
    page = create_draft(login(marketing_editor), index_page, "in-review", "submit")
    client = login(reviewer_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in html
    assert "in-review" in html
    response = client.get(edit_url(page))
    assert response.status_code == 200
    assert 'data-workflow-action-name="approve"' in response.content.decode()
    assert 'data-workflow-action-name="reject"' in response.content.decode()


# --- site administrators -----------------------------------------------------


def test_site_administrator_publishes_directly(login, site_admin, index_page):
    client = login(site_admin)
    response = client.post(
        add_url(index_page),
        treatment_data("Published at once", "at-once", action="publish"),
    )
    assert response.status_code == 302
    page = TreatmentPage.objects.get(slug="at-once")
    assert page.live
    assert page.live_revision.user == site_admin
    assert not WorkflowState.objects.for_instance(page).exists()
    client.logout()
    assert client.get("/treatments/at-once/").status_code == 200


def test_site_administrator_reaches_settings_users_and_workflows(
    login, site_admin, demo
):
    client = login(site_admin)
    for url in settings_urls():
        assert client.get(url).status_code == 200, url
    for name in ADMINISTRATION_URLS:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("wagtailsnippets_doctors_doctor:add")).status_code == 200
    assert not site_admin.is_superuser


def test_groups_without_a_role_reach_nothing(login, db):
    """A user in no group cannot even open the admin."""
    from .conftest import make_user

    client = login(make_user("stranger"))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
