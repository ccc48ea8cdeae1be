"""The medical review task: a group approval that records who reviewed the page."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask

from .approval import record_review, reviewing_doctor

REQUEST_CHANGES_ONLY_LABEL = _(
    "Request changes (you cannot approve: no doctor profile is linked to your account)"
)


class MedicalReviewTask(GroupApprovalTask):
    """Approval by a doctor, which signs the page off as medically reviewed.

    Approving records the approving doctor (the ``Doctor`` whose ``user`` is
    the approving account) and the day of approval as the page's
    ``medical_reviewer`` and ``last_reviewed``, in a new revision that the
    workflow then publishes (or schedules, if the page has a go-live date in
    the future). A member of the task's groups with no linked doctor can only
    request changes: an approval by them would publish a page whose "reviewed
    by" names nobody, or the previous reviewer.
    """

    class Meta:
        verbose_name = _("medical review task")
        verbose_name_plural = _("medical review tasks")

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions or reviewing_doctor(user) is not None:
            return actions
        return [("reject", REQUEST_CHANGES_ONLY_LABEL, True)]

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            doctor = reviewing_doctor(user)
            if doctor is None:
                raise PermissionDenied(
                    _("Only a reviewer with a linked doctor profile can approve.")
                )
            record_review(task_state, doctor, user, timezone.localdate())
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups check the page's medical content. "
            "Approving makes the approving doctor (the doctor profile linked to "
            "the reviewer's account) the page's medical reviewer, sets its "
            "last-reviewed date to the day of approval, and publishes it. "
            "Reviewers without a linked doctor profile can only request changes."
        )
