"""What happens when a workflow is approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail's default, ``wagtail.workflows.publish_workflow_state``, publishes the
object's latest revision *as the approving user*, checking that user's publish
permission, so an approver without it makes the approval fail. Doctors in
"Medical Reviewers" deliberately hold no publish permission (they must not
publish around the workflow), yet approving a medical review is exactly the
decision to publish. So for a workflow with a medical review task, the approval
is the authority and the permission check is skipped; every other workflow
finishes as Wagtail's default does.

The revision published is the latest, as in Wagtail's default: after
``MedicalReviewTask`` approval that is the revision carrying the review
(``reviews.approval.record_review``), which the approving task state points at.
Publishing goes through ``PublishRevisionAction``, so a go-live date in the
future schedules the revision instead (``publish_scheduled`` publishes it).

Imported by ``wagtail.models`` while the app registry loads: no model imports
at module level.
"""


def publish_approved_workflow_state(workflow_state, user=None):
    from wagtail.workflows import publish_workflow_state

    from .models import MedicalReviewTask

    if not MedicalReviewTask.objects.filter(
        workflow_tasks__workflow=workflow_state.workflow_id
    ).exists():
        return publish_workflow_state(workflow_state, user=user)
    revision = workflow_state.content_object.get_latest_revision()
    return revision.publish(user=user, skip_permission_checks=True)
