"""Per-round raw figures → one figure per metric (median of rounds, min–max).

``METRICS`` is the list of every figure in the results, in table order: key,
label, unit, and which direction is better (for bench/compare.py).
"""

from .stats import over_rounds

LOWER, HIGHER = "lower", "higher"

# key, label, unit, better
METRICS = [
    ("render.seed.p50_ms", "Seed page render, median", "ms", LOWER),
    ("render.seed.p95_ms", "Seed page render, p95", "ms", LOWER),
    ("render.seed.queries", "Seed page SQL queries", "", LOWER),
    ("render.generated.p50_ms", "Generated page render, median", "ms", LOWER),
    ("render.generated.p95_ms", "Generated page render, p95", "ms", LOWER),
    ("render.generated.queries", "Generated page SQL queries", "", LOWER),
    ("render.home.p50_ms", "Home page render, median", "ms", LOWER),
    ("render.home.queries", "Home page SQL queries", "", LOWER),
    ("page.home.html_kb", "Home page HTML", "KB", LOWER),
    ("render.seed.cached_p50_ms", "Seed page from page cache, median", "ms", LOWER),
    ("page.seed.html_kb", "Seed page HTML", "KB", LOWER),
    ("page.seed.gzip_kb", "Seed page HTML gzipped", "KB", LOWER),
    ("http.page.rps", "HTTP seed page uncached, req/s", "req/s", HIGHER),
    ("http.page.p50_ms", "HTTP seed page uncached, p50", "ms", LOWER),
    ("http.page.p99_ms", "HTTP seed page uncached, p99", "ms", LOWER),
    ("http.cached.rps", "HTTP seed page cached, req/s", "req/s", HIGHER),
    ("http.cached.p50_ms", "HTTP seed page cached, p50", "ms", LOWER),
    ("http.cached.p99_ms", "HTTP seed page cached, p99", "ms", LOWER),
    ("http.static.rps", "HTTP static file, req/s", "req/s", HIGHER),
    ("http.static.p50_ms", "HTTP static file, p50", "ms", LOWER),
    ("http.static.p99_ms", "HTTP static file, p99", "ms", LOWER),
    ("http.page_static_pct", "Uncached page rate / static rate", "%", HIGHER),
    ("http.cached_static_pct", "Cached page rate / static rate", "%", HIGHER),
    ("search.p50_ms", "Search, median of 20 queries", "ms", LOWER),
    ("search.p95_ms", "Search, p95 of 20 queries", "ms", LOWER),
    ("search.queries", "Search SQL queries (median)", "", LOWER),
    ("search.errors", "Search queries answered with an error", "", LOWER),
    ("sitemap.p50_ms", "Sitemap.xml, median", "ms", LOWER),
    ("admin_edit.p50_ms", "Admin page editor, median", "ms", LOWER),
    ("admin_edit.queries", "Admin page editor SQL queries", "", LOWER),
    ("audit.s", "SEO audit run_audit()", "s", LOWER),
    ("memory.worker_peak_mb", "gunicorn worker peak memory (VmHWM)", "MB", LOWER),
    ("build.generate_s", "generate_pages", "s", LOWER),
    ("db.size_mb", "Database size", "MB", LOWER),
]
METRIC_INFO = {key: (label, unit, better) for key, label, unit, better in METRICS}
# Figures that are times or rates measured in rounds: the noise statement.
TIMED = [
    key
    for key, _label, unit, _better in METRICS
    if unit in {"ms", "req/s", "%"} and not key.startswith("page.")
]

NO_CACHE = "n/a (no page cache)"


def _dig(data, path):
    for part in path.split("."):
        if data is None:
            return None
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _rounds(rounds, path, scale=1.0):
    values = []
    for one in rounds:
        value = _dig(one, path)
        values.append(None if value is None else value * scale)
    return over_rounds(values)


def _ratio_pct(rounds, numerator, denominator):
    values = []
    for one in rounds:
        top, bottom = _dig(one, numerator), _dig(one, denominator)
        values.append(top / bottom * 100 if top is not None and bottom else None)
    return over_rounds(values)


