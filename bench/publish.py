"""Publishing under load, two app servers: the publish-under-load scenario.

Two gunicorn servers (separate processes, each in a working directory of its
own, reading the project's gunicorn.conf.py) on one PostgreSQL database and
one Redis (a redis-server of the benchmark's own, bench/redisserver.py), so
they share the page cache as two app servers behind a load balancer do. One
wrk process loads both with mixed visitor traffic (bench/mix.py: half its
connections each) while an editor (bench/publisher.py, a Django process with
the servers' environment) publishes a change to a treatment page every few
seconds and watches both servers until each serves it.

The rest of this module reads what happened: wrk's report and its per-server
counts, the servers' access and error logs, and the publisher's timings.
"""

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import cpu, mix, procs, wrk
from .probe import SEARCH_QUERIES, SEED_PATH
from .procs import BenchError
from .redisserver import RedisServer
from .redisserver import version as redis_version
from .server import Gunicorn, get
from .stats import percentile

NAME = "publish-under-load"
SERVER_NAMES = ("a", "b")
HOST = "127.0.0.1"
# A published change must be served by every server within this long.
STALENESS_LIMIT_MS = 1000.0
FIRST_DELAY_S = 2.5  # the first publish, after the load starts
TAIL_S = 2.0  # no publish later than this before the load ends
TREATMENT_PAGES = 40  # other treatment pages in the traffic


# ---------------------------------------------------------------- reading logs


def classify(path, seed_path=SEED_PATH):
    """The kind of request (as bench/mix.py names them) of an address."""
    if path == "/":
        return "home"
    if path == "/treatments/":
        return "index"
    if path == seed_path:
        return "seed"
    if path.startswith("/treatments/"):
        return "treatment"
    if path.startswith("/search/suggest/"):
        return "suggest"
    if path.startswith("/search/"):
        return "search"
    if path.startswith(mix.MISSING_PREFIX):
        return "missing"
    return "other"


def status_class(status):
    status = int(status)
    return f"{status // 100}xx" if 200 <= status < 600 else "other"


_GUNICORN_LINE = re.compile(r"^\[[^\]]+\] \[\d+\] \[(\w+)\] (.*)$")


def read_log(lines, seed_path=SEED_PATH):
    """One gunicorn log (access lines, the site's JSON log, gunicorn's own).

    Returns {"requests": {kind: {"count", "status": {class: n}, "404", "ms":
    {"p50", "p99", "max"}}}, "fivexx": [first paths answered 5xx], "levels":
    {level: n} of the site's log, "gunicorn": {level: n} of gunicorn's own
    lines, "messages": [first distinct warnings and errors], "worker_timeouts",
    "tracebacks", "not_found_logged" (Django's warnings for the made-up
    missing addresses, expected, so neither counted nor listed)}.
    """
    durations, requests = {}, {}
    fivexx, messages = [], []
    levels, gunicorn_levels = {}, {}
    timeouts = tracebacks = not_found_logged = 0
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("Traceback"):
            tracebacks += 1
        record = None
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                record = None
        if isinstance(record, dict) and "status" in record and "path" in record:
            try:
                status = int(record["status"])
            except (TypeError, ValueError):
                continue
            kind = classify(record["path"], seed_path)
            entry = requests.setdefault(
                kind, {"count": 0, "status": {}, "404": 0, "ms": {}}
            )
            entry["count"] += 1
            cls = status_class(status)
            entry["status"][cls] = entry["status"].get(cls, 0) + 1
            if status == 404:
                entry["404"] += 1
            if status >= 500 and len(fivexx) < 20:
                query = record.get("query") or ""
                fivexx.append(
                    f"{status} {record['path']}" + (f"?{query}" if query else "")
                )
            with contextlib.suppress(KeyError, TypeError, ValueError):
                durations.setdefault(kind, []).append(float(record["duration_ms"]))
            continue
        if isinstance(record, dict) and "level" in record:
            level = str(record["level"]).upper()
            if _expected_not_found(record):
                not_found_logged += 1
                continue
            levels[level] = levels.get(level, 0) + 1
            if level in ("WARNING", "ERROR", "CRITICAL"):
                text = f"{level} {record.get('name', '')}: {record.get('message', '')}"
                if record.get("exc_info"):
                    tracebacks += 1
                    last = str(record["exc_info"]).strip().splitlines()[-1:]
                    text += f" ({last[0]})" if last else ""
                _remember(messages, text)
            continue
        match = _GUNICORN_LINE.match(line)
        if match:
            level, text = match.group(1).upper(), match.group(2)
            gunicorn_levels[level] = gunicorn_levels.get(level, 0) + 1
            if "WORKER TIMEOUT" in text:
                timeouts += 1
            if level in ("WARNING", "ERROR", "CRITICAL"):
                _remember(messages, f"gunicorn {level}: {text}")
    for kind, values in durations.items():
        requests[kind]["ms"] = {
            "p50": percentile(values, 50),
            "p99": percentile(values, 99),
            "max": max(values),
        }
    return {
        "requests": requests,
        "fivexx": fivexx,
        "levels": levels,
        "gunicorn": gunicorn_levels,
        "messages": messages,
        "worker_timeouts": timeouts,
        "tracebacks": tracebacks,
        "not_found_logged": not_found_logged,
    }


