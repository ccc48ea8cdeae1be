from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TreatmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treatments"

    def ready(self):
        from .reindex import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="reindex")
