from django.apps import AppConfig


class ClinicSiteConfig(AppConfig):
    """The project's plumbing: health check, cache glue, navigation tags.

    Installed as an app for its template tags and ``ensure_superuser``; it sits
    on top of every other app and may import any of them.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic_site"

    def ready(self):
        from . import cache_invalidation

        cache_invalidation.connect()
