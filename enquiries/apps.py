from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    """Patient enquiries: the form, the consent it records, where it goes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "enquiries"
    verbose_name = _("Patient enquiries")

    def ready(self):
        from . import signals

        signals.connect()
