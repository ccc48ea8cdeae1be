"""What approving a medical review does to the page.

When the last task is approved, Wagtail finishes the workflow with
``WorkflowState.on_finish`` (``WAGTAIL_FINISH_WORKFLOW_ACTION``; ours is
``reviews.workflows.publish_approved_workflow_state``), which publishes the
page's *latest* revision; ``PublishRevisionAction`` schedules that revision
instead when its ``go_live_at`` is in the future. So, just before the task
state is approved, the review is saved as a new latest revision: a copy of the
latest one (what the reviewer saw and approved, including any correction they
made in the editor while approving) with ``medical_reviewer`` and
``last_reviewed`` set. The task state is pointed at that revision, so the
workflow's history names the revision that goes live, and a finish action that
publishes ``current_task_state.revision`` would publish the same one.
"""

from wagtail.log_actions import log

RECORD_REVIEW_ACTION = "reviews.record_review"

_UNSET = object()


def reviewing_doctor(user):
    """The ``Doctor`` linked to ``user``'s account, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_reviews_doctor", _UNSET)
    if cached is _UNSET:
        from doctors.models import Doctor

        cached = Doctor.objects.filter(user=user).first()
        user._reviews_doctor = cached
    return cached


def doctor_for_locale(doctor, locale):
    """The doctor's translation in the page's language when there is one.

    Translations of a snippet are separate rows and only one of them can be
    linked to the account, so a Turkish page reviewed by a doctor whose English
    profile holds the account gets the doctor's Turkish profile.
    """
    if locale is None or doctor.locale_id == getattr(locale, "pk", None):
        return doctor
    return doctor.get_translation_or_none(locale) or doctor


def record_review(task_state, doctor, user, day):
    """Save a revision recording ``doctor``'s review on ``day``; return it.

    Returns None (and changes nothing) for pages without review fields, such
    as a treatment index page that shares the section's workflow.
    """
    content = task_state.workflow_state.content_object
    draft = content.specific.get_latest_revision_as_object()
    if not (hasattr(draft, "medical_reviewer") and hasattr(draft, "last_reviewed")):
        return None
    reviewer = doctor_for_locale(doctor, draft.locale)
    draft.medical_reviewer = reviewer
    draft.last_reviewed = day
    revision = draft.save_revision(user=user, clean=False)
    # The workflow state finishes with its own cached copy of the page, whose
    # latest revision must now be this one.
    content.refresh_from_db(fields=["latest_revision", "has_unpublished_changes"])
    task_state.revision = revision
    task_state.save(update_fields=["revision"])
    log(
        instance=draft,
        action=RECORD_REVIEW_ACTION,
        user=user,
        revision=revision,
        data={
            "doctor": {"id": reviewer.pk, "name": reviewer.full_name},
            "date": day.isoformat(),
        },
    )
    return revision
