"""The benchmark's targets, and the bakerydemo reference figures, judged.

Each judgement is {"target", "status" ("pass" | "fail" | "n/a"), "detail"}.
Inputs are the ``runs`` of the results: {"database", "label", "size",
"status", "metrics", "rounds"}.
"""

# Render time may vary by this much between sizes and still count as "not
# growing" (this machine's run-to-run noise is ±25–50%); overlapping min–max
# ranges also count.
RENDER_GROWTH_TOLERANCE = 1.25
CACHED_MIN_SHARE_PCT = 50.0
SEARCH_TARGET_MS = 50.0
SEARCH_TARGET_SIZE = 10_000
# Publishing under load: every publish served by every server within this.
PUBLISH_STALENESS_MS = 1000.0
PUBLISH_SCENARIO = "publish-under-load"

# wagtail/bakerydemo on Wagtail 7.2 / Django 5.2, this machine, DEBUG off
# (shared/tooling-notes.md).
BAKERYDEMO = {
    "home_queries": 43,
    "home_render_ms": 136.0,
    "home_html_kb": 34.0,
    "streamfield_queries": 19,
    "streamfield_render_ms": 53.0,
    "streamfield_html_kb": 31.0,
    "streamfield_gzip_kb": 6.5,
    "blog_queries": 22,
    "blog_render_ms": 61.0,
    "search_queries": 29,
    "search_ms": 95.0,
    "page_static_pct": 2.0,
}

PASS, FAIL, NA = "pass", "fail", "n/a"
# The treatment pages whose query counts are compared (the home page is
# another page type).
TREATMENT_PAGES = ("seed", "generated")


def _value(run, key):
    return (run.get("metrics", {}).get(key) or {}).get("value")


def _summary(run, key):
    return run.get("metrics", {}).get(key) or {}


def _measured(runs):
    return [run for run in runs if run.get("status") == "ok"]


def _fmt_ms(value):
    return "–" if value is None else f"{value:.1f} ms"


def render_growth(runs):
    name = "render cost does not grow with the number of pages"
    lines, verdicts = [], []
    by_db = {}
    for run in _measured(runs):
        by_db.setdefault(run["database"], []).append(run)
    for db_runs in by_db.values():
        db_runs = sorted(db_runs, key=lambda run: run["size"])
        if len(db_runs) < 2:
            continue
        small, large = db_runs[0], db_runs[-1]
        parts = []
        for page in ("seed", "generated"):
            key = f"render.{page}.p50_ms"
            a, b = _summary(small, key), _summary(large, key)
            if a.get("value") is None or b.get("value") is None:
                continue
            ratio = b["value"] / a["value"]
            overlap = b["min"] <= a["max"] and a["min"] <= b["max"]
            ok = ratio <= RENDER_GROWTH_TOLERANCE or overlap
            verdicts.append(ok)
            parts.append(
                f"{page} {_fmt_ms(a['value'])} → {_fmt_ms(b['value'])} "
                f"(×{ratio:.2f}{', ranges overlap' if overlap else ''})"
            )
        if parts:
            lines.append(
                f"{small['label']} {small['size']:,} → {large['size']:,} pages: "
                + "; ".join(parts)
            )
    if not verdicts:
        return {"target": name, "status": NA, "detail": "needs two sizes"}
    status = PASS if all(verdicts) else FAIL
    rule = (
        f"pass when the larger site's median is within ×{RENDER_GROWTH_TOLERANCE} "
        "of the smaller's or their min–max ranges overlap"
    )
    return {"target": name, "status": status, "detail": ". ".join(lines) + f" ({rule})"}


