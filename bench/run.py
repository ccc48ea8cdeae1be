"""`make bench`: for each database and size, build a fresh site, measure it,
and write the results (stdout table, docs/benchmarks.md, bench/results/).

Run ``python bench/run.py --help`` for the settings; docs/benchmarks.md says
what is measured and how.
"""

import datetime
import fcntl
import importlib.util
import json
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (  # noqa: E402
    aggregate,
    audit_scenario,
    build,
    databases,
    environment,
    loadtest,
    machine,
    procs,
    publish,
    publisher,
    report,
    targets,
    wrk,
)
from bench import config as bench_config  # noqa: E402
from bench.probe import SEED_PATH  # noqa: E402
from bench.procs import BenchError  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
WORK = PROJECT / "bench" / ".work"


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def command_line(argv, environ):
    """The command as typed: BENCH_* variables, then make or run.py."""
    variables = [
        f"{name}={shlex.quote(value)}"
        for name, value in sorted(environ.items())
        if name.startswith("BENCH_") and name != "BENCH_ARGS"
    ]
    if environ.get("MAKELEVEL"):
        command = "make bench"
        if argv:
            command += f" BENCH_ARGS={shlex.quote(shlex.join(argv))}"
    else:
        command = shlex.join(["python", "bench/run.py", *argv])
    return " ".join([*variables, command])


def run_probe(mode, env, cfg, log, extra=(), timeout=None):
    out = WORK / f"probe-{mode}.json"
    out.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "bench.probe",
        mode,
        "--out",
        str(out),
        "--renders",
        str(cfg.renders),
        "--warmup",
        str(cfg.warmup),
        "--generated-slug",
        cfg.generated_slug,
        "--search-repeats",
        str(cfg.search_repeats),
        "--sitemap-runs",
        str(cfg.sitemap_runs),
        "--search-budget",
        str(cfg.search_budget),
        "--sitemap-budget",
        str(cfg.sitemap_budget),
        "--admin-runs",
        str(cfg.admin_runs),
        "--audit-runs",
        str(cfg.audit_runs),
        "--audit-max-seconds",
        str(cfg.audit_max_seconds),
        *extra,
    ]
    procs.run_bounded(
        cmd, timeout=timeout or cfg.probe_timeout, env=env, cwd=PROJECT, log=log
    )
    return json.loads(out.read_text())


def now_utc():
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def publish_settings(cfg):
    """What publish-under-load runs with (bench/publish.py)."""
    return {
        "duration": cfg.publish_duration,
        "connections": cfg.publish_connections,
        "interval": cfg.publish_interval,
        "workers": cfg.publish_workers,
        "warmup": cfg.publish_warmup,
        "cap": publisher.CAP_S,
        "poll_every_s": publisher.POLL_EVERY_S,
        "limit_ms": publish.STALENESS_LIMIT_MS,
        "page": SEED_PATH,
    }


def not_measured(db_name, label, size, status, note):
    """The record of a publish-under-load that did not run (or broke down)."""
    return {
        "status": status,
        "note": note,
        "database": db_name,
        "label": label,
        "size": size,
        "date": now_utc(),
    }


def run_publish(db, size, env, cfg, wrk_path, log):
    """publish-under-load on the database just built: its record, ok or not."""
    scenario = not_measured(db.name, db.label, size, "ok", "")
    say(f"{db.label} {size:,}: {publish.NAME}")
    try:
        scenario.update(
            publish.measure(
                env,
                cwd=PROJECT,
                wrk_path=wrk_path,
                work_dir=WORK,
                settings=publish_settings(cfg),
                log=log,
                say=say,
            )
        )
    except BenchError as error:
        scenario["status"] = "failed"
        scenario["note"] = str(error)
        say(f"{db.label} {size:,}: {publish.NAME} FAILED: {error}")
    scenario["finished"] = now_utc()
    if scenario["status"] == "ok":
        fig = scenario["figures"]
        say(
            f"{publish.NAME}: {fig['requests']:,} requests, {fig['fivexx']} 5xx, "
            f"{fig['socket_errors']} socket errors, {fig['publishes']} publishes; "
            + ", ".join(
                f"server {name} staleness max {one['max_ms'] or 0:.0f} ms"
                for name, one in fig["staleness"].items()
            )
        )
    return scenario


