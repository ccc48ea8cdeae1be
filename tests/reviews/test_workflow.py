"""The medical review workflow, driven through the admin views.

An editor submits a treatment page; a doctor rejects it with a comment, the
editor changes it and resubmits, the doctor approves; approval records the
doctor and the day as the page's review and publishes (or schedules) it.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, PageLogEntry, TaskState, WorkflowState

from reviews.approval import RECORD_REVIEW_ACTION
from reviews.models import REQUEST_CHANGES_ONLY_LABEL, MedicalReviewTask
from treatments.models import TreatmentIndexPage, TreatmentPage

from .admin import (
    add_url,
    edit_url,
    json_ld,
    treatment_data,
    workflow_action_url,
)

PERMISSION_DENIED = "Sorry, you do not have permission to access this area."


def submit_new_page(client, index_page, title="Botox for spasticity", **extra):
    slug = extra.pop("slug", "botox-for-spasticity")
    response = client.post(add_url(index_page), treatment_data(title, slug, **extra))
    assert response.status_code == 302, response.content[:2000]
    return TreatmentPage.objects.get(slug=slug)


def current_task_state(page):
    state = WorkflowState.objects.for_instance(page).active().get()
    return state, state.current_task_state


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.fixture
def submitted(login, marketing_editor, index_page):
    """A new treatment page a marketing editor has submitted for review."""
    return submit_new_page(login(marketing_editor), index_page)


def test_the_workflow_covers_the_treatments_section(index_page, demo):
    workflow = index_page.get_workflow()
    assert workflow is not None and workflow.name == "Medical review"
    assert demo.get_workflow() == workflow
    assert [task.specific.__class__ for task in workflow.tasks] == [MedicalReviewTask]
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Medical Reviewers"]
    # The rest of the site keeps Wagtail's default workflow.
    assert index_page.get_parent().specific.get_workflow().name != "Medical review"


def test_reject_resubmit_approve_records_the_review_and_publishes(
    login,
    marketing_editor,
    reviewer_user,
    reviewing_doctor,
    index_page,
    submitted,
):
    page = submitted
    # Wagtail tells the task's group (the doctor) by email.
    [notice] = mail.outbox
    assert notice.to == ["drdemir@example.com"]
    assert 'submitted for approval in moderation stage "Medical review"' in (
        notice.subject
    )
    state, task_state = current_task_state(page)
    assert state.workflow.name == "Medical review"
    assert state.requested_by == marketing_editor
    assert task_state.task.specific.__class__ is MedicalReviewTask
    assert not page.live

    # The doctor sees the page awaiting their review on the dashboard.
    client = login(reviewer_user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard
    assert "Botox for spasticity" in dashboard
    assert workflow_action_url(page, "approve", task_state) in dashboard

    # ... and asks for changes, with a comment.
    comment = "Cite the 2023 randomised trial for the dose."
    response = client.post(
        workflow_action_url(page, "reject", task_state), {"comment": comment}
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == comment
    assert task_state.finished_by == reviewer_user
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejection = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert rejection.user == reviewer_user
    assert rejection.data["comment"] == comment
    page.refresh_from_db()
    assert not page.live
    # ... and the editor is told, with the comment.
    rejected = mail.outbox[-1]
    assert rejected.to == ["marketer@example.com"]
    assert comment in rejected.body

    # The editor sees the request, edits the page and resubmits it.
    client = login(marketing_editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Changes requested at" in dashboard
    response = client.get(reverse("wagtailadmin_pages:history", args=(page.id,)))
    assert comment in response.content.decode()
    response = client.post(
        edit_url(page),
        treatment_data(
            "Botox for spasticity",
            "botox-for-spasticity",
            paragraph="A 2023 randomised trial set the dose.",
        ),
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    new_task_state = state.current_task_state
    assert new_task_state.pk != task_state.pk
    assert new_task_state.status == TaskState.STATUS_IN_PROGRESS

    # The doctor approves.
    client = login(reviewer_user)
    response = client.post(
        workflow_action_url(page, "approve", new_task_state), {"comment": ""}
    )
    assert response.status_code == 302
    today = timezone.localdate()

    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert not page.has_unpublished_changes
    assert page.medical_reviewer == reviewing_doctor
    assert page.last_reviewed == today
    live = page.live_revision
    assert live == page.latest_revision
    assert live.user == reviewer_user
    assert live.as_object().medical_reviewer_id == reviewing_doctor.pk
    new_task_state.refresh_from_db()
    assert new_task_state.status == TaskState.STATUS_APPROVED
    # The task state names the revision that went live, not the submitted one.
    assert new_task_state.revision == live
    review_log = PageLogEntry.objects.get(page=page, action=RECORD_REVIEW_ACTION)
    assert review_log.user == reviewer_user
    assert review_log.revision == live
    assert review_log.data["doctor"]["name"] == "Dr. Ayşe Demir"

    # The live page says who reviewed it, and when, in its structured data.
    client.logout()
    public = client.get(page.url)
    assert public.status_code == 200
    assert "A 2023 randomised trial set the dose." in public.content.decode()
    nodes = json_ld(public)
    [webpage] = nodes["MedicalWebPage"]
    assert webpage["lastReviewed"] == today.isoformat()
    physicians = {node["@id"]: node for node in nodes["Physician"]}
    reviewer_node = physicians[webpage["reviewedBy"]["@id"]]
    assert reviewer_node["name"] == "Dr. Ayşe Demir"
    assert reviewer_node["@id"].endswith(f"#doctor-{reviewing_doctor.pk}")


def test_approving_from_the_editor_keeps_the_reviewers_edit(
    login, reviewer_user, reviewing_doctor, submitted
):
    page = submitted
    _state, task_state = current_task_state(page)
    client = login(reviewer_user)
    editor = client.get(edit_url(page))
    assert editor.status_code == 200
    assert 'data-workflow-action-name="approve"' in editor.content.decode()
    data = treatment_data(
        "Botox for spasticity",
        "botox-for-spasticity",
        action="workflow-action",
        paragraph="Corrected by the reviewer.",
    )
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = '{"comment": "Fixed the dose myself."}'
    response = client.post(edit_url(page), data)
    assert response.status_code == 302

    page.refresh_from_db()
    assert page.live
    assert page.medical_reviewer == reviewing_doctor
    assert page.last_reviewed == timezone.localdate()
    assert "Corrected by the reviewer." in page.body[1].value.source
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.comment == "Fixed the dose myself."


def test_reviewer_without_a_doctor_can_only_request_changes(
    login, unlinked_reviewer, submitted
):
    page = submitted
    state, task_state = current_task_state(page)
    client = login(unlinked_reviewer)

    # The dashboard offers them "request changes", explaining why not approve.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Botox for spasticity" in dashboard
    assert str(REQUEST_CHANGES_ONLY_LABEL) in dashboard
    assert workflow_action_url(page, "approve", task_state) not in dashboard
    # So does the editor's action menu.
    editor = client.get(edit_url(page))
    assert editor.status_code == 200
    assert str(REQUEST_CHANGES_ONLY_LABEL) in editor.content.decode()
    assert 'data-workflow-action-name="approve"' not in editor.content.decode()

    # Approving by hand is refused (a redirect with a message, not an error).
    for method in ("get", "post"):
        response = getattr(client, method)(
            workflow_action_url(page, "approve", task_state)
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        assert PERMISSION_DENIED in messages_of(response)
    # Through the editor an "approve" falls back to saving a draft.
    data = treatment_data(
        "Botox for spasticity", "botox-for-spasticity", action="workflow-action"
    )
    data["workflow-action-name"] = "approve"
    assert client.post(edit_url(page), data).status_code == 302

    page.refresh_from_db()
    task_state.refresh_from_db()
    assert not page.live
    assert page.medical_reviewer is None
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not PageLogEntry.objects.filter(
        page=page, action=RECORD_REVIEW_ACTION
    ).exists()

    # Requesting changes works.
    response = client.post(
        workflow_action_url(page, "reject", task_state),
        {"comment": "A doctor must check the dosage table."},
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_approval_schedules_a_page_with_a_future_go_live_date(
    login, monkeypatch, marketing_editor, reviewer_user, reviewing_doctor, index_page
):
    go_live = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    page = submit_new_page(
        login(marketing_editor),
        index_page,
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    _state, task_state = current_task_state(page)
    client = login(reviewer_user)
    response = client.post(
        workflow_action_url(page, "approve", task_state), {"comment": ""}
    )
    assert response.status_code == 302
    approved_on = timezone.localdate()

    page.refresh_from_db()
    assert not page.live
    assert page.live_revision is None
    assert page.status_string == "scheduled"
    scheduled = page.latest_revision
    assert scheduled.approved_go_live_at == go_live
    assert scheduled.as_object().medical_reviewer_id == reviewing_doctor.pk
    assert scheduled.as_object().last_reviewed == approved_on
    client.logout()
    assert client.get(page.url or "/treatments/botox-for-spasticity/").status_code == (
        404
    )

    # Nothing happens before the date...
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live

    # ... and the cron job publishes it once the date has passed.
    real_now = timezone.now
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: real_now() + timedelta(days=4)
    )
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert page.live_revision == scheduled
    assert page.medical_reviewer == reviewing_doctor
    assert page.last_reviewed == approved_on
    monkeypatch.undo()
    assert client.get(page.url).status_code == 200


def test_approving_the_section_page_itself_publishes_it(
    login, marketing_editor, reviewer_user, reviewing_doctor, index_page
):
    """The index shares the section's workflow and has no review fields."""
    client = login(marketing_editor)
    data = {
        "title": "Treatments",
        "slug": "treatments",
        "intro": "Every treatment, reviewed by a doctor.",
        "seo_title": "",
        "search_description": "",
        "canonical_url": "",
        "og_image": "",
        "go_live_at": "",
        "expire_at": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-submit": "submit",
    }
    assert client.post(edit_url(index_page), data).status_code == 302
    _state, task_state = current_task_state(index_page)
    client = login(reviewer_user)
    response = client.post(
        workflow_action_url(index_page, "approve", task_state), {"comment": ""}
    )
    assert response.status_code == 302
    index_page = TreatmentIndexPage.objects.get(pk=index_page.pk)
    assert index_page.intro == "Every treatment, reviewed by a doctor."
    assert not index_page.has_unpublished_changes