def _expected_not_found(record):
    """Django's WARNING for a 404 of an address the traffic made up to miss."""
    message = str(record.get("message", ""))
    return record.get("name") == "django.request" and message.startswith(
        f"Not Found: {mix.MISSING_PREFIX}"
    )


def _remember(messages, text, limit=10):
    text = " ".join(text.split())[:300]
    # Worker pids and times differ between otherwise equal messages.
    if text not in messages and len(messages) < limit:
        messages.append(text)


def log_lines(path, start=0):
    """The lines of a log file from byte ``start`` on."""
    with open(path, "rb") as handle:
        handle.seek(start)
        return handle.read().decode("utf-8", "replace").splitlines()


# ---------------------------------------------------------------- figures


def staleness(publishes, server_names, limit_ms=STALENESS_LIMIT_MS):
    """Per server: how long each publish took to show, from the publisher's log.

    {name: {"publishes", "seen", "within_limit", "late" (seen after the
    limit), "unseen", "p50_ms", "max_ms", "stale_responses" (old text served
    after publish() returned), "regressions" (old text again after the new
    one was served), "in_flight_p50_ms" (the time the request that first
    showed it took), "first_response_cache" {state: n}, "errors"}}.
    """
    result = {}
    for name in server_names:
        values, flight, unseen, stale, regressions, errors = [], [], 0, 0, 0, 0
        caches = {}
        for publish in publishes:
            one = (publish.get("servers") or {}).get(name)
            if one is None or not one.get("seen") or one.get("staleness_ms") is None:
                unseen += 1
            else:
                values.append(one["staleness_ms"])
                if one.get("request_ms") is not None:
                    flight.append(one["request_ms"])
                state = one.get("cache") or "none"
                caches[state] = caches.get(state, 0) + 1
            if one:
                stale += one.get("stale_responses", 0)
                regressions += one.get("regressions", 0)
                errors += one.get("error_count", 0)
        late = sum(1 for value in values if value > limit_ms)
        result[name] = {
            "publishes": len(publishes),
            "seen": len(values),
            "within_limit": len(values) - late,
            "late": late,
            "unseen": unseen,
            "p50_ms": percentile(values, 50) if values else None,
            "max_ms": max(values) if values else None,
            "values_ms": values,
            # How long the request that first showed the change took: with no
            # old copy served, staleness is that request's wait for a worker.
            "in_flight_p50_ms": percentile(flight, 50) if flight else None,
            "stale_responses": stale,
            "regressions": regressions,
            "first_response_cache": caches,
            "errors": errors,
        }
    return result


