"""Who sees the editors' reports and dashboard panels: page editors.

Shared by the SEO panel here and the review-due report and panel in ``reviews``.
"""

from wagtail.permissions import page_permission_policy

# The report and panels are for anyone who can work on pages; medical
# reviewers qualify through their edit permission on the treatment sections.
EDITOR_ACTIONS = ["add", "change", "publish"]


def can_edit_pages(user):
    return page_permission_policy.user_has_any_permission(user, EDITOR_ACTIONS)


def editable_by(queryset, user):
    """``queryset`` narrowed to the pages ``user`` may add to, edit or publish."""
    if user.is_active and user.is_superuser:
        return queryset
    editable = page_permission_policy.instances_user_has_any_permission_for(
        user, EDITOR_ACTIONS
    )
    return queryset.filter(pk__in=editable.values("pk"))
