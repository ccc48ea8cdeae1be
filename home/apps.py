from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page and its featured treatments."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
