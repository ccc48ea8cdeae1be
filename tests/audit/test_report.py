"""The audit's verdicts and table (audit/report.py): pure, no browser."""

from audit import report


def lighthouse_json(scores, audits):
    """A minimal Lighthouse report: categories with audit refs, and audits."""
    return {
        "categories": {
            name: {
                "score": score,
                "auditRefs": [
                    {"id": audit_id, "weight": weight}
                    for audit_id, weight, _ in audits.get(name, [])
                ],
            }
            for name, score in scores.items()
        },
        "audits": {
            audit_id: {
                "title": audit_id,
                "score": value,
                "scoreDisplayMode": "binary" if value is not None else "notApplicable",
            }
            for refs in audits.values()
            for audit_id, _, value in refs
        },
    }


def perfect():
    return {
        "name": "Home",
        "path": "/",
        "lighthouse": {
            name: {"score": 100, "raw": 100, "failing": []}
            for name in report.CATEGORIES
        },
        "axe": [],
        "vnu": [],
    }


def test_category_score_is_lighthouses_weighted_mean():
    refs = [
        {"id": "a", "weight": 3, "score": 1, "mode": "binary"},
        {"id": "b", "weight": 1, "score": 0, "mode": "binary"},
        {"id": "c", "weight": 0, "score": None, "mode": "notApplicable"},
    ]
    assert report.category_score(refs) == 75
    assert report.category_score(refs, exempt={"b"}) == 100
    assert report.category_score([]) is None


def test_excused_audits_raise_the_score_only_where_listed():
    data = lighthouse_json(
        {"performance": 0.99, "accessibility": 1, "best-practices": 1, "seo": 0.45},
        {
            "seo": [
                ("is-crawlable", 4, 0),
                ("http-status-code", 1, 0),
                ("document-title", 1, 1),
                ("meta-description", 1, 0),
            ]
        },
    )
    plain = report.summarise_lighthouse(data)
    assert plain["seo"]["score"] == 14
    assert plain["performance"] == {"score": 99, "raw": 99, "failing": []}
    error_page = report.summarise_lighthouse(data, excused=report.ERROR_PAGE)
    assert error_page["seo"]["score"] == 50  # meta-description is never excused
    assert error_page["seo"]["raw"] == 45
    excused = {a["id"]: a["excused"] for a in error_page["seo"]["failing"]}
    assert excused["meta-description"] == ""
    assert excused["is-crawlable"]


def test_a_perfect_page_meets_every_target():
    assert report.misses(perfect()) == []
    assert report.passed([perfect()])
    assert not report.passed([])


def test_each_target_is_enforced():
    page = perfect()
    page["lighthouse"]["performance"]["score"] = 94
    page["lighthouse"]["seo"]["score"] = None
    page["axe"] = [
        {"id": "color-contrast", "impact": "serious", "help": "", "nodes": []}
    ]
    page["vnu"] = None
    problems = report.misses(page)
    assert "Lighthouse performance 94 < 95" in problems
    assert "Lighthouse seo: no score" in problems
    assert "axe: 1 violation(s) (color-contrast)" in problems
    assert "vnu: not run" in problems
    assert not report.passed([perfect(), page])


def test_performance_of_95_passes():
    page = perfect()
    page["lighthouse"]["performance"]["score"] = 95
    assert report.misses(page) == []


def test_table_has_a_row_per_page_and_marks_misses():
    bad = perfect() | {"name": "404", "path": "/x/", "vnu": [{"message": "m"}]}
    bad["lighthouse"] = {**bad["lighthouse"]}
    bad["lighthouse"]["seo"] = {"score": 83, "raw": 45, "failing": []}
    lines = report.table([perfect(), bad]).splitlines()
    assert lines[0].startswith("| Page | Perf | A11y | BP | SEO | axe | vnu |")
    assert "| ≥ 95 |" in lines[2]
    assert lines[3].endswith("| 0 | 0 | yes |")
    assert "83 (45*) ✗" in lines[4]
    assert lines[4].endswith("| 0 | 1 ✗ | NO |")


def test_details_name_each_problem():
    page = perfect()
    page["axe"] = [
        {
            "id": "label",
            "impact": "critical",
            "help": "Form elements need labels",
            "nodes": ["<input>"],
        }
    ]
    text = report.details([page])
    assert "### Home `/`" in text
    assert "axe `label` (critical)" in text
    assert "`<input>`" in text
    assert report.details([perfect()]) == ""