def measure(
    db, size, cfg, wrk_path, key, growth=True, publish_here=False, stored_audit=False
):
    """Build one database of ``size`` pages and measure it: one results run.

    ``growth``: the rounds and the audit; ``publish_here``: publish-under-load
    afterwards, on the same database (its record under "publish_under_load").
    """
    run = {
        "database": db.name,
        "label": db.label,
        "size": size,
        "status": "ok",
        "note": "",
    }
    name = f"{db.name}-{size}"
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    server_log = logs / f"{name}-gunicorn.log"
    for path in (log, server_log):
        path.unlink(missing_ok=True)
    cache_dir = WORK / "cache" / name
    shutil.rmtree(cache_dir, ignore_errors=True)
    shutil.rmtree(WORK / "media", ignore_errors=True)
    env = environment.bench_env(db.url(size), WORK, cache_dir, key)
    rounds = []
    try:
        say(f"{db.label} {size:,}: creating the database")
        db.recreate(size)
        say(f"{db.label} {size:,}: migrate, demo content, {size:,} pages, static")
        run["build_s"] = build.build(size, env, PROJECT, log)
        run["db_size_bytes"] = db.size_bytes(size)
        say(
            f"{db.label} {size:,}: built "
            + ", ".join(f"{k} {v:.1f} s" for k, v in run["build_s"].items())
        )
        for number in range(cfg.rounds if growth else 0):
            # Every round starts from an empty page cache (a file cache's
            # cost per write grows with the number of entries it holds).
            shutil.rmtree(cache_dir, ignore_errors=True)
            say(f"{db.label} {size:,}: round {number + 1} of {cfg.rounds}: renders")
            extra = ["--scan", str(cfg.scan)] if number == 0 and cfg.scan else []
            load = os.getloadavg()[0]
            probe = run_probe("round", env, cfg, log, extra)
            say(f"{db.label} {size:,}: round {number + 1}: HTTP")
            http = loadtest.measure(
                env,
                cwd=PROJECT,
                wrk_path=wrk_path,
                page_path=SEED_PATH,
                static_root=WORK / "static",
                work_dir=WORK,
                duration=cfg.duration,
                log=server_log,
            )
            rounds.append({"probe": probe, "http": http, "loadavg_1m": load})
            say(
                f"{db.label} {size:,}: seed page "
                f"{probe['pages']['seed']['render_ms']['p50']:.1f} ms, "
                f"{probe['pages']['seed']['queries']} queries; HTTP page "
                f"{http['page']['rps']:.0f} req/s, static "
                f"{http['static']['rps']:.0f} req/s"
            )
        if growth:
            say(f"{db.label} {size:,}: SEO audit")
            try:
                run["audit"] = run_probe(
                    "audit", env, cfg, log, timeout=cfg.audit_timeout
                )
            except BenchError as error:
                run["audit"] = {"error": f"audit failed: {str(error).splitlines()[0]}"}
        if stored_audit:
            say(f"{db.label} {size:,}: stored SEO audit, report and dashboard")
            run["stored_audit"] = audit_scenario.probe(env, cfg, log, PROJECT, WORK)
        if publish_here:
            # Last: its publishes change the database the rounds measured.
            run["publish_under_load"] = run_publish(db, size, env, cfg, wrk_path, log)
    except BenchError as error:
        run["status"] = "failed"
        run["note"] = str(error)
        say(f"{db.label} {size:,}: FAILED: {error}")
    finally:
        if not cfg.keep:
            try:
                db.remove(size)
            except Exception as error:  # noqa: BLE001 - report, do not hide the cause
                say(f"could not remove the {db.label} database: {error}")
    run["rounds"] = rounds
    run["metrics"] = aggregate.metrics(
        rounds, run.get("audit"), run.get("build_s"), run.get("db_size_bytes")
    )
    return run


def write_results(results, cfg, rotate=True):
    """Write the results and the report; the file before becomes previous.json
    when ``rotate`` (a run of publish-under-load alone updates the file in
    place: the growth figures previous.json is compared on have not changed)."""
    output = PROJECT / cfg.output
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.exists() and rotate:
        output.replace(output.with_name("previous.json"))
    output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    markdown = PROJECT / cfg.markdown
    markdown.parent.mkdir(parents=True, exist_ok=True)
    markdown.write_text(
        report.markdown_report(results) + audit_scenario.markdown(results)
    )
    return output, markdown


def shown(path):
    """A path as the user would type it: relative to the project when inside it."""
    path = Path(path).resolve()
    return path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path


def judge(results):
    results["targets"] = targets.evaluate(
        results.get("runs", []), results.get("publish_under_load")
    )
    results["bakerydemo"] = targets.bakerydemo(results.get("runs", []))
    return results


def previous_results(cfg):
    """The results file as it is before this run writes it, or None."""
    try:
        return json.loads((PROJECT / cfg.output).read_text())
    except (OSError, ValueError):
        return None


# Top-level keys that describe the growth scenario's run.
GROWTH_KEYS = ("schema", "date", "finished", "command", "config", "machine", "runs")


def carry_over(results, previous, growth, published):
    """Keep the figures of a scenario not run this time from the results file.

    ``BENCH_SCENARIOS=publish-under-load`` measures that scenario only: the
    growth figures (and what describes their run) stay those of the file, and
    the other way round, also when publish-under-load was skipped (PostgreSQL
    down or not among the databases); ``carried_over`` says which, from when.
    """
    if not previous:
        return results
    carried = {}
    if not growth and previous.get("runs"):
        for name in (*GROWTH_KEYS, "code"):
            if name in previous:
                results[name] = previous[name]
        carried["growth"] = {
            "date": previous.get("date"),
            "command": previous.get("command"),
        }
    old = previous.get("publish_under_load")
    if not published and old and old.get("status") != "skipped":
        results["publish_under_load"] = old
        carried[publish.NAME] = {"date": old.get("date"), "command": old.get("command")}
    if carried:
        results["carried_over"] = carried
    return results