def figures(load, threads, publisher, logs, limit_ms=STALENESS_LIMIT_MS):
    """The scenario's figures from wrk's report, its per-server counts
    (``mix.per_server``), the publisher's output and the servers' logs."""
    statuses = {**dict.fromkeys(mix.STATUS_CLASSES, 0), "404": 0}
    sent = dict.fromkeys(mix.KINDS, 0)
    for server in threads.values():
        for key, count in server["status"].items():
            statuses[key] = statuses.get(key, 0) + count
        for kind, count in server["sent"].items():
            sent[kind] = sent.get(kind, 0) + count
    unexpected_4xx = statuses["4xx"] - statuses["404"]
    publishes = publisher.get("publishes", [])
    publish_ms = [p["publish_ms"] for p in publishes if "publish_ms" in p]
    return {
        "requests": load.get("requests"),
        "duration_s": load.get("duration_s"),
        "rps": load.get("rps"),
        "status": statuses,
        "fivexx": statuses["5xx"],
        "not_found": statuses["404"],
        "missing_sent": sent.get("missing", 0),
        "unexpected_4xx": unexpected_4xx,
        "non_2xx_3xx": load.get("non_2xx"),
        "socket_errors": load.get("socket_errors", 0),
        "socket_errors_by_kind": load.get("socket_errors_by_kind", {}),
        "latency_ms": {
            "p50": load.get("latency_ms", {}).get("50"),
            "p75": load.get("latency_ms", {}).get("75"),
            "p90": load.get("latency_ms", {}).get("90"),
            "p99": load.get("latency_ms", {}).get("99"),
            "max": load.get("latency_max_ms"),
            "avg": load.get("latency_avg_ms"),
        },
        "per_server": {
            name: {
                "responses": server["responses"],
                "status": server["status"],
                "cache": server["cache"],
            }
            for name, server in threads.items()
        },
        "sent": sent,
        "publishes": len(publishes),
        "publish_ms": {
            "p50": percentile(publish_ms, 50) if publish_ms else None,
            "max": max(publish_ms) if publish_ms else None,
        },
        "late_publishes": sum(1 for p in publishes if p.get("late_s", 0) > 1.0),
        "staleness": staleness(publishes, list(threads) or SERVER_NAMES, limit_ms),
        "logs": {
            name: {
                "errors": log["levels"].get("ERROR", 0)
                + log["levels"].get("CRITICAL", 0)
                + log["gunicorn"].get("ERROR", 0)
                + log["gunicorn"].get("CRITICAL", 0),
                "warnings": log["levels"].get("WARNING", 0)
                + log["gunicorn"].get("WARNING", 0),
                "worker_timeouts": log["worker_timeouts"],
                "tracebacks": log["tracebacks"],
                "not_found_logged": log.get("not_found_logged", 0),
                "fivexx": log["fivexx"],
                "messages": log["messages"],
            }
            for name, log in logs.items()
        },
    }


# ---------------------------------------------------------------- running it


def _publisher_cmd(mode, out, settings, extra=()):
    return [
        sys.executable,
        "-m",
        "bench.publisher",
        mode,
        "--out",
        str(out),
        "--path",
        settings["page"],
        "--treatments",
        str(TREATMENT_PAGES),
        *extra,
    ]