def query_constancy(runs):
    """Pages with the same kinds of blocks must need the same number of queries,
    whatever their number of blocks, and a page the same on every size.

    A kind of block that refers to other objects (an image, a doctor) may add
    one query for all its blocks together; that is constant in the number of
    blocks. A count that differs between two pages with the same kinds of
    blocks, or for one page between sizes, is not.
    """
    name = "query count per page is constant in the number of blocks"
    observations = []  # (where, database, page, blocks, kinds, queries)
    for run in _measured(runs):
        where = f"{run['label']} {run['size']:,}"
        for one in run.get("rounds", []):
            probe = one.get("probe") or {}
            rows = [
                {"slug": page_name, **figures}
                for page_name, figures in (probe.get("pages") or {}).items()
                if page_name in TREATMENT_PAGES
            ] + list(probe.get("query_scan") or [])
            for row in rows:
                if row.get("queries") is None:
                    continue
                kinds = frozenset(row.get("block_types") or {})
                observations.append(
                    (
                        where,
                        run["database"],
                        row["slug"],
                        row.get("blocks"),
                        kinds,
                        row["queries"],
                    )
                )
    if not observations:
        return {"target": name, "status": NA, "detail": "no query counts measured"}
    problems = []
    by_kinds, by_page = {}, {}
    for where, database, page, blocks, kinds, queries in observations:
        by_kinds.setdefault((database, kinds), set()).add(
            (queries, blocks, page, where)
        )
        by_page.setdefault((database, page), set()).add((queries, where))
    for seen in by_kinds.values():
        if len({queries for queries, *_ in seen}) > 1:
            detail = ", ".join(
                f"{page} {blocks} blocks {queries} queries ({where})"
                for queries, blocks, page, where in sorted(seen)[:4]
            )
            problems.append(f"same kinds of blocks, different counts: {detail}")
    for (database, page), seen in by_page.items():
        if len({queries for queries, _ in seen}) > 1:
            detail = ", ".join(f"{q} at {where}" for q, where in sorted(seen))
            problems.append(f"{page} ({database}) changes with size: {detail}")
    summary = []
    for run in _measured(runs):
        seed = _value(run, "render.seed.queries")
        generated = _value(run, "render.generated.queries")
        if seed is not None and generated is not None:
            summary.append(
                f"{run['label']} {run['size']:,}: seed {seed:.0f}, "
                f"generated {generated:.0f}"
            )
    blocks = sorted({o[3] for o in observations if o[3] is not None})
    counts = sorted({o[5] for o in observations})
    pages = len({o[2] for o in observations})
    detail = "; ".join(summary)
    detail += (
        f". {pages} pages of {blocks[0]}–{blocks[-1]} blocks need "
        f"{', '.join(map(str, counts))} queries"
    )
    if len(counts) > 1:
        detail += " (" + _kinds_explained(observations) + ")"
    if problems:
        return {
            "target": name,
            "status": FAIL,
            "detail": detail + ". " + "; ".join(problems),
        }
    return {
        "target": name,
        "status": PASS,
        "detail": detail + "; pages with the same kinds of blocks need the same "
        "count whatever their length, and every count is the same at every size",
    }


def _kinds_explained(observations):
    """Which kinds of blocks the pages with more queries have than the rest."""
    lowest = min(o[5] for o in observations)
    base = set().union(*(o[4] for o in observations if o[5] == lowest))
    others = sorted(set().union(*(o[4] for o in observations)) - base)
    parts = [f"{lowest} with none of {', '.join(others)} blocks"]
    for count in sorted({o[5] for o in observations} - {lowest}):
        groups = [set(o[4]) - base for o in observations if o[5] == count]
        common = sorted(set.intersection(*groups))
        if common:
            parts.append(f"{count} with {' and '.join(common)}")
        else:
            choices = sorted({" and ".join(sorted(g)) for g in groups})
            parts.append(f"{count} with {' or '.join(choices)}")
    return "; ".join(parts)


