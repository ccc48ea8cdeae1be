from django.apps import AppConfig


class DoctorsConfig(AppConfig):
    """The ``Doctor`` snippet, the doctors page and the profiles it serves."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "doctors"