def test_other_workflows_still_publish_as_wagtail_does(login, marketing_editor, demo):
    """The home page keeps "Moderators approval", approved by a moderator."""
    from home.models import HomePage

    from .conftest import make_user

    home = HomePage.objects.get(locale__language_code="en")
    assert home.get_workflow().name == "Moderators approval"
    client = login(marketing_editor)
    response = client.get(edit_url(home))
    assert response.status_code == 200
    home.save_revision(user=marketing_editor)
    home.get_workflow().start(home, marketing_editor)
    _state, task_state = current_task_state(home)
    assert task_state.task.specific.__class__ is not MedicalReviewTask

    moderator = make_user("moderator", "Moderators")
    client = login(moderator)
    response = client.post(
        workflow_action_url(home, "approve", task_state), {"comment": ""}
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.live_revision == home.latest_revision
    assert home.live_revision.user == marketing_editor


def test_a_translated_page_gets_the_doctors_translation(
    login, marketing_editor, reviewer_user, reviewing_doctor, demo
):
    from home.models import HomePage

    turkish = Locale.objects.get(language_code="tr")
    # The demo's Turkish pages go: this test translates the page (and the
    # sections above it) itself.
    HomePage.objects.get(locale=turkish).delete()
    # Translating the doctor in the admin leaves the account with the original.
    superuser = get_user_model().objects.create_superuser("root", "root@x.org", "x")
    client = login(superuser)
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=("doctors", "doctor", reviewing_doctor.pk),
    )
    assert client.post(url, {"locales": [turkish.pk]}).status_code == 302
    doctor_tr = reviewing_doctor.get_translation(turkish)
    assert doctor_tr.user is None
    page_tr = demo.copy_for_translation(turkish, copy_parents=True).specific
    # The Turkish treatments section was created by the copy, and joined.
    assert page_tr.get_workflow().name == "Medical review"

    client = login(marketing_editor)
    data = treatment_data(page_tr.title, page_tr.slug)
    assert client.post(edit_url(page_tr), data).status_code == 302
    _state, task_state = current_task_state(page_tr)
    client = login(reviewer_user)
    response = client.post(
        workflow_action_url(page_tr, "approve", task_state), {"comment": ""}
    )
    assert response.status_code == 302
    page_tr.refresh_from_db()
    assert page_tr.live
    assert page_tr.medical_reviewer == doctor_tr
    assert page_tr.medical_reviewer.locale == turkish
    demo.refresh_from_db()
    assert demo.medical_reviewer != reviewing_doctor  # the English page is untouched
