from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site search: views, query handling, synonyms, vocabulary, analytics."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"

    def ready(self):
        from . import signals

        signals.connect()