def _wait_for(path, proc, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Path(path).exists():
            return
        if proc.poll() is not None:
            raise BenchError(f"{what} exited with status {proc.returncode}")
        time.sleep(0.1)
    raise BenchError(f"{what} was not ready within {timeout:.0f} s")


def _wait_exit(proc, timeout, what):
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        procs.end(proc)
        raise BenchError(f"{what} did not finish within {timeout:.0f} s") from None
    procs.end(proc)
    if proc.returncode != 0:
        raise BenchError(f"{what} exited with status {proc.returncode}")


def measure(env, *, cwd, wrk_path, work_dir, settings, log, say=print):
    """Run the scenario against the database ``env`` points at.

    ``settings``: duration, connections, interval, workers, warmup (seconds),
    page (the treatment page published). Returns the scenario's record
    (without status, date and the like, which bench/run.py adds).
    """
    work = Path(work_dir) / "publish"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    names = SERVER_NAMES
    record = {"settings": {**settings, "servers": len(names), "host": HOST}}
    with RedisServer(work / "redis", log=work / "redis.log") as redis:
        record["redis"] = {"version": redis_version("redis-server"), "url": redis.url}
        env = {**env, "REDIS_URL": redis.url}
        say(f"{NAME}: Redis on port {redis.port}; starting servers {', '.join(names)}")
        servers = {}
        try:
            for name in names:
                folder = work / f"server-{name}"
                folder.mkdir()
                servers[name] = Gunicorn(
                    env,
                    cwd=folder,
                    workers=settings["workers"],
                    log=folder / "gunicorn.log",
                    project=cwd,
                )
                servers[name].start()
            record["servers"] = _check_servers(servers)
            return _load_and_publish(
                record, servers, env, cwd, wrk_path, work, settings, log, say
            )
        finally:
            for server in servers.values():
                server.stop()


def _check_servers(servers):
    """Each server answers, and says the shared cache is up (/healthz)."""
    described = {}
    for name, server in servers.items():
        status, _headers, body, _ms = get(server.port, "/healthz")
        try:
            health = json.loads(body)
        except ValueError:
            health = {"status": f"unreadable ({status})"}
        if status != 200 or health.get("status") != "ok":
            raise BenchError(
                f"server {name} answered /healthz with {status} {health}: the "
                "database and Redis must both answer"
            )
        described[name] = {
            "port": server.port,
            "workdir": str(server.cwd),
            **server.describe(),
        }
    return described


def _load_and_publish(record, servers, env, cwd, wrk_path, work, settings, log, say):
    prepared_file = work / "prepared.json"
    procs.run_bounded(
        _publisher_cmd("prepare", prepared_file, settings),
        timeout=300,
        env=env,
        cwd=cwd,
        log=log,
    )
    prepared = json.loads(prepared_file.read_text())
    kinds_paths = mix.paths(
        settings["page"],
        prepared["treatment_paths"],
        SEARCH_QUERIES,
        mix.SUGGEST_PREFIXES,
    )
    ports = [servers[name].port for name in servers]
    script = work / "mix.lua"
    script.write_text(mix.script(ports, kinds_paths, host=HOST))
    record["target"] = prepared["target"]
    record["treatment_pages"] = len(prepared["treatment_paths"])
    url = f"http://{HOST}:{ports[0]}/"
    threads = len(servers)

    out, ready, go = work / "publisher.json", work / "ready", work / "go"
    publisher_log = open(work / "publisher.log", "w", encoding="utf-8")  # noqa: SIM115
    servers_arg = ",".join(f"{name}={server.port}" for name, server in servers.items())
    publisher = procs.spawn(
        _publisher_cmd(
            "run",
            out,
            settings,
            [
                "--ready",
                str(ready),
                "--go",
                str(go),
                "--servers",
                servers_arg,
                "--host",
                HOST,
                "--interval",
                str(settings["interval"]),
                "--duration",
                str(settings["duration"]),
                "--first-delay",
                str(FIRST_DELAY_S),
                "--tail",
                str(TAIL_S),
                "--cap",
                str(settings["cap"]),
            ],
        ),
        env=env,
        cwd=cwd,
        stdout=publisher_log,
        stderr=publisher_log,
    )
    try:
        say(f"{NAME}: warming up ({settings['warmup']} s of the same traffic)")
        wrk.run(
            wrk_path,
            url,
            duration_s=settings["warmup"],
            threads=threads,
            connections=settings["connections"],
            script=script,
            script_args=["warmup"],
            log=log,
        )
        _wait_for(ready, publisher, 120, f"the publisher (see {publisher_log.name})")
        offsets = {
            name: os.path.getsize(server.log) for name, server in servers.items()
        }
        record["loadavg_1m_start"] = os.getloadavg()[0]
        cpu_before, cpu_started = cpu.snapshot(), time.monotonic()
        start = time.time() + 0.5
        go.write_text(f"{start}\n")
        time.sleep(max(0.0, start - time.time()))
        say(
            f"{NAME}: {settings['connections']} connections for "
            f"{settings['duration']} s, a publish every {settings['interval']:g} s"
        )
        done = procs.run_bounded(
            wrk.command(
                wrk_path,
                url,
                threads,
                settings["connections"],
                settings["duration"],
                script,
                ["load"],
            ),
            timeout=settings["duration"] + 60,
            log=log,
        )
        record["loadavg_1m_end"] = os.getloadavg()[0]
        elapsed = time.monotonic() - cpu_started
        record["cpu"] = {
            **cpu.usage(cpu_before, cpu.snapshot(), os.getpid()),
            "seconds": elapsed,
            "cpus": os.cpu_count(),
        }
        _wait_exit(
            publisher,
            settings["cap"] + 120,
            f"the publisher (see {publisher_log.name})",
        )
    finally:
        if publisher.poll() is None:
            procs.end(publisher)
        publisher_log.close()
    try:
        load = wrk.parse(done.stdout)
    except ValueError as error:
        raise BenchError(f"could not read wrk's report: {error}") from error
    names = dict(enumerate(servers, start=1))
    threads_seen = mix.per_server(mix.parse_threads(done.stdout), names)
    publisher_out = json.loads(out.read_text())
    lines = {
        name: log_lines(server.log, offsets[name]) for name, server in servers.items()
    }
    logs = {name: read_log(lines[name], settings["page"]) for name in servers}
    both = read_log(
        [line for name in servers for line in lines[name]], settings["page"]
    )
    record["wrk"] = {
        "command": " ".join(
            [
                "wrk",
                *wrk.command(
                    "wrk",
                    url,
                    threads,
                    settings["connections"],
                    settings["duration"],
                    "mix.lua",
                    ["load"],
                )[1:],
            ]
        ),  # fmt: skip
        "report": load,
    }
    record["publisher"] = publisher_out
    record["access"] = {name: log["requests"] for name, log in logs.items()}
    record["access_all"] = both["requests"]
    record["figures"] = figures(load, threads_seen, publisher_out, logs)
    return record
