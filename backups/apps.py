from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """``export_content`` and ``import_content``, and their archive format."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "backups"
