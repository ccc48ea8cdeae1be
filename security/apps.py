from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Security headers, login lockout and two-factor authentication.

    The settings are in ``clinic_site/settings/security.py``; this app holds the
    code they point at: the Content-Security-Policy middleware, the lockout
    page, the 2FA code page and the admin's list of locked-out logins.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
