"""Put a treatments section under medical review.

The data migration does this for the sections that exist when it runs; the
``post_save`` signal in ``reviews.signals`` does it for every section created
afterwards (in the admin, by ``load_demo_content`` or by a copy).
"""

from django.contrib.auth.models import Permission
from wagtail.models import (
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    get_default_page_content_type,
)

from .models import MedicalReviewTask

# The permissions the task's groups hold on each section: editing (never
# publishing), so that a doctor reminded of a due review can open the page,
# correct it and submit it. While a page is on the task Wagtail lets them edit
# it anyway (``GroupApprovalTask.user_can_access_editor``).
REVIEWER_SECTION_PERMISSIONS = ["change_page"]


def medical_review_workflow():
    """The active workflow that holds an active medical review task, if any.

    Found by its task rather than its name, so renaming it in the admin
    changes nothing.
    """
    return (
        Workflow.objects.active()
        .filter(
            workflow_tasks__task__in=MedicalReviewTask.objects.filter(
                active=True
            ).values("pk")
        )
        .order_by("pk")
        .first()
    )


def reviewer_groups(workflow=None):
    """The groups whose members approve medical reviews ("Medical Reviewers")."""
    from django.contrib.auth.models import Group

    tasks = MedicalReviewTask.objects.filter(active=True)
    if workflow is not None:
        tasks = tasks.filter(workflow_tasks__workflow=workflow)
    return Group.objects.filter(groupapprovaltask__in=tasks.values("pk")).distinct()


def govern_treatment_section(index_page):
    """Assign the medical review workflow to ``index_page`` and let reviewers
    edit under it. Does nothing if there is no such workflow; safe to repeat.

    An existing assignment of another workflow is left alone: someone chose it.
    """
    workflow = medical_review_workflow()
    if workflow is None:
        return None
    WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": workflow})
    permissions = Permission.objects.filter(
        content_type=get_default_page_content_type(),
        codename__in=REVIEWER_SECTION_PERMISSIONS,
    )
    for group in reviewer_groups(workflow):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=index_page, permission=permission
            )
    return workflow