def cached_vs_static(runs):
    name = "a cached page is served at no less than half the rate of a static file"
    measured = _measured(runs)
    shares = [
        (run, _value(run, "http.cached_static_pct"))
        for run in measured
        if _value(run, "http.cached_static_pct") is not None
    ]
    if not measured:
        return {"target": name, "status": NA, "detail": "nothing measured"}
    if not shares:
        uncached = [
            f"{run['label']} {run['size']:,}: {share:.1f}%"
            for run in measured
            if (share := _value(run, "http.page_static_pct")) is not None
        ]
        return {
            "target": name,
            "status": FAIL,
            "detail": "no page cache: every page is rendered. Uncached page rate "
            "as a share of the static rate: " + ", ".join(uncached),
        }
    ok = all(share >= CACHED_MIN_SHARE_PCT for _run, share in shares)
    detail = ", ".join(
        f"{run['label']} {run['size']:,}: {share:.0f}%" for run, share in shares
    )
    return {
        "target": name,
        "status": PASS if ok else FAIL,
        "detail": f"cached page rate as a share of the static rate: {detail}",
    }


def search_speed(runs):
    name = (
        f"search at {SEARCH_TARGET_SIZE:,} pages under {SEARCH_TARGET_MS:.0f} ms "
        "median on PostgreSQL"
    )
    for run in _measured(runs):
        if run["database"] == "postgresql" and run["size"] == SEARCH_TARGET_SIZE:
            summary = _summary(run, "search.p50_ms")
            value = summary.get("value")
            if value is None:
                break
            slowest = ""
            for one in run.get("rounds", [])[:1]:
                search = (one.get("probe") or {}).get("search") or {}
                if search.get("slowest"):
                    ms = search["per_query_ms"][search["slowest"]]
                    slowest = f"; slowest query {search['slowest']!r} {ms:.0f} ms"
            return {
                "target": name,
                "status": PASS if value < SEARCH_TARGET_MS else FAIL,
                "detail": (
                    f"median {value:.1f} ms (rounds {summary['min']:.1f}–"
                    f"{summary['max']:.1f}), p95 "
                    f"{_fmt_ms(_value(run, 'search.p95_ms'))}{slowest}"
                ),
            }
    return {
        "target": name,
        "status": NA,
        "detail": f"PostgreSQL at {SEARCH_TARGET_SIZE:,} pages was not measured",
    }


def _fmt_count(value):
    return "–" if value is None else f"{value:,}"


def publish_under_load(scenario):
    """Three judgements of the publish-under-load scenario (bench/publish.py):
    no 5xx, no socket errors, every publish served by every server in time."""
    settings = (scenario or {}).get("settings") or {}
    where = (
        f"{settings.get('connections', '?')} connections, "
        f"{settings.get('duration', '?')} s, two servers"
    )
    names = [
        f"no 5xx while an editor publishes under load ({where})",
        "no socket errors while an editor publishes under load",
        "every publish served by both servers within "
        f"{PUBLISH_STALENESS_MS / 1000:g} s",
    ]
    status = (scenario or {}).get("status")
    if status != "ok":
        why = (scenario or {}).get("note") or "not run"
        verdict = FAIL if status == "failed" else NA
        return [
            {
                "target": name,
                "status": verdict,
                "detail": why,
                "scenario": PUBLISH_SCENARIO,
            }
            for name in names
        ]
    fig = scenario["figures"]
    requests = fig.get("requests")
    fivexx = fig.get("fivexx", 0)
    logs = fig.get("logs") or {}
    listed = [path for log in logs.values() for path in log.get("fivexx", [])]
    detail = (
        f"{_fmt_count(fivexx)} of {_fmt_count(requests)} responses were 5xx; "
        f"{_fmt_count(fig.get('not_found'))} were the expected 404s (the "
        f"{_fmt_count(fig.get('missing_sent'))} requests for missing addresses), "
        f"{_fmt_count(fig.get('unexpected_4xx'))} other 4xx"
    )
    if listed:
        detail += "; first 5xx: " + ", ".join(listed[:5])
    fivexx_verdict = {
        "target": names[0],
        "status": PASS if fivexx == 0 and requests else FAIL,
        "detail": detail,
    }
    kinds = fig.get("socket_errors_by_kind") or {}
    socket_errors = fig.get("socket_errors", 0)
    socket_verdict = {
        "target": names[1],
        "status": PASS if socket_errors == 0 and requests else FAIL,
        "detail": f"{socket_errors:,} socket errors ("
        + ", ".join(f"{kind} {count:,}" for kind, count in kinds.items())
        + ")",
    }
    stale = fig.get("staleness") or {}
    publishes = fig.get("publishes", 0)
    ok = publishes > 0 and bool(stale)
    parts = []
    for name, one in stale.items():
        ok = ok and one["within_limit"] == publishes and not one["regressions"]
        text = (
            f"server {name}: {one['within_limit']} of {publishes} within the limit, "
            f"p50 {_fmt_ms(one['p50_ms'])}, max {_fmt_ms(one['max_ms'])}"
        )
        if one["unseen"]:
            text += f", {one['unseen']} never seen within the cap"
        if one["stale_responses"]:
            text += f", {one['stale_responses']} old copies served after publish()"
        if one["regressions"]:
            text += f", {one['regressions']} old copies again after the new one"
        parts.append(text)
    stale_verdict = {
        "target": names[2],
        "status": PASS if ok else FAIL,
        "detail": f"{publishes} publishes; " + "; ".join(parts)
        if parts
        else "no publish was measured",
    }
    judged = [fivexx_verdict, socket_verdict, stale_verdict]
    for one in judged:
        one["scenario"] = PUBLISH_SCENARIO
    return judged


