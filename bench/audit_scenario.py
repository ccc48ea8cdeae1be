"""Scenario ``audit``: the stored SEO audit at each size and database.

For each database and size, on the site just built, ``bench.audit_probe``
runs the full audit (every page audited afresh and stored) and then times
the admin report, its CSV export and the dashboard, which read the stored
rows. Targets (issue 17): full audit of 10,000 pages under 30 s; report and
dashboard under 500 ms at p95.

Its records go under ``"stored_audit"`` in the results file, and its section
is added to the end of docs/benchmarks.md.
"""

import json
import sys

from .procs import BenchError, run_bounded

NAME = "audit"
FULL_AUDIT_TARGET_S = {10000: 30.0}
LATENCY_TARGET_MS = 500.0
LATENCY_NAMES = (
    ("report", "report, first page"),
    ("report_filtered", "report, filtered"),
    ("report_last_page", "report, last page"),
    ("dashboard", "dashboard"),
    ("export_csv", "CSV export (all pages)"),
)


def probe(env, cfg, log, project, work):
    """Run the probe on the database of ``env``; its JSON, or an error."""
    out = work / "probe-stored-audit.json"
    out.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "bench.audit_probe",
        "--out",
        str(out),
        "--requests",
        str(cfg.audit_requests),
    ]
    try:
        run_bounded(cmd, timeout=cfg.audit_timeout, env=env, cwd=project, log=log)
        return json.loads(out.read_text())
    except BenchError as error:
        return {"error": f"stored audit failed: {str(error).splitlines()[0]}"}


def record(run):
    """What the results file keeps of one measured run."""
    return {
        "database": run["database"],
        "label": run["label"],
        "size": run["size"],
        "status": run["status"],
        "note": run.get("note", ""),
        **(run.get("stored_audit") or {}),
    }


def _verdict(value, target):
    if value is None or target is None:
        return ""
    return " ✓" if value < target else " ✗"


def _per_page(item):
    """Milliseconds a page: of CPU when measured, else of wall time."""
    if item.get("full_audit_cpu_s"):
        return f"{item['full_audit_cpu_s'] * 1000 / max(1, item['pages']):.1f} ms CPU"
    if item.get("full_audit_s") is not None:
        return f"{item['per_page_ms']:.1f} ms"
    return "–"


def markdown(results):
    """The docs/benchmarks.md section, or "" when the scenario never ran."""
    records = results.get("stored_audit") or []
    if not records:
        return ""
    lines = [
        "",
        "## The stored SEO audit",
        "",
        "Scenario `audit` (`BENCH_SCENARIOS=audit make bench`): on each site "
        "built, `seo.audit_store.refresh_all()` audits every live page afresh "
        "and stores it (what the worker runs for the schedule, “Audit again” "
        "and `seo_audit --refresh`), in as many processes as "
        "`seo/audit_processes.py` chooses (the column Proc.; CPU counts them "
        "all); then the admin report, its CSV export and "
        "the dashboard are requested through Django's test Client as a "
        "superuser. They read the stored rows and never audit. Targets: a full "
        f"audit of 10,000 pages under {FULL_AUDIT_TARGET_S[10000]:.0f} s; report "
        f"and dashboard under {LATENCY_TARGET_MS:.0f} ms at p95.",
        "",
        "| Database | Pages | Proc. | Full audit | CPU | per page "
        "| Re-audit one page | "
        + " | ".join(f"{label} p50 / p95 (queries, CPU)" for _n, label in LATENCY_NAMES)
        + " |",
        "|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(LATENCY_NAMES),
    ]
    for item in records:
        if item.get("error") or item.get("status") != "ok":
            why = item.get("error") or item.get("note") or item.get("status")
            lines.append(f"| {item['label']} | {item['size']:,} | {why} |")
            continue
        full = item.get("full_audit_s")
        target = FULL_AUDIT_TARGET_S.get(item["size"])
        cells = [
            item["label"],
            f"{item['pages']:,}",
            str(item.get("audit_processes") or 1),
            f"{full:.1f} s{_verdict(full, target)}" if full is not None else "–",
            f"{item['full_audit_cpu_s']:.1f} s"
            if item.get("full_audit_cpu_s")
            else "–",
            _per_page(item),
            f"{item['reaudit_one_s']:.2f} s",
        ]
        for name, _label in LATENCY_NAMES:
            figure = item["latency"][name]
            p95 = figure["ms"]["p95"]
            check = "" if name == "export_csv" else _verdict(p95, LATENCY_TARGET_MS)
            cpu = (
                f", CPU p95 {figure['cpu_ms']['p95']:.0f} ms"
                if figure.get("cpu_ms")
                else ""
            )
            cells.append(
                f"{figure['ms']['p50']:.0f} / {p95:.0f} ms{check} "
                f"({figure['queries']}{cpu})"
            )
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines) + "\n"
