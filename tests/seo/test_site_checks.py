"""Site-level checks, as pure functions over plain page facts."""

from seo import site_checks
from seo.findings import ERROR, INFO, WARNING
from seo.site_checks import PageFacts


def facts(page_id, url, **kwargs):
    kwargs.setdefault("title", f"Title {page_id}")
    kwargs.setdefault("description", f"Description {page_id}")
    return PageFacts(page_id=page_id, url=url, **kwargs)


def test_duplicate_titles_ignore_case_and_noindex_pages():
    pages = [
        facts(1, "/a/", title="Stem cells"),
        facts(2, "/b/", title="STEM  cells"),
        facts(3, "/c/", title="Stem cells", noindex=True),
        facts(4, "/d/", title="Other"),
    ]
    (finding,) = site_checks.duplicate_titles(pages)
    assert finding.check == "duplicate_titles"
    assert finding.severity == WARNING
    assert finding.urls == ("/a/", "/b/")
    assert "Give each page its own SEO title" in finding.message


def test_no_duplicates_no_findings():
    pages = [facts(1, "/a/"), facts(2, "/b/")]
    assert site_checks.duplicate_titles(pages) == []
    assert site_checks.duplicate_descriptions(pages) == []


def test_a_page_and_its_translations_are_not_duplicates_of_each_other():
    """A name or a title left untranslated is one page in two languages."""
    pages = [
        facts(1, "/a/", title="Prof. Dr. Özek", translation_key="k1"),
        facts(2, "/tr/a/", title="Prof. Dr. Özek", translation_key="k1"),
        facts(3, "/b/", description="Same", translation_key="k2"),
        facts(4, "/tr/b/", description="same", translation_key="k2"),
    ]
    assert site_checks.duplicate_titles(pages) == []
    assert site_checks.duplicate_descriptions(pages) == []


def test_a_translation_sharing_another_pages_title_is_a_duplicate():
    pages = [
        facts(1, "/a/", title="Stem cells", translation_key="k1"),
        facts(2, "/tr/a/", title="Stem cells", translation_key="k1"),
        facts(3, "/tr/b/", title="Stem cells", translation_key="k2"),
        # Nobody's translation: a page of its own.
        facts(4, "/c/", title="Other"),
        facts(5, "/d/", title="other"),
    ]
    stem_cells, other = site_checks.duplicate_titles(pages)
    assert stem_cells.urls == ("/a/", "/tr/a/", "/tr/b/")
    assert stem_cells.message.startswith("3 pages share the SEO title")
    assert other.urls == ("/c/", "/d/")


def test_duplicate_descriptions():
    pages = [facts(1, "/a/", description="Same"), facts(2, "/b/", description="same")]
    (finding,) = site_checks.duplicate_descriptions(pages)
    assert finding.check == "duplicate_descriptions"
    assert finding.urls == ("/a/", "/b/")


def test_missing_descriptions_lists_every_page_without_one():
    pages = [
        facts(1, "/a/", description=" "),
        facts(2, "/b/"),
        facts(3, "/c/", description=""),
    ]
    (finding,) = site_checks.missing_descriptions(pages)
    assert finding.urls == ("/a/", "/c/")
    assert finding.message.startswith("2 pages have no meta description")


def test_orphans_are_pages_nothing_leads_to():
    pages = [
        facts(1, "/", is_root=True, linked_page_ids={3}),
        facts(2, "/treatments/", in_menu=True),
        facts(3, "/linked/"),
        facts(4, "/treatments/listed/", listed_by_parent=True),
        facts(5, "/forgotten/"),
    ]
    (finding,) = site_checks.orphans(pages)
    assert finding.check == "orphan_pages"
    assert finding.urls == ("/forgotten/",)


def test_broken_internal_links_name_the_source_and_target():
    links = [
        ("/a/", 10, "body[2] (paragraph)"),
        ("/a/", 11, "summary"),
        ("/b/", 12, "x"),
    ]
    (finding,) = site_checks.broken_internal_links(links, live_ids={11, 12})
    assert finding.severity == ERROR
    assert finding.urls == ("/a/",)
    assert "body[2] (paragraph) → 10" in finding.message


def test_redirect_chain_and_loop():
    chain = site_checks.redirect_chains([("/old", "/newer"), ("/newer", "/newest")])
    assert [f.severity for f in chain] == [WARNING]
    assert chain[0].urls == ("/old", "/newer", "/newest")
    assert "Point /old straight at /newest" in chain[0].message
    loop = site_checks.redirect_chains([("/x", "/y"), ("/y", "/x")])
    assert {f.severity for f in loop} == {ERROR}
    assert "Redirect loop" in loop[0].message
    assert site_checks.redirect_chains([("/a", "/b"), ("/c", None)]) == []


def test_sitemap_exclusions_are_a_note():
    pages = [facts(1, "/a/", in_sitemap=False), facts(2, "/b/")]
    (finding,) = site_checks.sitemap_exclusions(pages)
    assert finding.severity == INFO
    assert finding.urls == ("/a/",)


def test_broken_outbound_links():
    (finding,) = site_checks.broken_outbound_links(
        [("https://gone.example/x", 404, {"/b/", "/a/"})]
    )
    assert finding.severity == ERROR
    assert finding.urls == ("/a/", "/b/")
    assert "https://gone.example/x does not answer (404 Not Found)" in finding.message
