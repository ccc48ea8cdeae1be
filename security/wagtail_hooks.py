"""Admin views: Settings > Login lockouts, and the two-factor code page.

Login lockouts: django-axes registers its models in Django's admin, which this
site does not serve. The same can be done from the shell:
``manage.py axes_list_attempts``, ``axes_reset_username NAME``,
``axes_reset_ip_username IP NAME``.
"""

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies.base import BasePermissionPolicy

from .two_factor import LoginView


class AdministratorsMayUnlock(BasePermissionPolicy):
    """Only active superusers, and only to list attempts and delete them."""

    allowed_actions = frozenset({"view", "delete"})

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.allowed_actions.intersection(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class UnlockView(DeleteView):
    """Deleting an attempt unlocks its username and address altogether.

    django-axes adds up the failures of every row for the pair (one per
    browser), so removing only the chosen row could leave the pair locked.
    """

    page_title = _("Unlock")
    success_message = _("Sign-in unlocked.")

    @property
    def confirmation_message(self):
        return _("Let “%(username)s” sign in again from %(ip)s?") % {
            "username": self.object.username,
            "ip": self.object.ip_address or _("any address"),
        }

    def get_usage_url(self):
        return None

    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete")
            AccessAttempt.objects.filter(
                username=self.object.username, ip_address=self.object.ip_address
            ).delete()


class AccessAttemptViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = _("Login lockouts")
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    delete_view_class = UnlockView
    form_fields = ["username"]
    list_display = [
        "username",
        "ip_address",
        "failures_since_start",
        "attempt_time",
        "user_agent",
    ]
    search_fields = ["username", "ip_address"]
    search_backend_name = None

    @property
    def permission_policy(self):
        return AdministratorsMayUnlock(self.model)

    def get_urlpatterns(self):
        # Listing and unlocking only: attempts are recorded by django-axes.
        keep = {"index", "index_results", "delete"}
        return [url for url in super().get_urlpatterns() if url.name in keep]

    def get_permissions_to_register(self):
        # Nothing to grant to groups: the policy above ignores permissions.
        return Permission.objects.none()


@hooks.register("register_admin_urls")
def two_factor_login_url():
    """wagtail-2fa's code page, with a form that works with django-otp 1.7."""
    return [path("2fa/auth", LoginView.as_view(), name="wagtail_2fa_auth")]


@hooks.register("register_admin_viewset")
def register_access_attempt_viewset():
    return AccessAttemptViewSet("login_lockouts")