def evaluate(runs, publish=None):
    """Every target; those of publish-under-load when it was run (or carried
    over from an earlier run, bench/run.py)."""
    judged = [
        render_growth(runs),
        query_constancy(runs),
        cached_vs_static(runs),
        search_speed(runs),
    ]
    if publish is not None:
        judged += publish_under_load(publish)
    return judged


def _verdict(ours, reference, lower_is_better=True):
    if ours is None:
        return NA
    better = ours < reference if lower_is_better else ours > reference
    return PASS if better else FAIL


def bakerydemo(runs):
    """Our figures against bakerydemo's, per database and size: beat = pass."""
    rows = []
    ref = BAKERYDEMO
    figures = [
        ("Home page SQL queries", "render.home.queries",
         ref["home_queries"], "", True),
        ("Home page render median", "render.home.p50_ms",
         ref["home_render_ms"], "ms", True),
        ("Home page HTML", "page.home.html_kb", ref["home_html_kb"], "KB", True),
        ("Seed page SQL queries (vs StreamField page)", "render.seed.queries",
         ref["streamfield_queries"], "", True),
        ("Generated page SQL queries (vs StreamField page)",
         "render.generated.queries", ref["streamfield_queries"], "", True),
        ("Seed page render median (vs StreamField page)", "render.seed.p50_ms",
         ref["streamfield_render_ms"], "ms", True),
        ("Generated page render median (vs StreamField page)",
         "render.generated.p50_ms", ref["streamfield_render_ms"], "ms", True),
        ("Seed page HTML (vs StreamField page)", "page.seed.html_kb",
         ref["streamfield_html_kb"], "KB", True),
        ("Seed page HTML gzipped (vs StreamField page)", "page.seed.gzip_kb",
         ref["streamfield_gzip_kb"], "KB", True),
        ("Search SQL queries", "search.queries", ref["search_queries"], "", True),
        ("Search median", "search.p50_ms", ref["search_ms"], "ms", True),
        ("Uncached page rate / static rate (vs blog post)",
         "http.page_static_pct", ref["page_static_pct"], "%", False),
    ]  # fmt: skip
    for label, key, reference, unit, lower in figures:
        cells = []
        for run in _measured(runs):
            value = _value(run, key)
            cells.append(
                {
                    "where": f"{run['label']} {run['size']:,}",
                    "value": value,
                    "status": _verdict(value, reference, lower),
                }
            )
        statuses = {cell["status"] for cell in cells} - {NA}
        overall = NA if not statuses else (PASS if statuses == {PASS} else FAIL)
        rows.append(
            {
                "figure": label,
                "metric": key,
                "reference": reference,
                "unit": unit,
                "lower_is_better": lower,
                "ours": cells,
                "status": overall,
            }
        )
    return rows
