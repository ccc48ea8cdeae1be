"""Results as text: the stdout table and docs/benchmarks.md."""

from .aggregate import METRIC_INFO, METRICS, TIMED
from .probe import SEARCH_QUERIES
from .server import OVERRIDES
from .stats import median, spread_pct
from .targets import FAIL, NA, PASS

STATUS_TEXT = {PASS: "PASS", FAIL: "FAIL", NA: "n/a"}


def fmt_number(value, unit=""):
    """A figure with the precision its size and unit deserve."""
    if value is None:
        return "–"
    if unit == "req/s":
        return f"{value:,.0f}"
    if unit == "%":
        return f"{value:.2f}%" if abs(value) < 10 else f"{value:.1f}%"
    if unit == "" and float(value).is_integer():
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_cell(summary, unit=""):
    """``value unit (min–max)``; the range only when rounds differ."""
    if not summary or summary.get("value") is None:
        return (summary or {}).get("note") or "–"
    value, low, high = summary["value"], summary.get("min"), summary.get("max")
    suffix = "" if unit in ("", "%") else f" {unit}"
    text = fmt_number(value, unit) + suffix
    rounds = [r for r in summary.get("rounds", []) if r is not None]
    if len(rounds) > 1 and low is not None and high is not None and low != high:
        text += f" ({fmt_number(low, unit)}–{fmt_number(high, unit)})"
    if summary.get("note"):
        text += f" [{summary['note']}]"
    return text


