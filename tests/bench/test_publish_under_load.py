"""Publishing under load (bench/publish.py and friends): the pure parts.

The traffic mix and its Lua script, wrk's per-server counts, the servers'
logs, staleness, the figures, the verdicts, the report and the settings. None
of these tests starts a server, Redis or wrk.
"""

import json

import pytest

from bench import cpu, mix, publish, report, targets, wrk
from bench.config import parse, parse_scenarios
from bench.probe import SEARCH_QUERIES, SEED_PATH
from bench.redisserver import command as redis_command
from bench.run import carry_over, judge

WRK_MIXED = """\
Running 1m test @ http://127.0.0.1:40001/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   120.50ms   80.10ms   1.20s    70.00%
    Req/Sec   200.00     50.00   300.00     60.00%
  Latency Distribution
     50%  100.00ms
     75%  150.00ms
     90%  210.00ms
     99%  800.00ms
  24000 requests in 1.00m, 900.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 1203
Requests/sec:    400.00
Transfer/sec:     15.00MB
bench-thread: server=1 sent_seed=1800 sent_treatment=3600 sent_home=1200 \
sent_index=1200 sent_search=1800 sent_suggest=1800 sent_missing=600 s2xx=11399 \
s3xx=0 s4xx=600 s5xx=1 sother=0 s404=600 hits=10000 misses=2000
bench-thread: server=2 sent_seed=1800 sent_treatment=3600 sent_home=1200 \
sent_index=1200 sent_search=1800 sent_suggest=1800 sent_missing=600 s2xx=11398 \
s3xx=0 s4xx=602 s5xx=0 sother=0 s404=600 hits=9000 misses=3000
"""


def access(path, status, ms, query=""):
    return json.dumps(
        {
            "time": "[02/Dec/2026:13:40:21 +0000]",
            "remote": "127.0.0.1",
            "method": "GET",
            "path": path,
            "query": query,
            "status": status,
            "bytes": "100",
            "duration_ms": ms,
            "referer": "-",
            "user_agent": "-",
        }
    )


def app_log(level, name, message, exc_info=None):
    record = {"time": "2026-12-02", "level": level, "name": name, "message": message}
    if exc_info:
        record["exc_info"] = exc_info
    return json.dumps(record)


# ---------------------------------------------------------------- the mix


def test_slots_spread_each_kind_by_its_weight():
    order = mix.slots()
    assert len(order) == sum(weight for _kind, weight in mix.WEIGHTS) == 100
    for kind, weight in mix.WEIGHTS:
        assert order.count(kind) == weight
    # Spread evenly: the heaviest kind never runs three times in a row.
    assert all(order[i : i + 3] != ["treatment"] * 3 for i in range(len(order)))
    assert mix.slots([("a", 2), ("b", 1), ("c", 0)]) == ["a", "b", "a"]
    with pytest.raises(ValueError):
        mix.slots([("a", 0)])


def test_paths_of_each_kind():
    paths = mix.paths(SEED_PATH, ["/treatments/x/"], ["çocuk", "a b"], ["st"])
    assert paths["seed"] == [SEED_PATH] and paths["index"] == ["/treatments/"]
    assert paths["search"] == ["/search/?q=%C3%A7ocuk", "/search/?q=a+b"]
    assert paths["suggest"] == ["/search/suggest/?q=st"]
    with pytest.raises(ValueError):
        mix.paths(SEED_PATH, [], SEARCH_QUERIES, mix.SUGGEST_PREFIXES)


def test_lua_script_gives_threads_to_servers_and_counts_statuses():
    paths = mix.paths(SEED_PATH, ["/treatments/x/"], SEARCH_QUERIES, ["çoc"])
    script = mix.script([40001, 40002], paths)
    assert "local ports = {40001, 40002}" in script
    assert "thread.addr = wrk.lookup(host" in script
    assert 'local host = "127.0.0.1"' in script
    assert 'wrk.headers["Host"] = host' in script
    assert '"/search/suggest/?q=%C3%A7oc"' in script  # ASCII only
    assert script.isascii()
    # Its 5 slots, the list of kinds, and the test for made-up addresses.
    assert script.count('"missing"') == 5 + 2
    for name in ("s5xx", "s404", "hits", "bench-thread: server="):
        assert name in script
    with pytest.raises(ValueError):
        mix.script([], paths)
    with pytest.raises(ValueError, match="no addresses for search"):
        mix.script([1], {k: v for k, v in paths.items() if k != "search"})


