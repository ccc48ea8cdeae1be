"""Middleware for the two Content-Security-Policies and for two-factor login."""

import django_otp
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import resolve
from wagtail_2fa.middleware import VerifyUserMiddleware as BaseVerifyUserMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with a policy of its own for the Wagtail admin.

    The public site's policy (``CONTENT_SECURITY_POLICY``) allows nothing
    inline. Wagtail's admin cannot work under it: it initialises its widgets
    with inline scripts and some of its templates use ``style`` attributes. So
    responses under ``ADMIN_CSP_PATH_PREFIX`` get ``ADMIN_CONTENT_SECURITY_POLICY``
    instead; that covers every admin view, including the page previews, the
    2FA pages and responses that never reach a view (the lockout page, 404s).

    Chosen by path rather than by decorating views: Wagtail and its add-ons
    register admin views through hooks, and a decorator missed on one of them
    would break that view under the strict policy. A view that sets its own
    policy with django-csp's decorators keeps it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.ADMIN_CSP_PATH_PREFIX)
        ):
            parts.config = default_config(
                settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        return parts


class VerifyUserMiddleware(BaseVerifyUserMiddleware):
    """wagtail-2fa's check, which also asks for a code when 2FA is optional.

    With ``WAGTAIL_2FA_REQUIRED`` off, wagtail-2fa lets users enrol a device
    but never asks for it, so enrolling would protect nothing. Here a user who
    has a confirmed device must enter a code after the password whether or not
    2FA is required; ``WAGTAIL_2FA_REQUIRED`` additionally makes users without
    a device enrol one before they can use the admin (wagtail-2fa's own rule).
    """

    def _require_verified_user(self, request):
        if settings.WAGTAIL_2FA_REQUIRED:
            return super()._require_verified_user(request)
        user = request.user
        if not user.is_authenticated:
            return False
        if not (
            user.is_staff
            or user.is_superuser
            or user.has_perms(["wagtailadmin.access_admin"])
        ):
            return False
        if resolve(request.path_info).url_name in self._allowed_url_names:
            return False
        return django_otp.user_has_device(user, confirmed=True)