def escape_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(headers, rows, align=None):
    """A GitHub-flavoured Markdown table; ``align`` is a string of l/r per column."""
    align = align or "l" * len(headers)
    cells = [[escape_cell(h) for h in headers]] + [
        [escape_cell(c) for c in row] for row in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        padded = [
            cell.rjust(width) if kind == "r" else cell.ljust(width)
            for cell, width, kind in zip(row, widths, align, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (width - 1) + ":" if kind == "r" else "-" * width
        for width, kind in zip(widths, align, strict=True)
    ]
    return (
        "\n".join([line(cells[0]), "| " + " | ".join(rule) + " |"])
        + "\n"
        + ("\n".join(line(row) for row in cells[1:]))
    )


def measured(results):
    return [run for run in results.get("runs", []) if run.get("status") == "ok"]


def column_name(run):
    return f"{run['label']} {run['size']:,}"


def results_table(results):
    runs = measured(results)
    headers = ["Metric", *(column_name(run) for run in runs)]
    rows = []
    for key, label, unit, _better in METRICS:
        cells = [fmt_cell(run["metrics"].get(key), unit) for run in runs]
        if all(cell == "–" for cell in cells):
            continue
        rows.append([label, *cells])
    return markdown_table(headers, rows, "l" + "r" * len(runs))


def run_notes(results):
    notes = []
    for run in results.get("runs", []):
        if run.get("status") != "ok":
            notes.append(
                f"{column_name(run)} pages: {run['status']} — {run.get('note', '')}"
            )
            continue
        errors = {}
        for one in run.get("rounds", []):
            errors.update(
                ((one.get("probe") or {}).get("search") or {}).get("errors") or {}
            )
        if errors:
            listed = ", ".join(f"{q!r} → {status}" for q, status in errors.items())
            notes.append(
                f"{column_name(run)} pages: search answered with an error status "
                f"(left out of the search timings): {listed}"
            )
        audit = run.get("audit") or {}
        if audit.get("error") or audit.get("note"):
            why = audit.get("error") or audit["note"]
            notes.append(f"{column_name(run)} pages: SEO audit: {why}")
    return notes


def noise(results):
    """The noise statement: how far rounds of one configuration spread."""
    rounds = results.get("config", {}).get("rounds", 1)
    spreads = []
    for run in measured(results):
        for key in TIMED:
            pct = spread_pct(run["metrics"].get(key) or {})
            if pct is not None:
                spreads.append((pct, key, column_name(run)))
    if rounds < 2 or not spreads:
        return (
            "One round only, so no noise figure: run with BENCH_ROUNDS=3 or more. "
            "On this machine timings swing ±25–50% between runs."
        )
    widest = max(spreads)
    typical = median([s[0] for s in spreads])
    label = METRIC_INFO[widest[1]][0]
    return (
        f"Each timing is the median of {rounds} rounds (each round itself a median "
        f"over its samples); the range in brackets is the lowest and highest round. "
        f"Across the {len(spreads)} timed figures the rounds spread by "
        f"{typical:.0f}% of the median typically (median of (max−min)/median), "
        f"and by {widest[0]:.0f}% at most ({label}, {widest[2]}). Differences "
        "smaller than that are noise; between separate runs this machine swings "
        "±25–50%, so compare two runs with bench/compare.py and read ratios, "
        "not single figures."
    )


def load_note(results):
    """How busy the machine was when rounds started (other processes count)."""
    loads = [
        one["loadavg_1m"]
        for run in measured(results)
        for one in run.get("rounds", [])
        if one.get("loadavg_1m") is not None
    ]
    if not loads:
        return ""
    try:
        cpus = int(results.get("machine", {}).get("nproc") or 0)
    except ValueError:
        cpus = 0
    text = (
        f"The 1-minute load average when rounds started was {min(loads):.1f}–"
        f"{max(loads):.1f}"
        + (f" on {cpus} CPUs" if cpus else "")
        + " (the benchmark itself adds about 1)."
    )
    if cpus and max(loads) > cpus:
        text += (
            " Other processes were competing for the CPUs during part of the run, "
            "so some timings are inflated and noisier than on a quiet machine."
        )
    return text


def targets_table(results):
    rows = [
        [t["target"], STATUS_TEXT[t["status"]], t["detail"]]
        for t in results.get("targets", [])
    ]
    return markdown_table(["Target", "Result", "Measured"], rows)


def bakerydemo_table(results):
    runs = measured(results)
    headers = ["Figure", "bakerydemo", *(column_name(run) for run in runs), "Beaten"]
    rows = []
    for row in results.get("bakerydemo", []):
        unit = row["unit"]
        suffix = "" if unit in ("", "%") else f" {unit}"
        cells = [
            fmt_number(cell["value"], unit)
            + (suffix if cell["value"] is not None else "")
            for cell in row["ours"]
        ]
        verdict = {PASS: "yes", FAIL: "no", NA: "n/a"}[row["status"]]
        if row["status"] == FAIL:
            missed = [c["where"] for c in row["ours"] if c["status"] == FAIL]
            verdict += (
                f" ({', '.join(missed)})" if len(missed) < len(row["ours"]) else ""
            )
        rows.append(
            [
                row["figure"],
                fmt_number(row["reference"], unit) + suffix,
                *cells,
                verdict,
            ]
        )
    return markdown_table(headers, rows, "lr" + "r" * len(runs) + "l")


def query_scan_table(results):
    runs = [run for run in measured(results) if _scan(run)]
    if not runs:
        return ""
    first = _scan(runs[0])
    headers = ["Generated page", "Blocks", "Images", "Quotes", "Tables"]
    headers += [column_name(run) for run in runs]
    rows = []
    for index, row in enumerate(first):
        kinds = row.get("block_types", {})
        cells = [
            row["slug"],
            row["blocks"],
            kinds.get("image", 0),
            kinds.get("doctor_quote", 0),
            kinds.get("table", 0),
        ]
        for run in runs:
            scan = _scan(run)
            cells.append(scan[index]["queries"] if index < len(scan) else "–")
        rows.append(cells)
    return markdown_table(headers, rows, "lrrrr" + "r" * len(runs))


def _scan(run):
    for one in run.get("rounds", []):
        scan = (one.get("probe") or {}).get("query_scan")
        if scan:
            return scan
    return []


def search_table(results):
    runs = measured(results)
    if not runs:
        return ""
    per_run, queries = [], []
    for run in runs:
        values, errors = {}, {}
        for one in run.get("rounds", []):
            search = (one.get("probe") or {}).get("search") or {}
            for query, ms in search.get("per_query_ms", {}).items():
                values.setdefault(query, []).append(ms)
            errors.update(search.get("errors") or {})
        cells = {q: fmt_number(median(v)) for q, v in values.items()}
        cells.update({q: f"error {status}" for q, status in errors.items()})
        per_run.append(cells)
        queries += [q for q in cells if q not in queries]
    order = {query: index for index, query in enumerate(SEARCH_QUERIES)}
    queries.sort(key=lambda query: order.get(query, len(order)))
    headers = ["Query", *(f"{column_name(run)} (ms)" for run in runs)]
    rows = [[q, *(cells.get(q, "–") for cells in per_run)] for q in queries]
    return markdown_table(headers, rows, "l" + "r" * len(runs))


def stdout_report(results):
    parts = ["", results_table(results), ""]
    if code_note(results):
        parts += ["Note: " + code_note(results).lstrip(" —"), ""]
    parts += [f"Note: {note}" for note in run_notes(results)]
    parts += ["", noise(results)]
    if load_note(results):
        parts += ["", load_note(results)]
    parts += ["", "Targets:"]
    for target in results.get("targets", []):
        parts.append(f"  [{STATUS_TEXT[target['status']]}] {target['target']}")
        parts.append(f"      {target['detail']}")
    parts.append("")
    parts.append("bakerydemo figures beaten:")
    for row in results.get("bakerydemo", []):
        parts.append(f"  [{STATUS_TEXT[row['status']]}] {row['figure']}")
    return "\n".join(parts) + "\n"


def markdown_report(results):
    machine = results.get("machine", {})
    config = results.get("config", {})
    software = machine.get("software", {})
    lines = [
        "# Benchmarks",
        "",
        "What every page, query and feature of Clinic CMS costs as the site grows.",
        "This file is written by `make bench` (`bench/run.py`); run it again rather "
        "than editing it. All numbers, with every round, are in "
        "`bench/results/latest.json`; the run before is kept as `previous.json`.",
        "",
        "## How to run",
        "",
        "```sh",
        "make bench                                         # SQLite and PostgreSQL,"
        " 1,000 and 10,000 pages",
        "BENCH_SIZES=1000 BENCH_DATABASES=sqlite make bench # a quick run",
        "BENCH_ROUNDS=5 make bench                          # more rounds, less noise",
        "python bench/compare.py bench/results/previous.json bench/results/latest.json",
        "```",
        "",
        "Settings (environment, or the same flag of `bench/run.py`): "
        "`BENCH_DATABASES` (`--databases`, `sqlite,postgresql`), `BENCH_SIZES` "
        "(`--sizes`, `1000,10000`), `BENCH_ROUNDS` (`--rounds`, 3), `BENCH_RENDERS` "
        "(`--renders`, 30), `BENCH_WRK_DURATION` (`--duration`, 10 s), "
        "`BENCH_AUDIT_RUNS` (`--audit-runs`, 3), `BENCH_POSTGRES_URL` "
        "(`--postgres-url`, the local server's `postgres` database), "
        "`BENCH_GENERATED_SLUG`, `BENCH_KEEP=1` (`--keep`, keep the databases). "
        "`python bench/run.py --help` lists them all. Needs `wrk` (Debian: "
        "`apt-get install wrk`); when PostgreSQL does not answer, its rows are "
        "skipped with a note.",
        "",
        "## This run",
        "",
        f"- Date: {results.get('date', '?')}",
        f"- Command: `{results.get('command', '?')}`",
        f"- Git commit: {machine.get('git', '?')}{code_note(results)}",
        f"- CPU: {machine.get('cpu_model', '?')}, `nproc` = "
        f"{machine.get('nproc', '?')}",
        f"- Kernel: {machine.get('kernel', '?')}",
        "- Software: "
        + ", ".join(f"{name} {version}" for name, version in software.items()),
        f"- Rounds: {config.get('rounds')}; renders per page per round: "
        f"{config.get('renders')}; wrk: `-t2 -c8 -d{config.get('duration')}s "
        "--latency` against gunicorn with 2 workers",
        "",
        "`free -g`:",
        "",
        "```",
        machine.get("free_g", "").rstrip(),
        "```",
        "",
        "## Results",
        "",
        "Times in milliseconds unless marked; each cell is the median of the "
        "rounds, with the lowest and highest round in brackets.",
        "",
        results_table(results),
        "",
    ]
    notes = run_notes(results)
    if notes:
        lines += [f"- {note}" for note in notes] + [""]
    lines += ["### Noise", "", noise(results), ""]
    if load_note(results):
        lines += [load_note(results), ""]
    lines += ["## Targets", "", targets_table(results), ""]
    lines += [
        "## Against bakerydemo",
        "",
        "wagtail/bakerydemo on Wagtail 7.2 / Django 5.2 on this machine with DEBUG "
        "off (`shared/tooling-notes.md`): home 43 queries / 136 ms / 34 KB; blog "
        "post 22 / 61 ms; StreamField page (12 blocks) 19 / 53 ms / 31 KB (6.5 KB "
        "gzipped); search 29 / 95 ms; an uncached blog page over HTTP at about 2% "
        "of the rate of a static file. We aim to beat every one; our treatment "
        "pages are longer (the seed page has "
        f"{_seed_blocks(results)} blocks).",
        "",
        bakerydemo_table(results),
        "",
    ]
    scan = query_scan_table(results)
    if scan:
        lines += [
            "## Query counts of generated pages",
            "",
            "The first generated pages (one uncached render each), with the "
            "blocks that could cost queries.",
            "",
            scan,
            "",
        ]
    search = search_table(results)
    if search:
        lines += ["## Search, query by query", "", search, ""]
    lines += [
        "## What is measured",
        "",
        "For each database and size, the benchmark builds a fresh database "
        "(SQLite: a file under `bench/.work/`; PostgreSQL: `clinic_bench`, dropped "
        "and created), runs `migrate`, `load_demo_content`, `generate_pages --count "
        f"N --seed 1`{_after_load(results)} and `collectstatic`, then measures with "
        "production settings "
        "(DEBUG off, a random SECRET_KEY, `ALLOWED_HOSTS=127.0.0.1,localhost`, "
        "file caches under `bench/.work/`, no Redis):",
        "",
        "- **Render**: the seed page, one generated page "
        f"(`{config.get('generated_slug', '?')}`) and the home page through "
        "Django's test Client in a subprocess (the whole middleware stack and "
        "Wagtail's `serve` view): 5 warm-up renders, then the timed renders; SQL "
        "queries counted with `CaptureQueriesContext`. Every request carries a "
        "query parameter of its own (`?bench-nocache=N`) so no page cache can "
        "answer: these are uncached renders (including storing the result in the "
        "page cache, as a real miss does).",
        "- **HTTP**: gunicorn with 2 workers on a free 127.0.0.1 port, reading "
        "the project's `gunicorn.conf.py` as a deployment does, with "
        f"`{gunicorn_overrides()}` added (no worker recycling, which at "
        "saturating rates would restart workers every second or two and reset "
        "their peak memory). wrk warms up for 2 s, then runs for the set "
        "duration on the seed page uncached (a unique query string per request; "
        "a response a cache says it answered fails the run), a whitenoise static "
        "file (`css/site.css`, hashed name) and, when the site has a page cache "
        "(detected from `X-Wagtail-Cache`/`X-Cache` on a repeated request, or by "
        "timing), the seed page from the cache.",
        "- **Search**: 20 queries (lay words, medical terms, misspellings, "
        "Turkish, stop words, nonsense) through `GET /search/?q=`: each is "
        "requested once with its SQL queries counted (its warm-up), then timed "
        f"{config.get('search_repeats', 3)} times while the round's search budget "
        f"({config.get('search_budget', 120):.0f} s) lasts; a query never timed "
        "again counts its first request. The figure is the median and p95 across "
        "the 20 per-query medians; queries answered with an error status are "
        "listed and left out.",
        "- **Sitemap**: `GET /sitemap.xml`, median of "
        f"{config.get('sitemap_runs', 5)} (at least 3 when each takes long: "
        f"budget {config.get('sitemap_budget', 60):.0f} s). **Page editor**: `GET "
        "/admin/pages/<seed id>/edit/` as a superuser made for the benchmark "
        "(with a verified second factor where the site asks for one), median "
        f"of {config.get('admin_runs', 5)}.",
        "- **SEO audit**: `seo.audit.run_audit()`, median of "
        f"{config.get('audit_runs', 3)} runs (one run when the first takes over "
        f"{config.get('audit_max_seconds', 120):.0f} s).",
        "- **Memory**: the largest VmHWM of the gunicorn workers after the load "
        "runs (the table shows the largest over the rounds).",
        "- **Build**: the wall time of `generate_pages` (including process start) "
        "and the size of the database afterwards.",
        "",
    ]
    return "\n".join(lines)


def code_note(results):
    code = results.get("code") or {}
    if not code.get("changed_during_run"):
        return ""
    return (
        f" — the code changed while the benchmark ran (commit "
        f"{code.get('commit_at_start')} at the start, {code.get('commit_at_end')} "
        "at the end, or uncommitted edits): rows measured at different times may "
        "have measured different code"
    )


def _after_load(results):
    """The extra build steps run after generate_pages, as Markdown."""
    known = {"migrate", "load_demo_content", "generate_pages", "collectstatic"}
    extra = []
    for run in measured(results):
        extra += [s for s in run.get("build_s") or {} if s not in known | set(extra)]
    if not extra:
        return ""
    names = ", ".join(f"`{name}`" for name in extra)
    return f", {names} (which the project asks for after a bulk load)"


def gunicorn_overrides():
    return " ".join(OVERRIDES)


def _seed_blocks(results):
    for run in measured(results):
        for one in run.get("rounds", []):
            blocks = (
                ((one.get("probe") or {}).get("pages") or {}).get("seed") or {}
            ).get("blocks")
            if blocks:
                return blocks
    return "?"