def _single(value):
    return over_rounds([value])


def metrics(rounds, audit=None, build_s=None, db_size_bytes=None):
    """Every metric of one database and size, from its rounds.

    ``rounds`` is a list of {"probe": …, "http": …} as bench/run.py records
    them; ``audit`` the audit probe's output.
    """
    result = {
        "render.seed.p50_ms": _rounds(rounds, "probe.pages.seed.render_ms.p50"),
        "render.seed.p95_ms": _rounds(rounds, "probe.pages.seed.render_ms.p95"),
        "render.seed.queries": _rounds(rounds, "probe.pages.seed.queries"),
        "render.generated.p50_ms": _rounds(
            rounds, "probe.pages.generated.render_ms.p50"
        ),
        "render.generated.p95_ms": _rounds(
            rounds, "probe.pages.generated.render_ms.p95"
        ),
        "render.generated.queries": _rounds(rounds, "probe.pages.generated.queries"),
        "render.home.p50_ms": _rounds(rounds, "probe.pages.home.render_ms.p50"),
        "render.home.queries": _rounds(rounds, "probe.pages.home.queries"),
        "page.home.html_kb": _rounds(rounds, "probe.pages.home.html_bytes", 1 / 1024),
        "render.seed.cached_p50_ms": _rounds(
            rounds, "probe.pages.seed.cached_render_ms.p50"
        ),
        "page.seed.html_kb": _rounds(rounds, "probe.pages.seed.html_bytes", 1 / 1024),
        "page.seed.gzip_kb": _rounds(rounds, "probe.pages.seed.gzip_bytes", 1 / 1024),
        "search.p50_ms": _rounds(rounds, "probe.search.ms.p50"),
        "search.p95_ms": _rounds(rounds, "probe.search.ms.p95"),
        "search.queries": _rounds(rounds, "probe.search.queries_median"),
        "search.errors": over_rounds(
            [
                None
                if _dig(one, "probe.search") is None
                else len(_dig(one, "probe.search.errors") or {})
                for one in rounds
            ]
        ),
        "sitemap.p50_ms": _rounds(rounds, "probe.sitemap.ms.p50"),
        "admin_edit.p50_ms": _rounds(rounds, "probe.admin_edit.ms.p50"),
        "admin_edit.queries": _rounds(rounds, "probe.admin_edit.queries"),
        "http.page_static_pct": _ratio_pct(rounds, "http.page.rps", "http.static.rps"),
        "http.cached_static_pct": _ratio_pct(
            rounds, "http.cached.rps", "http.static.rps"
        ),
    }
    for kind in ("page", "cached", "static"):
        for figure in ("rps", "p50_ms", "p99_ms"):
            result[f"http.{kind}.{figure}"] = _rounds(rounds, f"http.{kind}.{figure}")
    cached_seen = any(_dig(one, "http.page_cache.detected") for one in rounds)
    if not cached_seen:
        for key in ("http.cached.rps", "http.cached.p50_ms", "http.cached.p99_ms"):
            result[key]["note"] = NO_CACHE
        result["http.cached_static_pct"]["note"] = NO_CACHE
        result["render.seed.cached_p50_ms"]["note"] = NO_CACHE

    memory = [_dig(one, "http.worker_peak_mb") for one in rounds]
    present = [m for m in memory if m is not None]
    result["memory.worker_peak_mb"] = {
        **over_rounds(memory),
        "value": max(present) if present else None,
    }
    seconds = (audit or {}).get("seconds") or []
    result["audit.s"] = over_rounds(seconds) if seconds else _single(None)
    if audit and audit.get("note"):
        result["audit.s"]["note"] = audit["note"]
    if audit and audit.get("error"):
        result["audit.s"]["note"] = audit["error"]
    result["build.generate_s"] = _single((build_s or {}).get("generate_pages"))
    result["db.size_mb"] = _single(
        db_size_bytes / 1024 / 1024 if db_size_bytes is not None else None
    )
    return {key: result[key] for key, *_rest in METRICS}
