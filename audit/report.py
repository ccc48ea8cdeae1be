"""Targets, verdicts and the results table: pure functions, unit-tested.

A page result is a plain dict (it is also what ``latest.json`` holds)::

    {"name": "Seed page", "path": "/treatments/…/", "status": 200,
     "lighthouse": {"performance": {"score": 100, "raw": 100, "failing": [...]},
                    ...},
     "axe": [{"id", "impact", "help", "nodes": [html, ...]}],
     "vnu": [{"message", "extract", "line"}]}

``raw`` is Lighthouse's own category score; ``score`` is the same weighted mean
without the audits the page fails by design (``EXCUSES``: the 404's status,
the noindex of the 404 and search pages), and equals ``raw`` everywhere else.
"""

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {
    "performance": 95,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
    "axe": 0,
    "vnu": 0,
}
SHORT = {
    "performance": "Perf",
    "accessibility": "A11y",
    "best-practices": "BP",
    "seo": "SEO",
}

# Audits some pages fail by design, each with the reason. A page lists the
# ones it may fail (run.PAGES); nothing else is ever excused.
#  - The 404 page answers 404, is noindex, and Chromium logs the 404 status of
#    the document itself as a console error.
#  - Search result pages are noindex: search engines ask sites to keep their
#    internal search results out of the index.
EXCUSES = {
    "http-status-code": "a 404 page answers 404",
    "is-crawlable": "noindex on purpose (error and search-result pages)",
    "errors-in-console": "Chromium logs the 404 status of the document itself",
}
ERROR_PAGE = ("http-status-code", "is-crawlable", "errors-in-console")
NOINDEX_PAGE = ("is-crawlable",)


def category_score(refs, exempt=()):
    """Lighthouse's weighted mean (0-100) of ``refs`` without ``exempt`` audits.

    ``refs`` is a list of ``{"id", "weight", "score", "mode"}``; audits that are
    not applicable, manual or informative carry no weight, as in Lighthouse.
    Returns None when nothing is left to score.
    """
    total = weighted = 0.0
    for ref in refs:
        if ref["id"] in exempt or ref["score"] is None:
            continue
        if ref["mode"] in ("notApplicable", "manual", "informative", "error"):
            continue
        total += ref["weight"]
        weighted += ref["weight"] * ref["score"]
    if not total:
        return None
    return round(100 * weighted / total)


def summarise_lighthouse(report, excused=()):
    """The compact per-category summary of one Lighthouse JSON report.

    ``excused``: ids of audits (keys of ``EXCUSES``) this page fails by design.
    """
    summary = {}
    exempt = {audit_id: EXCUSES[audit_id] for audit_id in excused}
    for name in CATEGORIES:
        category = report.get("categories", {}).get(name)
        if not category or category.get("score") is None:
            summary[name] = {"score": None, "raw": None, "failing": []}
            continue
        refs, failing = [], []
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            refs.append(
                {
                    "id": ref["id"],
                    "weight": ref["weight"],
                    "score": audit.get("score"),
                    "mode": audit.get("scoreDisplayMode"),
                }
            )
            if (
                ref["weight"] > 0
                and audit.get("score") is not None
                and audit["score"] < 1
            ):
                failing.append(
                    {
                        "id": ref["id"],
                        "title": audit.get("title", ""),
                        "score": audit["score"],
                        "display": audit.get("displayValue", ""),
                        "excused": exempt.get(ref["id"], ""),
                    }
                )
        raw = round(100 * category["score"])
        score = raw if name == "performance" else category_score(refs, exempt)
        summary[name] = {"score": score, "raw": raw, "failing": failing}
    return summary


def misses(result):
    """The targets this page misses, as short sentences (empty: all met)."""
    problems = []
    if result.get("error"):
        problems.append(f"audit error: {result['error']}")
    for name in CATEGORIES:
        entry = result.get("lighthouse", {}).get(name) or {}
        score = entry.get("score")
        if score is None:
            problems.append(f"Lighthouse {name}: no score")
        elif score < TARGETS[name]:
            problems.append(f"Lighthouse {name} {score} < {TARGETS[name]}")
    axe = result.get("axe")
    if axe is None:
        problems.append("axe: not run")
    elif len(axe) > TARGETS["axe"]:
        ids = ", ".join(sorted({violation["id"] for violation in axe}))
        problems.append(f"axe: {len(axe)} violation(s) ({ids})")
    vnu = result.get("vnu")
    if vnu is None:
        problems.append("vnu: not run")
    elif len(vnu) > TARGETS["vnu"]:
        problems.append(f"vnu: {len(vnu)} error(s)")
    return problems


def _cell(entry, target):
    score = (entry or {}).get("score")
    if score is None:
        return "–"
    mark = "" if score >= target else " ✗"
    raw = entry.get("raw")
    shown = f"{score}" if raw in (None, score) else f"{score} ({raw}*)"
    return shown + mark


def _count(items, target):
    if items is None:
        return "–"
    return f"{len(items)}" + ("" if len(items) <= target else " ✗")


def table(results):
    """One markdown table: a row per page, a column per target."""
    head = ["Page", *(SHORT[name] for name in CATEGORIES), "axe", "vnu", "OK"]
    target_row = [
        "target",
        *(
            f"≥ {TARGETS[name]}" if name == "performance" else f"{TARGETS[name]}"
            for name in CATEGORIES
        ),
        "0",
        "0",
        "",
    ]
    rows = [head, ["---"] * len(head), target_row]
    for result in results:
        lighthouse = result.get("lighthouse", {})
        rows.append(
            [
                f"{result['name']} `{result['path']}`",
                *(_cell(lighthouse.get(name), TARGETS[name]) for name in CATEGORIES),
                _count(result.get("axe"), TARGETS["axe"]),
                _count(result.get("vnu"), TARGETS["vnu"]),
                "yes" if not misses(result) else "NO",
            ]
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def details(results):
    """Markdown lines on every failing audit, violation and error, page by page."""
    lines = []
    for result in results:
        page_lines = []
        for name in CATEGORIES:
            for audit in (result.get("lighthouse", {}).get(name) or {}).get(
                "failing", []
            ):
                note = f" (excused: {audit['excused']})" if audit["excused"] else ""
                value = f" {audit['display']}" if audit["display"] else ""
                page_lines.append(
                    f"- Lighthouse {name}: `{audit['id']}` {audit['title']}"
                    f" (score {audit['score']}{value}){note}"
                )
        for violation in result.get("axe") or []:
            nodes = "; ".join(f"`{node[:120]}`" for node in violation["nodes"][:3])
            page_lines.append(
                f"- axe `{violation['id']}` ({violation['impact']}):"
                f" {violation['help']}: {nodes}"
            )
        for error in result.get("vnu") or []:
            page_lines.append(
                f"- vnu line {error.get('line')}: {error['message']}"
                f" `{(error.get('extract') or '').strip()[:120]}`"
            )
        if result.get("error"):
            page_lines.append(f"- error: {result['error']}")
        if page_lines:
            lines.append(f"### {result['name']} `{result['path']}`")
            lines.extend(page_lines)
            lines.append("")
    return "\n".join(lines)


def passed(results):
    return bool(results) and not any(misses(result) for result in results)