def test_thread_lines_are_added_up_per_server():
    threads = mix.parse_threads(WRK_MIXED)
    assert len(threads) == 2 and threads[0]["s5xx"] == 1
    servers = mix.per_server(threads, {1: "a", 2: "b"})
    assert set(servers) == {"a", "b"}
    assert servers["a"]["status"] == {
        "2xx": 11399,
        "3xx": 0,
        "4xx": 600,
        "5xx": 1,
        "other": 0,
        "404": 600,
    }
    assert servers["a"]["responses"] == 12000
    assert servers["b"]["cache"] == {"hit": 9000, "miss": 3000}
    assert servers["b"]["sent"]["missing"] == 600
    # Two threads of one server are added together.
    both = mix.per_server([threads[0], {**threads[1], "server": 1}])
    assert both["1"]["status"]["4xx"] == 1202 and both["1"]["sent"]["seed"] == 3600


def test_wrk_report_keeps_max_latency_and_socket_error_kinds():
    load = wrk.parse(WRK_MIXED)
    assert load["latency_max_ms"] == pytest.approx(1200.0)
    assert load["latency_avg_ms"] == pytest.approx(120.5)
    assert load["socket_errors_by_kind"] == {
        "connect": 0,
        "read": 1,
        "write": 0,
        "timeout": 2,
    }
    assert load["duration_s"] == pytest.approx(60.0)


# ---------------------------------------------------------------- logs


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/", "home"),
        ("/treatments/", "index"),
        (SEED_PATH, "seed"),
        ("/treatments/other/", "treatment"),
        ("/search/", "search"),
        ("/search/suggest/", "suggest"),
        ("/bench-missing-load-1-3/", "missing"),
        ("/robots.txt", "other"),
    ],
)
def test_classify(path, kind):
    assert publish.classify(path) == kind


def test_read_log_counts_statuses_durations_and_problems():
    lines = [
        "[2026-12-02 13:40:21 +0000] [19213] [INFO] Starting gunicorn 27.0.1",
        access("/", 200, 5),
        access("/", 200, 7),
        access("/", 200, 9),
        access("/search/", 500, 40, query="q=cp"),
        access("/bench-missing-load-1-1/", 404, 90),
        app_log("WARNING", "django.request", "Not Found: /bench-missing-load-1-1/"),
        app_log("WARNING", "django.request", "Not Found: /elsewhere/"),
        app_log(
            "ERROR",
            "django.request",
            "Internal Server Error: /search/",
            exc_info="Traceback (most recent call last):\n  ...\nValueError: boom",
        ),
        "[2026-12-02 13:40:40 +0000] [19213] [CRITICAL] WORKER TIMEOUT (pid:19214)",
        "not json at all {",
        "",
    ]
    log = publish.read_log(lines)
    home = log["requests"]["home"]
    assert home["count"] == 3 and home["status"] == {"2xx": 3}
    assert home["ms"] == {"p50": 7.0, "p99": pytest.approx(8.96), "max": 9.0}
    assert log["requests"]["search"]["status"] == {"5xx": 1}
    assert log["requests"]["missing"]["404"] == 1
    assert log["fivexx"] == ["500 /search/?q=cp"]
    assert log["not_found_logged"] == 1
    assert log["levels"] == {"WARNING": 1, "ERROR": 1}
    assert log["gunicorn"] == {"INFO": 1, "CRITICAL": 1}
    assert log["worker_timeouts"] == 1 and log["tracebacks"] == 1
    error = "ERROR django.request: Internal Server Error: /search/ (ValueError: boom)"
    assert error in log["messages"]
    assert any("WORKER TIMEOUT" in message for message in log["messages"])
    assert not any("bench-missing" in message for message in log["messages"])