def rerender(path, cfg):
    """Judge and write the reports again from a results file (no measuring)."""
    results = judge(json.loads(Path(path).read_text()))
    Path(path).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    markdown = PROJECT / cfg.markdown
    markdown.write_text(
        report.markdown_report(results) + audit_scenario.markdown(results)
    )
    sys.stdout.write(report.stdout_report(results))
    print(f"\nRewrote {shown(markdown)} from {path}.")
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--from-json"] and len(argv) >= 2:
        return rerender(argv[1], bench_config.parse(argv[2:]))
    cfg = bench_config.parse(argv)
    procs.install_signal_handlers()
    try:
        wrk_path = wrk.find_wrk(cfg.wrk or None)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    if importlib.util.find_spec("gunicorn") is None:
        print(
            f"bench: gunicorn is not installed for {sys.executable}; run make install",
            file=sys.stderr,
        )
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    lock = open(WORK / "lock", "w")  # noqa: SIM115 - held for the whole run
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("bench: another benchmark is running (bench/.work/lock)", file=sys.stderr)
        return 2

    key = environment.secret_key()
    started = datetime.datetime.now(datetime.UTC)
    code_before = machine.code_state(PROJECT)
    growth = "growth" in cfg.scenarios
    wants_publish = publish.NAME in cfg.scenarios
    stored = audit_scenario.NAME in cfg.scenarios
    audits = []
    # publish-under-load needs one site only: PostgreSQL, the smallest size.
    publish_size = min(cfg.sizes)
    runs, versions, scenario = [], {}, None
    try:
        for name in cfg.databases:
            try:
                db = databases.make(name, WORK, cfg.postgres_url)
                available, why = db.available()
            except BenchError as error:
                db, available, why = None, False, str(error)
            label = db.label if db else name
            if available:
                version = db.server_version()
                if version:
                    versions[label] = version.removeprefix("SQLite ")
            for size in cfg.sizes:
                here = wants_publish and name == "postgresql" and size == publish_size
                if not growth and not here and not stored:
                    continue
                if not available:
                    say(f"{label} {size:,}: skipped: {why}")
                    if here:
                        scenario = not_measured(
                            name, label, size, "skipped", f"skipped: {why}"
                        )
                    if growth:
                        runs.append(
                            {
                                "database": name,
                                "label": label,
                                "size": size,
                                "status": "skipped",
                                "note": f"skipped: {why}",
                                "metrics": {},
                            }
                        )
                    continue
                run = measure(
                    db,
                    size,
                    cfg,
                    wrk_path,
                    key,
                    growth=growth,
                    publish_here=here,
                    stored_audit=stored,
                )
                if stored:
                    audits.append(audit_scenario.record(run))
                if here:
                    scenario = run.pop("publish_under_load", None) or not_measured(
                        name, label, size, "failed", run.get("note") or "not run"
                    )
                if growth:
                    runs.append(run)
                # What is done so far survives an interruption.
                (WORK / "partial.json").write_text(json.dumps(runs, indent=1))
    finally:
        procs.end_all()
    if wants_publish and scenario is None:
        scenario = not_measured(
            "postgresql",
            "PostgreSQL",
            publish_size,
            "skipped",
            "skipped: PostgreSQL is not among BENCH_DATABASES (two app servers "
            "on one SQLite file are not a deployment: this scenario runs on "
            "PostgreSQL only)",
        )

    results = {
        "schema": 1,
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "finished": now_utc(),
        "command": command_line(argv, os.environ),
        "config": cfg.as_dict(),
        "machine": machine.describe(PROJECT, wrk.version(wrk_path), versions),
        "runs": runs,
    }
    if scenario is not None:
        described = results["machine"]
        scenario["command"] = results["command"]
        scenario["machine"] = {
            name: described.get(name)
            for name in ("nproc", "cpu_model", "kernel", "software", "git")
        }
        results["publish_under_load"] = scenario
    code_after = machine.code_state(PROJECT)
    results["code"] = {
        "commit_at_start": code_before["commit"],
        "commit_at_end": code_after["commit"],
        "changed_during_run": code_before != code_after,
    }
    # A skipped publish-under-load (no PostgreSQL) keeps the figures before.
    measured = scenario is not None and scenario.get("status") != "skipped"
    previous = previous_results(cfg)
    results = carry_over(results, previous, growth, measured)
    if stored:
        results["stored_audit"] = audits
    elif (previous or {}).get("stored_audit"):
        results["stored_audit"] = previous["stored_audit"]
    judge(results)
    output, markdown = write_results(results, cfg, rotate=growth)
    sys.stdout.write(report.stdout_report(results))
    print(f"\nWrote {shown(output)} and {shown(markdown)}.")
    previous = output.with_name("previous.json")
    if previous.exists() and growth:
        print(
            "Compare with the run before: python bench/compare.py "
            f"{shown(previous)} {shown(output)}"
        )
    failed = any(run["status"] == "failed" for run in runs)
    failed = failed or (scenario or {}).get("status") == "failed"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
