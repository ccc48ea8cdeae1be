from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Editorial governance: roles, the medical review workflow, review reminders."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = "Editorial governance"

    def ready(self):
        from . import signals  # noqa: F401