def test_log_lines_from_an_offset(tmp_path):
    path = tmp_path / "g.log"
    path.write_text("before\n" + access("/", 200, 1) + "\n")
    assert publish.log_lines(path, len("before\n")) == [access("/", 200, 1)]


# ---------------------------------------------------------------- staleness


def seen(ms, cache="hit", stale=0, regressions=0, polls=1, request_ms=None):
    return {
        "seen": True,
        "staleness_ms": ms,
        "request_started_ms": 0.5,
        "request_ms": ms if request_ms is None else request_ms,
        "cache": cache,
        "polls": polls,
        "stale_responses": stale,
        "regressions": regressions,
        "statuses": {"200": polls},
        "errors": [],
        "error_count": 0,
    }


UNSEEN = {
    "seen": False,
    "staleness_ms": None,
    "polls": 40,
    "stale_responses": 40,
    "regressions": 0,
    "error_count": 0,
}


def publishes(*pairs):
    return [
        {
            "number": number,
            "at_s": 2.5 + 5 * (number - 1),
            "publish_ms": 300.0 + number,
            "late_s": 0.0,
            "servers": {"a": a, "b": b},
        }
        for number, (a, b) in enumerate(pairs, start=1)
    ]


def test_staleness_per_server():
    result = publish.staleness(
        publishes(
            (seen(80), seen(120, "miss")),
            (seen(1500), UNSEEN),
            (seen(200, stale=2, polls=3, request_ms=40), seen(90, regressions=1)),
        ),
        ["a", "b"],
    )
    a, b = result["a"], result["b"]
    assert a["publishes"] == 3 and a["seen"] == 3
    assert a["within_limit"] == 2 and a["late"] == 1 and a["unseen"] == 0
    assert a["p50_ms"] == 200 and a["max_ms"] == 1500
    assert a["stale_responses"] == 2 and a["in_flight_p50_ms"] == 80
    assert a["first_response_cache"] == {"hit": 3}
    assert b["seen"] == 2 and b["unseen"] == 1 and b["within_limit"] == 2
    assert b["stale_responses"] == 40 and b["regressions"] == 1
    assert b["first_response_cache"] == {"miss": 1, "hit": 1}
    empty = publish.staleness([], ["a"])["a"]
    assert empty["p50_ms"] is None and empty["publishes"] == 0


def sample_figures(pairs=None):
    if pairs is None:
        pairs = ((seen(80), seen(95)), (seen(300), seen(420)))
    load = wrk.parse(WRK_MIXED)
    threads = mix.per_server(mix.parse_threads(WRK_MIXED), {1: "a", 2: "b"})
    log = publish.read_log([access("/", 200, 5)])
    return publish.figures(
        load, threads, {"publishes": publishes(*pairs)}, {"a": log, "b": log}
    )


def test_figures_add_up_requests_statuses_and_publishes():
    fig = sample_figures()
    assert fig["requests"] == 24000 and fig["rps"] == 400.0
    assert fig["fivexx"] == 1 and fig["not_found"] == 1200
    assert fig["missing_sent"] == 1200 and fig["unexpected_4xx"] == 2
    assert fig["socket_errors"] == 3
    assert fig["latency_ms"]["p90"] == 210.0 and fig["latency_ms"]["max"] == 1200.0
    assert fig["publishes"] == 2
    assert fig["publish_ms"]["p50"] == pytest.approx(301.5)
    assert fig["staleness"]["b"]["max_ms"] == 420
    assert fig["per_server"]["a"]["cache"] == {"hit": 10000, "miss": 2000}
    assert fig["logs"]["a"]["errors"] == 0


# ---------------------------------------------------------------- verdicts


