"""``sitemap.xml`` with every language's pages and their alternates.

Wagtail's sitemap lists the pages under the site's root page, which is the
default language's home page: a translated home page is a sibling of it, so
the Turkish pages were missing. This one lists the pages under the root page
and under each of its live translations, and gives each page that has other
indexable versions its ``xhtml:link`` alternates (and ``x-default``), the
same set as the page's hreflang links (``seo.languages``). Django's sitemap
template prints the alternates.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .languages import alternates, content_languages


class MultilingualSitemap(Sitemap):
    def language_roots(self):
        root = self.get_wagtail_site().root_page
        return (
            Page.objects.filter(translation_key=root.translation_key)
            .filter(locale__language_code__in=content_languages())
            .live()
        )

    def items(self):
        roots = list(self.language_roots())
        if not roots:
            return Page.objects.none()
        under_a_root = reduce(or_, [Q(path__startswith=root.path) for root in roots])
        return (
            Page.objects.filter(under_a_root)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        """Wagtail's, with the alternates added to each page's own URL (not to
        the extra URLs a page lists, such as the doctors' profiles)."""
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            for index, url_info in enumerate(item.get_sitemap_urls(self.request)):
                if index == 0:
                    url_info = {**url_info, "alternates": self.alternates(item)}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def alternates(self, item):
        versions, default_url = alternates(item, self.request)
        if not versions:
            return []
        return [
            {"lang_code": code, "location": location} for code, location in versions
        ] + [{"lang_code": "x-default", "location": default_url}]
