"""The page mixin that connects wagtail-seo to the clinic's own settings."""

from functools import cached_property

from wagtailseo.models import SeoMixin


class ClinicSeoMixin(SeoMixin):
    """wagtail-seo's fields and panels, with the clinic as the site's name.

    wagtail-seo names the site after ``Site.site_name``; we use the clinic's
    name from ``ClinicSettings`` so it is typed once. Its JSON-LD templates are
    not used: ``seo.structured_data`` builds the graph and escapes it.
    """

    class Meta:
        abstract = True

    @cached_property
    def seo_sitename(self):
        from home.models import ClinicSettings

        site = self.get_site()
        if site is None:
            return ""
        clinic_name = ClinicSettings.for_site(site).name
        return clinic_name or site.site_name or ""