def scenario(fig, status="ok"):
    return {
        "status": status,
        "note": "",
        "date": "2026-12-02 13:40 UTC",
        "command": "BENCH_SCENARIOS=publish-under-load make bench",
        "size": 1000,
        "settings": {
            "duration": 60,
            "connections": 64,
            "interval": 5.0,
            "workers": 2,
            "warmup": 5,
            "cap": 10.0,
            "poll_every_s": 0.05,
            "limit_ms": 1000.0,
            "page": SEED_PATH,
        },
        "figures": fig,
        "machine": {"nproc": "2", "git": "abc1234", "software": {"wrk": "4.1.0"}},
        "loadavg_1m_start": 2.5,
        "loadavg_1m_end": 3.5,
        "cpu": {
            "bench": 60.0,
            "postgres": 10.0,
            "others": 40.0,
            "others_top": [["pytest", 35.0]],
            "seconds": 60.0,
            "cpus": 2,
            "busy": 118.0,
            "idle": 2.0,
            "unattributed": 8.0,
        },
        "publisher": {"publishes": publishes((seen(80), seen(95)))},
        "access_all": {
            "home": {
                "count": 10,
                "status": {"2xx": 10},
                "404": 0,
                "ms": {"p50": 5.0, "p99": 9.0, "max": 9.0},
            }
        },
        "target": {"path": SEED_PATH},
        "treatment_pages": 40,
        "wrk": {"command": "wrk -t2 -c64 -d60s"},
        "redis": {"version": "7.0.15"},
    }


def test_verdicts_fail_on_5xx_socket_errors_and_late_publishes():
    five, sockets, stale = targets.publish_under_load(scenario(sample_figures()))
    assert five["status"] == targets.FAIL and "1 of 24,000" in five["detail"]
    assert "1,200 were the expected 404s" in five["detail"]
    assert sockets["status"] == targets.FAIL and "timeout 2" in sockets["detail"]
    assert stale["status"] == targets.PASS and "2 publishes" in stale["detail"]
    assert {v["scenario"] for v in (five, sockets, stale)} == {"publish-under-load"}
    late = sample_figures(((seen(80), seen(1001)),))
    assert targets.publish_under_load(scenario(late))[2]["status"] == targets.FAIL
    unseen = sample_figures(((seen(80), UNSEEN),))
    verdict = targets.publish_under_load(scenario(unseen))[2]
    assert verdict["status"] == targets.FAIL and "never seen" in verdict["detail"]
    back = sample_figures(((seen(80), seen(90, regressions=1)),))
    assert targets.publish_under_load(scenario(back))[2]["status"] == targets.FAIL


def test_verdicts_pass_when_clean():
    fig = sample_figures()
    fig["fivexx"] = fig["socket_errors"] = 0
    fig["requests"] = 24000
    judged = targets.publish_under_load(scenario(fig))
    assert [v["status"] for v in judged] == [targets.PASS] * 3


def test_verdicts_of_a_scenario_that_did_not_run():
    skipped = {"status": "skipped", "note": "skipped: PostgreSQL does not answer"}
    assert {v["status"] for v in targets.publish_under_load(skipped)} == {targets.NA}
    failed = {"status": "failed", "note": "gunicorn exited"}
    judged = targets.publish_under_load(failed)
    assert {v["status"] for v in judged} == {targets.FAIL}
    assert judged[0]["detail"] == "gunicorn exited"
    assert len(targets.evaluate([], failed)) == 4 + 3
    assert len(targets.evaluate([])) == 4


# ---------------------------------------------------------------- report


def test_report_section_has_figures_verdicts_and_how_to_run():
    fig = sample_figures()
    results = {"runs": [], "config": {}, "machine": {}}
    results["publish_under_load"] = scenario(fig)
    judge(results)
    text = report.markdown_report(results)
    section = text.split("## Publishing under load, two app servers")[1]
    section = section.split("## What is measured")[0]
    assert "BENCH_SCENARIOS=publish-under-load make bench" in section
    assert "PostgreSQL only" in section
    assert "| 5xx responses" in section and "| Socket errors" in section
    assert "100 ms / 210 ms / 800 ms / 1,200 ms" in section
    assert "FAIL" in section and "pytest 35 s" in section
    assert "Other processes were competing" in section
    assert "the CPUs were busy 118 s and idle 2 s in all, 8 s of it" in section
    assert "The CPUs were saturated" in section
    assert "| the home page" in section
    assert "80 ms (response 1, 80 ms, hit)" in section
    assert "BENCH_PUBLISH_INTERVAL" in section
    out = report.stdout_report(results)
    assert "Publishing under load" in out and "server b: staleness" in out


