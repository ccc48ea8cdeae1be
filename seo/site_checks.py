"""Site-level checks: what only shows when all pages are looked at together.

Each function takes plain data (lists of ``PageFacts``, id sets, redirect
pairs) and returns ``SiteFinding``s, so it can be tested without a database.
``seo.audit`` gathers the data.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from .findings import ERROR, INFO, SEVERITY_LABELS, WARNING
from .link_problems import problem_message
from .messages import gettext as _
from .messages import message_fields, ngettext, render


@dataclass(frozen=True)
class SiteFinding:
    check: str
    severity: str
    message: str
    urls: tuple = ()

    @property
    def severity_label(self):
        return SEVERITY_LABELS.get(self.severity, self.severity)

    def as_dict(self):
        return {
            "check": self.check,
            "severity": self.severity,
            "message": str(self.message),
            "urls": list(self.urls),
        }

    def as_stored_dict(self):
        """``as_dict`` and, for a ``Message``, what is needed to translate it
        again when it is read."""
        return {**self.as_dict(), **message_fields(self.message)}

    @classmethod
    def from_dict(cls, data):
        """A stored site-wide finding, its message in the current language."""
        return cls(
            data["check"], data["severity"], render(data), tuple(data.get("urls", ()))
        )


@dataclass
class PageFacts:
    """What the site checks need to know about one live page."""

    page_id: int
    url: str
    title: str
    description: str = ""
    noindex: bool = False
    is_root: bool = False
    listed_by_parent: bool = False
    in_menu: bool = False
    in_sitemap: bool = True
    linked_page_ids: set = field(default_factory=set)
    #: Shared by a page and its translations (Wagtail's ``translation_key``);
    #: None for a page that is nobody's translation.
    translation_key: object = None

    @property
    def translation_group(self):
        """What a page shares with its translations, and with no other page."""
        if self.translation_key is None:
            return ("page", self.page_id)
        return self.translation_key


def _normalised(text):
    return " ".join((text or "").casefold().split())


def _duplicates(pages, attribute, check, message):
    """Pages (indexable ones) whose ``attribute`` is the same, ignoring case.

    A page and its translations sharing a value (a name, a title left
    untranslated) are one page in several languages, not duplicates: a group
    is reported only when it holds pages that are not translations of each
    other, and then with every page in it.

    ``message(count)`` is the finding's text, with ``%(count)s`` and
    ``%(value)s`` to fill in.
    """
    groups = defaultdict(list)
    for page in pages:
        value = getattr(page, attribute)
        if _normalised(value) and not page.noindex:
            groups[_normalised(value)].append(page)
    groups = {
        key: [(page.url, getattr(page, attribute)) for page in group]
        for key, group in groups.items()
        if len({page.translation_group for page in group}) > 1
    }
    return [
        SiteFinding(
            check,
            WARNING,
            message(len(group)) % {"count": len(group), "value": group[0][1]},
            tuple(sorted(url for url, _value in group)),
        )
        for group in groups.values()
        if len(group) > 1
    ]


def duplicate_titles(pages):
    return _duplicates(
        pages,
        "title",
        "duplicate_titles",
        lambda count: ngettext(
            "%(count)s page has the SEO title “%(value)s”. Give each page its "
            "own SEO title.",
            "%(count)s pages share the SEO title “%(value)s”. Give each page its "
            "own SEO title.",
            count,
        ),
    )


def duplicate_descriptions(pages):
    return _duplicates(
        pages,
        "description",
        "duplicate_descriptions",
        lambda count: ngettext(
            "%(count)s page has the meta description “%(value)s”. Give each "
            "page its own meta description.",
            "%(count)s pages share the meta description “%(value)s”. Give each "
            "page its own meta description.",
            count,
        ),
    )


def missing_descriptions(pages):
    urls = tuple(
        sorted(p.url for p in pages if not p.description.strip() and not p.noindex)
    )
    if not urls:
        return []
    return [
        SiteFinding(
            "missing_descriptions",
            WARNING,
            ngettext(
                "%(count)s page has no meta description. Write one of 120–160 "
                "characters that says what the page offers.",
                "%(count)s pages have no meta description. Write one of 120–160 "
                "characters that says what the page offers.",
                len(urls),
            )
            % {"count": len(urls)},
            urls,
        )
    ]


def orphans(pages):
    """Pages that nothing leads to: no link, no listing, no menu entry."""
    linked = set().union(*(page.linked_page_ids for page in pages)) if pages else set()
    urls = tuple(
        sorted(
            page.url
            for page in pages
            if not (
                page.is_root
                or page.listed_by_parent
                or page.in_menu
                or page.page_id in linked
            )
        )
    )
    if not urls:
        return []
    return [
        SiteFinding(
            "orphan_pages",
            WARNING,
            ngettext(
                "%(count)s page has no internal link pointing to it. Link to it "
                "from a related page so visitors and search engines find it.",
                "%(count)s pages have no internal link pointing to them. Link to "
                "each from a related page so visitors and search engines find it.",
                len(urls),
            )
            % {"count": len(urls)},
            urls,
        )
    ]


def broken_internal_links(links, live_ids):
    """``links`` is a list of (source URL, target page id, where)."""
    broken = defaultdict(list)
    for source_url, page_id, where in links:
        if page_id not in live_ids:
            broken[source_url].append(f"{where} → {page_id}")
    return [
        SiteFinding(
            "broken_internal_links",
            ERROR,
            ngettext(
                "%(source)s links to %(count)s page that is deleted or "
                "unpublished (where → page ID: %(links)s). Choose another page "
                "or remove the link.",
                "%(source)s links to %(count)s pages that are deleted or "
                "unpublished (where → page ID: %(links)s). Choose other pages "
                "or remove the links.",
                len(targets),
            )
            % {"source": source, "count": len(targets), "links": "; ".join(targets)},
            (source,),
        )
        for source, targets in sorted(broken.items())
    ]


def redirect_chains(redirects):
    """``redirects`` is a list of (old path, target path) pairs.

    A redirect whose target is itself redirected makes visitors and crawlers
    take two hops (or loop); point it straight at the final page.
    """
    targets = {old.rstrip("/") or "/": new for old, new in redirects}
    findings, loops_reported = [], set()
    for old, new in redirects:
        hops, current, seen = [old], new, {old.rstrip("/") or "/"}
        while current is not None and (current.rstrip("/") or "/") in targets:
            key = current.rstrip("/") or "/"
            hops.append(current)
            if key in seen:
                members = frozenset(hop.rstrip("/") or "/" for hop in hops)
                if members in loops_reported:
                    break
                loops_reported.add(members)
                findings.append(
                    SiteFinding(
                        "redirect_chains",
                        ERROR,
                        _("Redirect loop: %(hops)s. Break the loop.")
                        % {"hops": " → ".join(hops)},
                        tuple(hops),
                    )
                )
                break
            seen.add(key)
            current = targets[key]
        else:
            if len(hops) > 1:
                hops.append(current)
                findings.append(
                    SiteFinding(
                        "redirect_chains",
                        WARNING,
                        _(
                            "Redirect chain: %(hops)s. Point %(old)s straight at "
                            "%(final)s."
                        )
                        % {"hops": " → ".join(hops), "old": old, "final": current},
                        tuple(hops),
                    )
                )
    return findings


def sitemap_exclusions(pages):
    """Live pages that the sitemap leaves out, and why (so it is no surprise)."""
    urls = tuple(sorted(page.url for page in pages if not page.in_sitemap))
    if not urls:
        return []
    return [
        SiteFinding(
            "left_out_of_sitemap",
            INFO,
            ngettext(
                "%(count)s live page is left out of the sitemap because it is "
                "marked noindex or is private. Untick noindex if it should be "
                "found in search results.",
                "%(count)s live pages are left out of the sitemap because they "
                "are marked noindex or are private. Untick noindex on any that "
                "should be found in search results.",
                len(urls),
            )
            % {"count": len(urls)},
            urls,
        )
    ]


def broken_outbound_links(broken):
    """``broken`` is a list of (URL, status or error, [page URLs]): the
    status code (an int) or the link checker's stored reason."""
    return [
        SiteFinding(
            "broken_outbound_links",
            ERROR,
            _("%(url)s does not answer (%(problem)s). Update or remove the link.")
            % {"url": url, "problem": problem_message(problem)},
            tuple(sorted(pages)),
        )
        for url, problem, pages in broken
    ]


SITE_CHECKS = [
    ("duplicate_titles", gettext_lazy("Duplicate titles")),
    ("duplicate_descriptions", gettext_lazy("Duplicate meta descriptions")),
    ("missing_descriptions", gettext_lazy("Missing meta descriptions")),
    ("orphan_pages", gettext_lazy("Orphan pages")),
    ("broken_internal_links", gettext_lazy("Broken internal links")),
    ("redirect_chains", gettext_lazy("Redirect chains")),
    ("left_out_of_sitemap", gettext_lazy("Left out of the sitemap")),
    ("broken_outbound_links", gettext_lazy("Broken outbound links")),
]
