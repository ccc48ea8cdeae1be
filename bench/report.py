"""Results as text: the stdout table and docs/benchmarks.md."""

from .aggregate import METRIC_INFO, METRICS, TIMED
from .mix import WEIGHTS
from .probe import SEARCH_QUERIES
from .server import OVERRIDES
from .stats import median, spread_pct
from .targets import FAIL, NA, PASS
from .targets import PUBLISH_SCENARIO as NAME

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
    """The growth targets; publish-under-load's are in its own section."""
    rows = [
        [t["target"], STATUS_TEXT[t["status"]], t["detail"]]
        for t in results.get("targets", [])
        if t.get("scenario") is None
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
    parts += publish_stdout(results)
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
    lines += publish_section(results)
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


# ---------------------------------------------------------------- publishing


KIND_LABELS = {
    "seed": "the seed page",
    "treatment": "other treatment pages",
    "home": "the home page",
    "index": "`/treatments/`",
    "search": "searches (`/search/?q=`)",
    "suggest": "suggestions (`/search/suggest/?q=`)",
    "missing": "missing addresses (404)",
    "other": "other",
}


def carried_note(results):
    """Says when the section's figures and the others' were measured apart."""
    carried = results.get("carried_over") or {}
    scenario = results.get("publish_under_load") or {}
    if "growth" in carried:
        return (
            f"Measured on its own, {scenario.get('date', '?')} "
            f"(`{scenario.get('command', '?')}`); the figures above are those of "
            f"their own run ({carried['growth'].get('date', '?')})."
        )
    if "publish-under-load" in carried:
        old = carried["publish-under-load"]
        return (
            "Not measured by the run above: the figures below are those of the run "
            f"of {old.get('date', '?')} (`{old.get('command', '?')}`)."
        )
    return ""


def _ms(value):
    return "–" if value is None else f"{fmt_number(value)} ms"


def _count(value):
    return "–" if value is None else f"{value:,}"


def _mix_text():
    return ", ".join(f"{KIND_LABELS[kind]} {weight}%" for kind, weight in WEIGHTS)


def publish_intro(scenario, results):
    settings = scenario.get("settings") or {}
    config = results.get("config") or {}
    duration = settings.get("duration", config.get("publish_duration", 60))
    connections = settings.get("connections", config.get("publish_connections", 64))
    interval = settings.get("interval", config.get("publish_interval", 5))
    workers = settings.get("workers", config.get("publish_workers", 2))
    warmup = settings.get("warmup", 5)
    limit = settings.get("limit_ms", 1000) / 1000
    cap = settings.get("cap", 10)
    poll = settings.get("poll_every_s", 0.05) * 1000
    size = scenario.get("size", 1000)
    return [
        "Two gunicorn servers, separate processes each in a working directory "
        "of its own (`bench/.work/publish/server-a` and `server-b`), each with "
        f"{workers} workers and the project's `gunicorn.conf.py` (with "
        f"`{gunicorn_overrides()}`), serve the PostgreSQL {size:,}-page database "
        "(after the measurements above, on the same database; run alone, the "
        "benchmark builds it the same way) and share one Redis as their cache: "
        "a `redis-server` of the benchmark's own on a free port (`--save '' "
        "--appendonly no`), as two app servers behind a load balancer would. "
        "PostgreSQL only: two servers on one SQLite file are not a deployment.",
        "",
        f"- **Load**: one wrk process, {connections} connections for {duration} s "
        f"(after {warmup} s of the same traffic to warm up), one thread per "
        "server with half the connections each; every request carries `Host: "
        "127.0.0.1`, as from the load balancer, so both servers key the shared "
        f"cache alike. The traffic, in turn: {_mix_text()}. The searches (the 20 "
        "queries of the search benchmark) and suggestions (16 beginnings of "
        "words) repeat, so they are cached between publishes as popular "
        "queries are; each missing address is new, as a crawler's guesses are.",
        "- **Editor**: `bench/publisher.py`, a Django process with the servers' "
        "environment (the same database, the same `REDIS_URL`), every "
        f"{interval:g} s gives the seed page's summary a unique marker and calls "
        "`page.save_revision().publish()`, which clears the shared page cache "
        "as an editor's publish does. Then it asks both servers for the page "
        f"every {poll:.0f} ms (anonymous GETs without cookies, so a stale cached "
        "copy would be served to them) until each shows the marker, for at most "
        f"{cap:g} s, then up to 3 more times (while the next publish is not due) to "
        "check that no server goes back to the old text; a publish waits for the "
        "previous one's checks. **Staleness** is the time from `publish()` "
        "returning to the first response that shows the marker, the time "
        f"that request took under load included; over {limit:g} s is a "
        "failure. After the load the page gets its own summary back.",
        "",
        "It runs when PostgreSQL is among `BENCH_DATABASES`, on the smallest of "
        "`BENCH_SIZES`, and needs `redis-server` (Debian: `apt-get install "
        "redis-server`; the machine's own Redis is never used) besides wrk. "
        "Settings: `BENCH_SCENARIOS` (`--scenarios`, `growth,publish-under-load`; "
        "`growth` is everything above), `BENCH_PUBLISH_DURATION` "
        "(`--publish-duration`, 60 s), `BENCH_PUBLISH_CONNECTIONS` (64, half per "
        "server), `BENCH_PUBLISH_INTERVAL` (5 s), `BENCH_PUBLISH_WORKERS` (2 per "
        "server). Run it alone (the other figures in this file stay those of "
        "their own run; this section says when it was measured):",
        "",
        "```sh",
        "BENCH_SCENARIOS=publish-under-load make bench                           # "
        f"{duration} s",
        "BENCH_SCENARIOS=publish-under-load BENCH_PUBLISH_DURATION=15 make bench # "
        "a quick run",
        "```",
        "",
    ]


def publish_contention(scenario):
    """How busy the CPUs were, and with what, during the load."""
    cpu = scenario.get("cpu") or {}
    nproc = cpu.get("cpus") or (scenario.get("machine") or {}).get("nproc")
    text = (
        f"The 1-minute load average was {scenario.get('loadavg_1m_start', 0):.1f} "
        f"when the load started and {scenario.get('loadavg_1m_end', 0):.1f} when "
        f"it ended, on {nproc} CPUs."
    )
    if cpu.get("seconds"):
        capacity = cpu["seconds"] * int(nproc or 1)
        top = ", ".join(
            f"{name} {seconds:.0f} s" for name, seconds in cpu.get("others_top", [])
        )
        text += (
            f" Of the {capacity:.0f} CPU-seconds the CPUs had during the "
            f"{cpu['seconds']:.0f} s of load, the benchmark's processes (both "
            f"servers, wrk, Redis, the editor) used {cpu['bench']:.0f} s, "
            f"PostgreSQL (serving every client on the machine) {cpu['postgres']:.0f} "
            f"s, and other processes at least {cpu['others']:.0f} s"
            + (f" ({top})" if top else "")
        )
        if cpu.get("busy") is not None:
            text += (
                f"; the CPUs were busy {cpu['busy']:.0f} s and idle "
                f"{cpu['idle']:.0f} s in all, "
                f"{cpu['unattributed']:.0f} s of it in processes that started and "
                "ended within the load (among them PostgreSQL's backends, one per "
                "request that queries the database: the site keeps no database "
                "connection open by default) and in the kernel"
            )
        text += "."
        if cpu.get("idle") is not None and cpu["idle"] < 0.05 * capacity:
            text += (
                f" The CPUs were saturated: every figure here is bounded by {nproc} "
                "CPUs shared by both servers, wrk, Redis, PostgreSQL and the editor."
            )
        if cpu["others"] > 0.05 * capacity:
            text += (
                " Other processes were competing for the CPUs (at least "
                f"{cpu['others'] / capacity * 100:.0f}% of their time), so "
                "latencies and staleness are those of a busier machine than the "
                "benchmark alone makes."
            )
    return text


def publish_figures_table(fig, limit_s):
    status = fig.get("status") or {}
    kinds = fig.get("socket_errors_by_kind") or {}
    lat = fig.get("latency_ms") or {}
    hits = sum((s.get("cache") or {}).get("hit", 0) for s in fig["per_server"].values())
    misses = sum(
        (s.get("cache") or {}).get("miss", 0) for s in fig["per_server"].values()
    )
    rows = [
        [
            "Requests",
            f"{_count(fig.get('requests'))} in {fig.get('duration_s') or 0:.1f} s "
            f"({fmt_number(fig.get('rps'), 'req/s')} req/s)",
        ],
        ["2xx / 3xx responses", f"{status.get('2xx', 0):,} / {status.get('3xx', 0):,}"],
        [
            "4xx responses",
            f"{status.get('4xx', 0):,}: {fig.get('not_found', 0):,} 404s, expected "
            f"(requests for missing addresses: {fig.get('missing_sent', 0):,}); "
            f"other 4xx: {fig.get('unexpected_4xx', 0):,}",
        ],
        ["5xx responses", f"{status.get('5xx', 0):,}"],
        [
            "Socket errors",
            f"{fig.get('socket_errors', 0):,} ("
            + ", ".join(f"{kind} {count:,}" for kind, count in kinds.items())
            + ")",
        ],
        [
            "Latency p50 / p90 / p99 / max",
            " / ".join(_ms(lat.get(k)) for k in ("p50", "p90", "p99", "max")),
        ],
        ["Page cache (X-Wagtail-Cache)", f"{hits:,} hits, {misses:,} misses"],
        [
            "Publishes",
            f"{fig.get('publishes', 0)}"
            + (
                f" ({fig['late_publishes']} over 1 s late: the checks of the one "
                "before took longer than the interval)"
                if fig.get("late_publishes")
                else ""
            )
            + "; `save_revision().publish()` took "
            f"{_ms(fig['publish_ms'].get('p50'))} (median), "
            f"{_ms(fig['publish_ms'].get('max'))} at most",
        ],
    ]
    for name, one in fig.get("staleness", {}).items():
        rows.append(
            [
                f"Staleness after publish, server {name}: p50 / max",
                f"{_ms(one['p50_ms'])} / {_ms(one['max_ms'])} "
                f"({one['within_limit']} of {one['publishes']} within {limit_s:g} s"
                + (f", {one['unseen']} never seen" if one["unseen"] else "")
                + ")",
            ]
        )
    flight = ", ".join(
        f"{name} {_ms(one.get('in_flight_p50_ms'))}"
        for name, one in fig.get("staleness", {}).items()
    )
    rows.append(["Of which the request that showed it took (median)", flight])
    stale = sum(one["stale_responses"] for one in fig.get("staleness", {}).values())
    back = sum(one["regressions"] for one in fig.get("staleness", {}).values())
    rows.append(["Old text served after publish() returned", f"{stale:,}"])
    rows.append(["Old text served again after the new one", f"{back:,}"])
    logs = fig.get("logs") or {}
    rows.append(
        [
            "Server logs: errors / warnings / worker timeouts",
            "; ".join(
                f"{name}: {log['errors']} / {log['warnings']} / "
                f"{log['worker_timeouts']}"
                for name, log in logs.items()
            )
            + " (Django's warnings for the 404s, expected, not counted)",
        ]
    )
    return markdown_table(["Figure", "Value"], rows)


def publish_servers_table(fig, limit_s):
    rows = []
    for name, server in fig["per_server"].items():
        status = server["status"]
        one = fig["staleness"].get(name) or {}
        rows.append(
            [
                name,
                f"{server['responses']:,}",
                f"{status.get('2xx', 0):,}",
                f"{status.get('4xx', 0):,} ({status.get('404', 0):,})",
                f"{status.get('5xx', 0):,}",
                f"{server['cache'].get('hit', 0):,}",
                f"{server['cache'].get('miss', 0):,}",
                _ms(one.get("p50_ms")),
                _ms(one.get("max_ms")),
                f"{one.get('within_limit', 0)} of {one.get('publishes', 0)}",
            ]
        )
    headers = [
        "Server",
        "Responses",
        "2xx",
        "4xx (404)",
        "5xx",
        "Cache hits",
        "Cache misses",
        "Staleness p50",
        "Staleness max",
        f"Within {limit_s:g} s",
    ]
    return markdown_table(headers, rows, "lrrrrrrrrr")


def publish_kinds_table(scenario):
    requests = scenario.get("access_all") or {}
    if not requests:
        return ""
    total = sum(entry["count"] for entry in requests.values()) or 1
    rows = []
    for kind in [*KIND_LABELS, *sorted(set(requests) - set(KIND_LABELS))]:
        entry = requests.get(kind)
        if not entry:
            continue
        status = entry.get("status") or {}
        ms = entry.get("ms") or {}
        rows.append(
            [
                KIND_LABELS.get(kind, kind),
                f"{entry['count']:,}",
                f"{entry['count'] / total * 100:.1f}%",
                f"{status.get('2xx', 0):,}",
                f"{status.get('4xx', 0):,}",
                f"{status.get('5xx', 0):,}",
                _ms(ms.get("p50")),
                _ms(ms.get("p99")),
                _ms(ms.get("max")),
            ]
        )
    headers = [
        "Request",
        "Answered",
        "Share",
        "2xx",
        "4xx",
        "5xx",
        "Server p50",
        "Server p99",
        "Server max",
    ]
    return markdown_table(headers, rows, "lrrrrrrrr")


def publish_timeline_table(scenario):
    publishes = (scenario.get("publisher") or {}).get("publishes") or []
    if not publishes:
        return ""
    names = list((scenario.get("figures") or {}).get("staleness") or {})
    rows = []
    for one in publishes:
        cells = [
            str(one["number"]),
            f"{one['at_s']:.1f} s",
            _ms(one.get("publish_ms")),
        ]
        for name in names:
            server = (one.get("servers") or {}).get(name) or {}
            if server.get("seen"):
                text = (
                    f"{_ms(server['staleness_ms'])} (response "
                    f"{server.get('response') or server.get('polls')}, "
                    f"{_ms(server.get('request_ms'))}"
                    + (f", {server['cache']}" if server.get("cache") else "")
                    + ")"
                )
            else:
                text = "not seen"
            cells.append(text)
        rows.append(cells)
    headers = ["Publish", "At", "publish() took"]
    headers += [f"Server {name}: shown after" for name in names]
    return markdown_table(headers, rows, "rrr" + "r" * len(names))


def publish_reading(fig, limit_s):
    """When publishes showed late but no old copy was served: what that means."""
    stale = fig.get("staleness") or {}
    if not stale or not fig.get("publishes"):
        return ""
    late = any(one["late"] or one["unseen"] for one in stale.values())
    old = any(one["stale_responses"] or one["regressions"] for one in stale.values())
    if not late or old:
        return ""
    latency = (fig.get("latency_ms") or {}).get("p50")
    return (
        "No server served the old text after `publish()` returned, nor went back "
        "to it: every answer to the editor's requests after a publish showed the "
        f"change. What took over {limit_s:g} s is the answer itself: under this "
        "load a request waits for a free worker "
        f"(every request's latency: p50 {_ms(latency)}), so the first request "
        "after a publish does too."
    )


def publish_verdicts(results):
    verdicts = [t for t in results.get("targets", []) if t.get("scenario") == NAME]
    if not verdicts:
        return []
    rows = [[t["target"], STATUS_TEXT[t["status"]], t["detail"]] for t in verdicts]
    return [markdown_table(["Target", "Result", "Measured"], rows), ""]


def publish_section(results):
    scenario = results.get("publish_under_load")
    if not scenario:
        return []
    lines = ["## Publishing under load, two app servers", ""]
    lines += publish_intro(scenario, results)
    if carried_note(results):
        lines += [carried_note(results), ""]
    if scenario.get("status") != "ok":
        lines += [
            f"Not measured ({scenario.get('date', '?')}): "
            f"{scenario.get('note') or scenario.get('status')}",
            "",
        ]
        return lines + publish_verdicts(results)
    machine = scenario.get("machine") or {}
    settings = scenario.get("settings") or {}
    limit_s = settings.get("limit_ms", 1000) / 1000
    fig = scenario["figures"]
    software = machine.get("software") or {}
    versions = ", ".join(
        f"{name} {software[name]}"
        for name in ("gunicorn", "wagtail-cache", "wrk")
        if software.get(name)
    )
    redis = (scenario.get("redis") or {}).get("version")
    lines += [
        "### This run",
        "",
        f"- Date: {scenario.get('date', '?')}",
        f"- Command: `{scenario.get('command', '?')}`",
        f"- Git commit: {machine.get('git', '?')}",
        f"- wrk: `{(scenario.get('wrk') or {}).get('command', '?')}`",
        "- Software: "
        + ", ".join(
            part for part in (versions, f"Redis {redis}" if redis else "") if part
        ),
        f"- Published page: `{(scenario.get('target') or {}).get('path', '?')}`; "
        f"other treatment pages in the traffic: {scenario.get('treatment_pages', '?')}",
        "",
        publish_contention(scenario),
        "",
        publish_figures_table(fig, limit_s),
        "",
    ]
    lines += publish_verdicts(results)
    reading = publish_reading(fig, limit_s)
    if reading:
        lines += [reading, ""]
    lines += ["Per server:", "", publish_servers_table(fig, limit_s), ""]
    kinds = publish_kinds_table(scenario)
    if kinds:
        lines += [
            "By kind of request, from both servers' access logs (the editor's "
            "checks of the seed page included; server times are gunicorn's, "
            "without the time a request waited for a worker):",
            "",
            kinds,
            "",
        ]
    timeline = publish_timeline_table(scenario)
    if timeline:
        lines += [
            "Each publish (seconds into the load): when each server first showed "
            "the change; in brackets which of the editor's responses that was (1: "
            "the first one), how long its request took, and the page cache's "
            "answer to it:",
            "",
            timeline,
            "",
        ]
    messages = [
        f"server {name}: {message}"
        for name, log in (fig.get("logs") or {}).items()
        for message in log.get("messages", [])
    ]
    if messages:
        lines += ["Server log messages (the first distinct ones):", ""]
        lines += [f"- {escape_cell(message)}" for message in messages] + [""]
    return lines


def publish_stdout(results):
    scenario = results.get("publish_under_load")
    if not scenario:
        return []
    if scenario.get("status") != "ok":
        return ["", f"Publishing under load: {scenario.get('note')}"]
    fig = scenario["figures"]
    lat = fig["latency_ms"]
    lines = [
        "",
        f"Publishing under load ({scenario.get('date')}): {fig['requests']:,} "
        f"requests, {fmt_number(fig['rps'], 'req/s')} req/s, 5xx {fig['fivexx']}, "
        f"404 {fig['not_found']:,}, socket errors {fig['socket_errors']}, latency "
        f"p50 {_ms(lat['p50'])} p99 {_ms(lat['p99'])} max {_ms(lat['max'])}; "
        f"{fig['publishes']} publishes",
    ]
    for name, one in fig["staleness"].items():
        lines.append(
            f"  server {name}: staleness p50 {_ms(one['p50_ms'])}, max "
            f"{_ms(one['max_ms'])}, {one['within_limit']} of {one['publishes']} "
            "within the limit"
        )
    return lines
