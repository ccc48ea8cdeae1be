from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site: the seed page, its translations and the page generator."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
