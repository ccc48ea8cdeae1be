from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
                content=_(
                    "The clinic's name, address, phone and opening hours for "
                    "search engines come from Settings &gt; Clinic."
                )
            ),
            SeoSettings.panels[0],
        ]
        from . import signals

        # Publishing, unpublishing, moving or deleting a page queues its
        # re-audit (seo.signals, seo.tasks).
        signals.connect()
