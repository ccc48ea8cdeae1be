from django.apps import AppConfig


class ClinicConfig(AppConfig):
    """The clinic's identity: its settings and theme. Imports no app of ours."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic"

    def ready(self):
        from . import memo

        memo.connect()
