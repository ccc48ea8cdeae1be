from django.apps import AppConfig


class SeoConfig(AppConfig):
    """Our SEO and trust tooling, built on top of wagtail-seo."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "seo"

    def ready(self):
        from wagtail.admin.panels import HelpPanel
        from wagtailseo.models import SeoSettings

        # The clinic's name, address and phone are typed once, in Settings >
        # Clinic. wagtail-seo's own organisation fields would be a second copy
        # (and its free-form JSON field can break every page), so its settings
        # form keeps only the social-card switches.
        SeoSettings.panels = [
            HelpPanel(
                content=(
                    "The clinic's name, address, phone and opening hours for "
                    "search engines come from Settings &gt; Clinic."
                )
            ),
            SeoSettings.panels[0],
        ]
        self._refresh_dashboard_on_publish()

    @staticmethod
    def _refresh_dashboard_on_publish():
        """A publish or unpublish makes the dashboard panel audit again."""
        from wagtail.signals import page_published, page_unpublished

        from .dashboard_summary import invalidate

        def refresh(**kwargs):
            invalidate()

        page_published.connect(refresh, weak=False, dispatch_uid="seo-dashboard")
        page_unpublished.connect(refresh, weak=False, dispatch_uid="seo-dashboard")
