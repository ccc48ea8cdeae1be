"""Site-level checks: what only shows when all pages are looked at together.

Each function takes plain data (lists of ``PageFacts``, id sets, redirect
pairs) and returns ``SiteFinding``s, so it can be tested without a database.
``seo.audit`` gathers the data.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from .findings import ERROR, INFO, WARNING


@dataclass(frozen=True)
class SiteFinding:
    check: str
    severity: str
    message: str
    urls: tuple = ()

    def as_dict(self):
        data = asdict(self)
        data["urls"] = list(self.urls)
        return data


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


def _normalised(text):
    return " ".join((text or "").casefold().split())


def _duplicates(pages, attribute, check, label):
    """Pages (indexable ones) whose ``attribute`` is the same, ignoring case."""
    groups = defaultdict(list)
    for page in pages:
        value = getattr(page, attribute)
        if _normalised(value) and not page.noindex:
            groups[_normalised(value)].append((page.url, value))
    return [
        SiteFinding(
            check,
            WARNING,
            f"{len(group)} pages share the {label} “{group[0][1]}”. "
            f"Give each page its own {label}.",
            tuple(sorted(url for url, _value in group)),
        )
        for group in groups.values()
        if len(group) > 1
    ]


def duplicate_titles(pages):
    return _duplicates(pages, "title", "duplicate_titles", "SEO title")


def duplicate_descriptions(pages):
    return _duplicates(
        pages, "description", "duplicate_descriptions", "meta description"
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
            f"{len(urls)} page(s) have no meta description. Write one of "
            "120–160 characters that says what the page offers.",
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
            f"{len(urls)} page(s) have no internal link pointing to them. Link to "
            "each from a related page so visitors and search engines find it.",
            urls,
        )
    ]


def broken_internal_links(links, live_ids):
    """``links`` is a list of (source URL, target page id, where)."""
    broken = defaultdict(list)
    for source_url, page_id, where in links:
        if page_id not in live_ids:
            broken[source_url].append(f"{where} → page {page_id}")
    return [
        SiteFinding(
            "broken_internal_links",
            ERROR,
            f"{source}: links to a page that is deleted or unpublished "
            f"({'; '.join(targets)}). Choose another page or remove the link.",
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
                        f"Redirect loop: {' → '.join(hops)}. Break the loop.",
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
                        f"Redirect chain: {' → '.join(hops)}. Point {old} straight "
                        f"at {current}.",
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
            f"{len(urls)} live page(s) are left out of the sitemap because they "
            "are marked noindex or are private. Untick noindex on any that "
            "should be found in search results.",
            urls,
        )
    ]


def broken_outbound_links(broken):
    """``broken`` is a list of (URL, status or error, [page URLs])."""
    return [
        SiteFinding(
            "broken_outbound_links",
            ERROR,
            f"{url} does not answer ({problem}). Update or remove the link.",
            tuple(sorted(pages)),
        )
        for url, problem, pages in broken
    ]


SITE_CHECKS = [
    ("duplicate_titles", "Duplicate titles"),
    ("duplicate_descriptions", "Duplicate meta descriptions"),
    ("missing_descriptions", "Missing meta descriptions"),
    ("orphan_pages", "Orphan pages"),
    ("broken_internal_links", "Broken internal links"),
    ("redirect_chains", "Redirect chains"),
    ("left_out_of_sitemap", "Left out of the sitemap"),
    ("broken_outbound_links", "Broken outbound links"),
]
