from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """Editorial governance: roles, the medical review workflow, review reminders."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = _("Editorial governance")

    def ready(self):
        from . import signals  # noqa: F401
