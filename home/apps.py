from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The shared app: home page, site settings, doctors and shared blocks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from . import cache

        cache.connect()