def test_report_of_a_scenario_that_did_not_run():
    results = {"runs": [], "config": {}, "machine": {}}
    results["publish_under_load"] = {
        "status": "skipped",
        "note": "skipped: PostgreSQL is not among BENCH_DATABASES",
        "size": 1000,
        "date": "2026-12-02 13:40 UTC",
    }
    judge(results)
    text = report.markdown_report(results)
    assert "Not measured (2026-12-02 13:40 UTC): skipped: PostgreSQL" in text
    # Its verdicts are in its own section, not in the growth targets' table.
    assert "publish" not in report.targets_table(results)
    assert "n/a" in "".join(report.publish_section(results))
    assert report.publish_section({"runs": []}) == []


# ---------------------------------------------------------------- running it


def test_scenarios_and_publish_settings():
    assert parse_scenarios("publish, growth") == ["publish-under-load", "growth"]
    with pytest.raises(ValueError):
        parse_scenarios("everything")
    config = parse([], {"BENCH_SCENARIOS": "publish-under-load"})
    assert config.scenarios == ["publish-under-load"]
    assert config.publish_duration == 60 and config.publish_connections == 64
    assert config.publish_interval == 5.0 and config.publish_workers == 2
    config = parse(["--publish-duration", "15"], {"BENCH_PUBLISH_INTERVAL": "2.5"})
    assert config.publish_duration == 15 and config.publish_interval == 2.5
    assert parse([], {}).scenarios == ["growth", "publish-under-load", "audit"]
    for bad in (["--publish-connections", "63"], ["--publish-interval", "0.5"]):
        with pytest.raises(SystemExit):
            parse(bad, {})


def test_a_scenario_run_alone_keeps_the_other_figures():
    previous = {
        "date": "2026-11-26 21:20 UTC",
        "command": "make bench",
        "config": {"rounds": 3},
        "machine": {"git": "7746f09"},
        "runs": [{"database": "sqlite", "size": 1000, "status": "ok"}],
        "publish_under_load": {"status": "ok", "date": "2026-11-27 10:00 UTC"},
    }
    new = {"date": "2026-12-02 13:40 UTC", "command": "x", "runs": []}
    new["publish_under_load"] = {"status": "ok", "date": "2026-12-02 13:40 UTC"}
    alone = carry_over(dict(new), previous, growth=False, published=True)
    assert alone["runs"] == previous["runs"] and alone["date"] == previous["date"]
    assert alone["publish_under_load"]["date"] == "2026-12-02 13:40 UTC"
    assert alone["carried_over"] == {
        "growth": {"date": "2026-11-26 21:20 UTC", "command": "make bench"}
    }
    growth_only = {"date": "2026-12-03", "runs": [{"status": "ok"}]}
    kept = carry_over(dict(growth_only), previous, growth=True, published=False)
    assert kept["publish_under_load"]["date"] == "2026-11-27 10:00 UTC"
    assert "publish-under-load" in kept["carried_over"]
    assert carry_over(dict(new), None, growth=False, published=True) == new
    # Skipped this time (BENCH_DATABASES=sqlite): the earlier figures stay.
    skipped = {**growth_only, "publish_under_load": {"status": "skipped"}}
    kept = carry_over(dict(skipped), previous, growth=True, published=False)
    assert kept["publish_under_load"]["date"] == "2026-11-27 10:00 UTC"
    never = {**previous, "publish_under_load": {"status": "skipped"}}
    assert carry_over(dict(skipped), never, growth=True, published=False)[
        "publish_under_load"
    ] == {"status": "skipped"}
    note = report.carried_note(alone)
    assert note.startswith("Measured on its own, 2026-12-02 13:40 UTC")
    assert "(2026-11-26 21:20 UTC)" in note
    assert "the run of 2026-11-27 10:00 UTC" in report.carried_note(kept)
    assert report.carried_note(new) == ""


