"""The page mixin that connects wagtail-seo to the clinic's own settings."""

from functools import cached_property

from wagtail.models import Site
from wagtailseo.models import SeoMixin, SeoSettings


class ClinicSeoMixin(SeoMixin):
    """wagtail-seo's fields and panels, with the clinic as the site's name.

    wagtail-seo names the site after ``Site.site_name``; we use the clinic's
    name from ``ClinicSettings`` so it is typed once. Its JSON-LD templates are
    not used: ``seo.graph`` builds the graph and ``seo.jsonld`` escapes it.

    wagtail-seo's properties look the site and its settings up afresh on every
    call; while a page is being served they come from the request instead,
    where Wagtail caches them, so a page view does not repeat those queries.
    """

    class Meta:
        abstract = True

    _seo_request = None

    def get_context(self, request, *args, **kwargs):
        self._seo_request = request
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumb_pages"] = self.breadcrumb_pages
        return context

    @cached_property
    def breadcrumb_pages(self):
        """The pages from the home page down to this one (one query)."""
        return list(self.get_ancestors(inclusive=True).filter(depth__gt=1))

    @cached_property
    def seo_site(self):
        if self._seo_request is not None:
            return Site.find_for_request(self._seo_request)
        return self.get_site()

    def _site_setting(self, model):
        if self._seo_request is not None:
            return model.for_request(self._seo_request)
        return model.for_site(self.seo_site)

    @cached_property
    def seo_sitename(self):
        from home.models import ClinicSettings

        if self.seo_site is None:
            return ""
        clinic_name = self._site_setting(ClinicSettings).name
        return clinic_name or self.seo_site.site_name or ""

    @cached_property
    def seo_image(self):
        if self.og_image_id:
            return self.og_image
        if self.seo_site is None:
            return None
        return self._site_setting(SeoSettings).og_image_default
