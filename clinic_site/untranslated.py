"""A page is served only in a language it is written in.

Each language has its own page tree (the Turkish home page is a translation
of the English one, with its own descendants), and ``i18n_patterns`` puts the
language in the URL (``/tr/...``; the default language has no prefix). Two
things could go wrong, and both now answer with a redirect (302, since the
translation may appear later) to the page in a language it exists in:

- A language without a live home page of its own: Wagtail then routes
  ``/tr/...`` through the default language's tree and would serve the English
  page as Turkish. ``redirect_to_own_language`` (a ``before_serve_page``
  hook) sends the visitor to the page's translation in the requested
  language when it is live, or to the page in its own language.
- A page not translated (yet): ``/tr/treatments/x/`` matches nothing in the
  Turkish tree, a 404. ``UntranslatedPageMiddleware`` looks for the same
  path in the other languages' trees and redirects to what it finds (or to
  its live translation in the requested language, whose slug differs).

Only 404s under a page path cost anything: the other trees are searched on a
404 alone, and only those whose home page has a child page named like the
path's first segment (the other languages' home pages and the slugs of their
children are kept in the shared cache by ``clinic.memo``): a crawler's guess at
an address that exists nowhere costs no query here.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from wagtail.models import Locale, Page, Site

from clinic.memo import memo

SAFE_METHODS = ("GET", "HEAD")


def _live_translation(page, language_code):
    version = (
        Page.objects.filter(
            translation_key=page.translation_key,
            locale__language_code=language_code,
        )
        .live()
        .first()
    )
    if version is None or _under_a_draft(version):
        return None
    return version.specific


def _under_a_draft(page):
    """Whether an ancestor (below the tree's root) is not live, which makes
    ``page`` unreachable however live it is itself."""
    return Page.objects.ancestor_of(page).filter(depth__gt=1, live=False).exists()


def _language_of(path):
    """The URL's language and the path without its prefix."""
    language = translation.get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return language, path[len(language) + 1 :]
    return settings.LANGUAGE_CODE, path


def redirect_to_own_language(page, request, serve_args, serve_kwargs):
    """``before_serve_page``: the page is not in the URL's language."""
    if request.method not in SAFE_METHODS:
        return None
    active = translation.get_language()
    if active == settings.LANGUAGE_CODE:
        # The site's root page is in the default language, so a page routed
        # in the default language is in it (and no query is needed to know).
        return None
    locale = Locale.get_active()
    if page.locale_id == locale.pk:
        return None
    target = _live_translation(page, active) or page
    url = target.get_url(request)
    if url and url != request.path:
        return HttpResponseRedirect(url)
    return None


def _other_roots(site, language):
    """The other languages' live home pages of ``site``, in the order of
    ``WAGTAIL_CONTENT_LANGUAGES``: (id, language, slugs of its child pages),
    the slugs None when the home page routes requests its own way."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    roots = (
        Page.objects.filter(translation_key=site.root_page.translation_key)
        .exclude(locale__language_code=language)
        .filter(locale__language_code__in=codes)
        .live()
        .select_related("locale")
    )
    result = []
    for root in sorted(roots, key=lambda root: codes.index(root.locale.language_code)):
        routes_by_slug = root.specific_class is None or (
            root.specific_class.route is Page.route
        )
        slugs = (
            frozenset(root.get_children().values_list("slug", flat=True))
            if routes_by_slug
            else None
        )
        result.append((root.pk, root.locale.language_code, slugs))
    return result


def find_in_other_languages(request, language, path):
    """The live page at ``path`` in another language's tree, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    roots = memo(
        f"untranslated:roots:{site.pk}:{language}",
        lambda: _other_roots(site, language),
    )
    for root_id, code, slugs in roots:
        if slugs is not None and (not components or components[0] not in slugs):
            # Page.route would look for that child and raise Http404.
            continue
        root = Page.objects.filter(pk=root_id).live().first()
        if root is None:
            continue
        with translation.override(code):
            try:
                result = root.specific.route(request, components)
            except Http404:
                continue
        return result[0]
    return None


class UntranslatedPageMiddleware:
    """Redirects a 404 in one language to the page where it exists."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in SAFE_METHODS:
            return response
        language, path = _language_of(request.path_info)
        page = find_in_other_languages(request, language, path)
        if page is None:
            return response
        target = _live_translation(page, language) or page
        url = target.get_url(request)
        if not url or url == request.path:
            return response
        return HttpResponseRedirect(url)
