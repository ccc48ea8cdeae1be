"""The editor's view of the checks: a preview mode beside the page form.

Wagtail's live preview re-renders the chosen preview mode as the editor types
(``WAGTAIL_AUTO_UPDATE_PREVIEW``), so choosing "SEO & trust checks" in the
preview panel gives analysis that follows every edit, before saving.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from clinic.models import ClinicSettings

from .checks import GROUPS, run_checks, score
from .content import extract
from .serp import snippet_preview

PREVIEW_MODE = "seo-checks"
PREVIEW_MODE_LABEL = _("SEO & trust checks")
GROUP_LABELS = {
    "seo": _("Search engines"),
    "readability": _("Readability"),
    "trust": _("Medical trust"),
    "claims": _("Claims"),
}


def _page_url(page, site):
    """The page's address, or where it will be once saved."""
    try:
        url = page.get_full_url()
    except (AttributeError, TypeError, ValueError):
        url = None
    if url:
        return url
    root = site.root_url if site else ""
    return f"{root}/{page.slug}/" if page.slug else f"{root}/"


def preview_context(page, request):
    """Everything the checks template shows, for an unsaved page as it stands."""
    site = Site.find_for_request(request) or page.get_site()
    clinic = ClinicSettings.for_site(site) if site else None
    content = extract(page, clinic, site)
    results = run_checks(content)
    serp = snippet_preview(
        content.seo_title, content.description, _page_url(page, site)
    )
    return {
        "page": page,
        "score": score(results),
        "serp": serp,
        "groups": [
            (GROUP_LABELS.get(group, group), [r for r in results if r.group == group])
            for group in GROUPS
            if any(r.group == group for r in results)
        ],
    }