def test_redis_server_keeps_nothing_and_listens_on_loopback(tmp_path):
    cmd = redis_command("redis-server", 6390, tmp_path)
    assert cmd[cmd.index("--bind") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--save") + 1] == ""
    assert cmd[cmd.index("--appendonly") + 1] == "no"
    assert cmd[cmd.index("--port") + 1] == "6390"


def test_cpu_usage_splits_bench_postgres_and_others():
    stat = "123 (python3) S 1 123 123 0 -1 4194560 1 0 0 0 250 50 0 0 20 0 1 0"
    name, ppid, seconds = cpu.parse_stat(stat)
    assert (name, ppid) == ("python3", 1)
    assert seconds == pytest.approx(300 / cpu.TICKS)
    assert cpu.parse_stat(stat.replace("(python3)", "(a (b) c)"))[0] == "a (b) c"
    before = {
        10: ("python", 1, 1.0),  # the benchmark
        11: ("python", 10, 5.0),  # a gunicorn master
        12: ("python", 11, 5.0),  # its worker
        20: ("postgres", 1, 3.0),
        30: ("pytest", 1, 2.0),
    }
    after = {
        10: ("python", 1, 1.5),
        11: ("python", 10, 5.0),
        12: ("python", 11, 25.0),
        13: ("wrk", 10, 4.0),  # started in between
        20: ("postgres", 1, 7.0),
        30: ("pytest", 1, 12.0),
        31: ("pytest", 1, 3.0),
    }
    used = cpu.usage(before, after, root_pid=10)
    assert used["bench"] == pytest.approx(0.5 + 20 + 4)
    assert used["postgres"] == pytest.approx(4.0)
    assert used["others"] == pytest.approx(13.0)
    assert used["others_top"] == [["pytest", 13.0]]


def test_a_scenario_run_alone_updates_the_results_in_place(tmp_path):
    from bench.run import write_results

    config = parse(
        [
            "--output",
            str(tmp_path / "latest.json"),
            "--markdown",
            str(tmp_path / "benchmarks.md"),
        ],
        {},
    )
    results = judge({"runs": [], "config": {}, "machine": {}})
    write_results(results, config)
    write_results(results, config, rotate=False)
    assert not (tmp_path / "previous.json").exists()
    write_results(results, config)
    assert (tmp_path / "previous.json").exists()
    assert (tmp_path / "benchmarks.md").read_text().startswith("# Benchmarks")


def test_cpu_usage_with_the_machines_busy_time():
    stat = "cpu  1000 0 500 8000 100 0 0 0 0 0\ncpu0 500 0 250 4000 50 0 0 0 0 0\n"
    busy, idle = cpu.machine_times(stat)
    assert busy == pytest.approx(1500 / cpu.TICKS)
    assert idle == pytest.approx(8100 / cpu.TICKS)
    with pytest.raises(ValueError):
        cpu.machine_times("intr 1 2 3\n")
    before = {"machine": (100.0, 50.0), 10: ("python", 1, 1.0)}
    after = {
        "machine": (130.0, 60.0),
        10: ("python", 1, 11.0),
        40: ("kworker/0:1-events", 1, 2.0),
        41: ("kworker/1:2-mm", 1, 1.0),
    }
    used = cpu.usage(before, after, root_pid=10)
    assert used["busy"] == 30.0 and used["idle"] == 10.0
    assert used["bench"] == 10.0 and used["others_top"] == [["kworker", 3.0]]
    assert used["unattributed"] == pytest.approx(17.0)


def test_reading_of_late_publishes_without_old_copies():
    late = sample_figures(((seen(1800), seen(2100)),))
    text = report.publish_reading(late, 1)
    assert "No server served the old text" in text and "p50 100 ms" in text
    assert report.publish_reading(sample_figures(), 1) == ""  # all in time
    old = sample_figures(((seen(1800, stale=3), seen(2100)),))
    assert report.publish_reading(old, 1) == ""  # old copies: no such reading
