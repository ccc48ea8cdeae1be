"""The benchmark's pure parts: parsing, statistics, judging, rendering, comparing.

None of these tests runs the benchmark, a server or wrk.
"""

import json
import statistics

import pytest

from bench import aggregate, cachecheck, compare, report, stats, targets, wrk
from bench.config import ConfigError, parse, parse_databases, parse_sizes
from bench.databases import PostgresDatabase, SQLiteDatabase
from bench.environment import bench_env
from bench.machine import cpu_model
from bench.procs import BenchError
from bench.run import command_line
from bench.server import status_value_kb

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:18765/treatments/stem-cell-therapy-for-cerebral-palsy/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.53ms   20.71ms 193.15ms   95.60%
    Req/Sec   699.20    206.63     1.03k    83.33%
  Latency Distribution
     50%  950.00us
     75%    6.21ms
     90%    8.99ms
     99%    1.34s
  13917 requests in 10.00s, 314.35MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:   1391.26
Transfer/sec:     31.42MB
bench-cache-hits: 0
"""


# ---------------------------------------------------------------- statistics


@pytest.mark.parametrize("pct", [0, 5, 25, 50, 75, 95, 99, 100])
def test_percentile_matches_the_inclusive_definition(pct):
    values = [12.0, 3.5, 7.25, 30.0, 1.0, 18.5, 9.0, 4.0, 22.0, 15.5, 6.0]
    quantiles = statistics.quantiles(values, n=100, method="inclusive")
    expected = {0: min(values), 100: max(values)}.get(pct) or quantiles[pct - 1]
    assert stats.percentile(values, pct) == pytest.approx(expected)


def test_percentile_interpolates_and_handles_one_value():
    assert stats.percentile([1, 2, 3, 4], 50) == 2.5
    assert stats.percentile([10, 20], 95) == pytest.approx(19.5)
    assert stats.percentile([7], 95) == 7
    assert stats.median([5, 1, 3]) == 3


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1, 2], 101)


def test_describe_and_rounds():
    summary = stats.describe([4, 1, 3, 2, 100])
    assert summary["p50"] == 3 and summary["max"] == 100 and summary["n"] == 5
    assert summary["p95"] == pytest.approx(80.8)
    rounds = stats.over_rounds([10.0, None, 14.0, 12.0])
    assert rounds == {
        "value": 12.0,
        "min": 10.0,
        "max": 14.0,
        "rounds": [10.0, None, 14.0, 12.0],
    }
    assert stats.over_rounds([None])["value"] is None
    assert stats.spread_pct(rounds) == pytest.approx(100 * 4 / 12)
    assert stats.spread_pct({"value": None}) is None


# ---------------------------------------------------------------- wrk


def test_wrk_report_is_read():
    result = wrk.parse(WRK_OUTPUT)
    assert result["rps"] == 1391.26
    assert result["requests"] == 13917
    assert result["duration_s"] == pytest.approx(10.0)
    assert result["p50_ms"] == pytest.approx(0.95)
    assert result["latency_ms"]["75"] == pytest.approx(6.21)
    assert result["p99_ms"] == pytest.approx(1340.0)
    assert result["non_2xx"] == 4
    assert result["socket_errors"] == 5
    assert result["errors"] == 9
    assert result["cache_hits"] == 0


def test_wrk_report_without_errors_or_script():
    text = WRK_OUTPUT.replace("  Non-2xx or 3xx responses: 4\n", "")
    text = text.replace("  Socket errors: connect 0, read 2, write 0, timeout 3\n", "")
    text = text.replace("bench-cache-hits: 0\n", "")
    result = wrk.parse(text)
    assert result["errors"] == 0 and "cache_hits" not in result


@pytest.mark.parametrize(
    ("text", "ms"),
    [("950.00us", 0.95), ("1.23ms", 1.23), ("2.00s", 2000), ("1.50m", 90000)],
)
def test_wrk_durations(text, ms):
    assert wrk.to_ms(text) == pytest.approx(ms)


def test_wrk_output_without_latency_distribution_is_refused():
    text = WRK_OUTPUT.split("  Latency Distribution")[0] + "Requests/sec: 5.0\n"
    with pytest.raises(ValueError, match="latency|request total"):
        wrk.parse(text)
    with pytest.raises(ValueError):
        wrk.parse("wrk: connection refused")


def test_wrk_command_is_bounded_and_local_only():
    cmd = wrk.command("wrk", "http://127.0.0.1:8000/x/", 2, 8, 10, "b.lua", ["abc"])
    assert cmd[:4] == ["wrk", "-t2", "-c8", "-d10s"]
    assert "--latency" in cmd and "--timeout" in cmd
    assert cmd[-3:] == ["http://127.0.0.1:8000/x/", "--", "abc"]
    for url in ("http://example.com/", "http://10.0.0.1:8000/", "http://localhost/"):
        with pytest.raises(BenchError, match="only 127.0.0.1"):
            wrk.command("wrk", url)


def test_bust_script_makes_unique_urls_and_counts_hits():
    script = wrk.BUST_SCRIPT
    assert "bench-nocache=" in script and "thread_number" in script
    assert "bench-cache-hits" in script and "args[1]" in script


# ---------------------------------------------------------------- cache, /proc


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X-Wagtail-Cache": "hit"}, ("hit", "X-Wagtail-Cache")),
        ([("x-cache", "MISS from proxy")], ("miss", "X-Cache")),
        ({"CF-Cache-Status": "DYNAMIC"}, ("skip", "CF-Cache-Status")),
        ({"X-Cache-Status": "EXPIRED"}, ("miss", "X-Cache-Status")),
        ({"Content-Type": "text/html"}, (None, None)),
    ],
)
def test_cache_status(headers, expected):
    assert cachecheck.cache_status(headers) == expected


def test_bust_adds_a_parameter():
    assert cachecheck.bust("/a/", "x1") == "/a/?bench-nocache=x1"
    assert cachecheck.bust("/search/?q=a+b", 7) == "/search/?q=a+b&bench-nocache=7"


def test_proc_status_field():
    text = "Name:\tgunicorn\nVmPeak:\t  300000 kB\nVmHWM:\t  102400 kB\n"
    assert status_value_kb(text, "VmHWM") == 102400
    assert status_value_kb(text, "VmRSS") is None


# ---------------------------------------------------------------- configuration


def test_config_from_environment_and_flags():
    config = parse([], {"BENCH_SIZES": "1000", "BENCH_DATABASES": "sqlite"})
    assert config.sizes == [1000] and config.databases == ["sqlite"]
    assert config.rounds == 3 and config.renders == 30
    config = parse(["--sizes", "50,2_000", "--rounds", "1"], {"BENCH_SIZES": "9"})
    assert config.sizes == [50, 2000] and config.rounds == 1
    assert parse([], {"BENCH_KEEP": "1"}).keep is True
    defaults = parse([], {})
    assert defaults.sizes == [1000, 10000]
    assert defaults.databases == ["sqlite", "postgresql"]


def test_config_refuses_nonsense():
    with pytest.raises(ConfigError):
        parse_sizes("ten")
    with pytest.raises(ConfigError):
        parse_sizes("0")
    with pytest.raises(ConfigError):
        parse_databases("mysql")
    assert parse_databases("pg, SQLITE, postgres") == ["postgresql", "sqlite"]
    with pytest.raises(SystemExit):
        parse(["--rounds", "0"], {})


def test_command_line_records_bench_variables():
    env = {"BENCH_SIZES": "1000", "MAKELEVEL": "1", "HOME": "/root"}
    assert command_line([], env) == "BENCH_SIZES=1000 make bench"
    assert command_line(["--rounds", "1"], {}) == "python bench/run.py --rounds 1"


def test_environment_points_everything_at_the_benchmark(tmp_path):
    env = bench_env(
        "sqlite:////x.sqlite3",
        tmp_path,
        tmp_path / "cache",
        "k" * 64,
        base={"DATABASE_URL": "postgres://prod", "REDIS_URL": "redis://x", "A": "1"},
    )
    assert env["DATABASE_URL"] == "sqlite:////x.sqlite3"
    assert env["DJANGO_SETTINGS_MODULE"] == "clinic_site.settings.production"
    assert env["SECURE_SSL_REDIRECT"] == "false" and env["DEBUG"] == "false"
    assert env["STATIC_ROOT"] == str(tmp_path / "static")
    assert "REDIS_URL" not in env and env["A"] == "1"


def test_databases_stay_in_their_place(tmp_path):
    sqlite = SQLiteDatabase(tmp_path / "work")
    assert sqlite.path(1000).parent == (tmp_path / "work").resolve()
    assert sqlite.url(10).startswith("sqlite:////")
    with pytest.raises(BenchError, match="only uses a server on this machine"):
        PostgresDatabase("postgres://postgres@db.example.com:5432/postgres")
    pg = PostgresDatabase("postgres://postgres@127.0.0.1:5432/postgres")
    assert pg.url(1000) == "postgres://postgres@127.0.0.1:5432/clinic_bench"


def test_cpu_model():
    text = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n"
    assert cpu_model(text) == "AMD EPYC 7B13"
    assert cpu_model("") == "unknown"


# ---------------------------------------------------------------- results


def one_round(seed_ms, generated_ms, page_rps, static_rps, cached_rps=None, q=18):
    def page(ms, queries, blocks, kinds):
        return {
            "render_ms": {"p50": ms, "p95": ms * 1.2},
            "queries": queries,
            "blocks": blocks,
            "block_types": kinds,
            "html_bytes": 23 * 1024,
            "gzip_bytes": 6 * 1024,
        }

    def load(rps):
        return {"rps": rps, "p50_ms": 1000 / rps, "p99_ms": 3000 / rps}

    return {
        "probe": {
            "pages": {
                "seed": page(seed_ms, q, 43, {"heading": 20, "doctor_quote": 1}),
                "generated": page(generated_ms, q, 38, {"heading": 16, "image": 1}),
                "home": page(10.0, 13, 0, {}),
            },
            "query_scan": [
                {
                    "slug": "short",
                    "blocks": 17,
                    "block_types": {"heading": 8},
                    "queries": q - 1,
                },
                {
                    "slug": "long",
                    "blocks": 59,
                    "block_types": {"heading": 27},
                    "queries": q - 1,
                },
            ],
            "search": {
                "ms": {"p50": 20.0, "p95": 40.0},
                "queries_median": 9,
                "per_query_ms": {"cp": 20.0, "the": 40.0},
                "slowest": "the",
                "errors": {},
            },
            "sitemap": {"ms": {"p50": 300.0}},
            "admin_edit": {"ms": {"p50": 80.0}, "queries": 40},
        },
        "http": {
            "page_cache": {"detected": cached_rps is not None},
            "page": load(page_rps),
            "static": load(static_rps),
            "cached": load(cached_rps) if cached_rps else None,
            "worker_peak_mb": 100.0,
        },
    }


def make_run(database, size, rounds, status="ok"):
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database]
    return {
        "database": database,
        "label": label,
        "size": size,
        "status": status,
        "note": "",
        "rounds": rounds,
        "metrics": aggregate.metrics(
            rounds,
            {"seconds": [2.0, 2.2, 2.1]},
            {"generate_pages": 5.0},
            64 * 1024 * 1024,
        ),
    }


def make_results(runs, rounds=3):
    results = {
        "date": "2026-11-26 10:00 UTC",
        "command": "make bench",
        "config": {"rounds": rounds, "renders": 30, "duration": 10},
        "machine": {"nproc": "2", "cpu_model": "AMD EPYC", "free_g": "Mem: 23"},
        "runs": runs,
    }
    results["targets"] = targets.evaluate(runs)
    results["bakerydemo"] = targets.bakerydemo(runs)
    return results


def test_metrics_take_the_median_round_and_keep_the_spread():
    rounds = [one_round(40, 50, 40, 2000), one_round(44, 52, 50, 2100)]
    rounds.append(one_round(42, 54, 45, 1900))
    metrics = aggregate.metrics(rounds, {"seconds": [3.0]}, {"generate_pages": 5.5}, 0)
    assert metrics["render.seed.p50_ms"]["value"] == 42
    assert metrics["render.seed.p50_ms"]["min"] == 40
    assert metrics["render.seed.p50_ms"]["max"] == 44
    # The median of the per-round ratios (2.0%, 2.38%, 2.37%).
    assert metrics["http.page_static_pct"]["value"] == pytest.approx(45 / 1900 * 100)
    assert metrics["http.cached.rps"]["value"] is None
    assert metrics["http.cached.rps"]["note"] == "n/a (no page cache)"
    assert metrics["build.generate_s"]["value"] == 5.5
    assert metrics["page.seed.html_kb"]["value"] == 23
    assert list(metrics) == [key for key, *_ in aggregate.METRICS]


def test_cached_figures_when_there_is_a_page_cache():
    rounds = [one_round(40, 50, 40, 2000, cached_rps=1500)]
    metrics = aggregate.metrics(rounds)
    assert metrics["http.cached_static_pct"]["value"] == 75
    assert "note" not in metrics["http.cached.rps"]


def test_targets_pass_when_flat_and_cached():
    small = [one_round(40, 50, 40, 2000, 1500) for _ in range(3)]
    large = [one_round(43, 52, 38, 2000, 1400) for _ in range(3)]
    runs = [make_run("postgresql", 1000, small), make_run("postgresql", 10000, large)]
    judged = {t["target"]: t for t in targets.evaluate(runs)}
    assert {t["status"] for t in judged.values()} == {"pass"}
    growth = judged["render cost does not grow with the number of pages"]
    assert "×1.07" in growth["detail"]


def test_targets_fail_when_render_grows_queries_vary_and_no_cache():
    small = [one_round(40, 50, 40, 2000) for _ in range(3)]
    large = [one_round(80, 100, 20, 2000, q=25) for _ in range(3)]
    for one in large:
        one["probe"]["search"]["ms"]["p50"] = 75.0
    runs = [make_run("postgresql", 1000, small), make_run("postgresql", 10000, large)]
    statuses = [t["status"] for t in targets.evaluate(runs)]
    assert statuses == ["fail", "fail", "fail", "fail"]
    cached = targets.cached_vs_static(runs)
    assert "no page cache" in cached["detail"] and "2.0%" in cached["detail"]
    queries = targets.query_constancy(runs)
    assert "changes with size" in queries["detail"]


def test_query_counts_explained_by_kinds_of_blocks_pass():
    rounds = [one_round(40, 50, 40, 2000)]
    rounds[0]["probe"]["pages"]["generated"]["queries"] = 19
    result = targets.query_constancy([make_run("sqlite", 1000, rounds)])
    assert result["status"] == "pass"
    assert "seed 18, generated 19" in result["detail"]
    assert "17 with none of doctor_quote, image blocks" in result["detail"]


def test_targets_not_applicable_without_data():
    runs = [make_run("sqlite", 1000, [one_round(40, 50, 40, 2000)])]
    growth, _queries, _cached, search = targets.evaluate(runs)
    assert growth["status"] == "n/a" and search["status"] == "n/a"
    skipped = [{"database": "postgresql", "size": 1000, "status": "skipped"}]
    assert {t["status"] for t in targets.evaluate(skipped)} == {"n/a"}


def test_bakerydemo_comparison():
    runs = [make_run("sqlite", 1000, [one_round(40, 60, 40, 2000)])]
    rows = {row["metric"]: row for row in targets.bakerydemo(runs)}
    assert rows["render.seed.queries"]["status"] == "pass"  # 18 < 19
    assert rows["render.generated.p50_ms"]["status"] == "fail"  # 60 > 53
    assert rows["http.page_static_pct"]["status"] == "fail"  # 2.0% is not > 2%
    assert rows["search.p50_ms"]["status"] == "pass"


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (None, "ms", "–"),
        (1234.5, "req/s", "1,234"),
        (2.345, "%", "2.35%"),
        (55.55, "%", "55.5%"),
        (18, "", "18"),
        (18.5, "", "18.5"),
        (0.4567, "ms", "0.46"),
        (45.66, "ms", "45.7"),
        (145.6, "ms", "146"),
        (14567.0, "ms", "14,567"),
    ],
)
def test_fmt_number(value, unit, text):
    assert report.fmt_number(value, unit) == text


def test_fmt_cell_shows_the_range_and_notes():
    cell = report.fmt_cell(stats.over_rounds([40.0, 44.0, 42.0]), "ms")
    assert cell == "42.0 ms (40.0–44.0)"
    assert report.fmt_cell(stats.over_rounds([18, 18, 18]), "") == "18"
    assert report.fmt_cell({"value": None, "note": "n/a (no page cache)"}) == (
        "n/a (no page cache)"
    )
    assert report.fmt_cell(None) == "–"


def test_markdown_table():
    text = report.markdown_table(
        ["Name", "Value"], [["a|b", 1], ["long name", 22]], "lr"
    )
    lines = text.splitlines()
    assert lines[0] == "| Name      | Value |"
    assert lines[1] == "| --------- | ----: |"
    assert lines[2] == "| a\\|b      |     1 |"
    assert len({len(line) for line in lines}) == 1


def sample_results():
    small = [one_round(40 + n, 50, 40, 2000) for n in range(3)]
    large = [one_round(42 + n, 51, 41, 2100) for n in range(3)]
    runs = [
        make_run("sqlite", 1000, small),
        make_run("sqlite", 10000, large),
        {
            "database": "postgresql",
            "label": "PostgreSQL",
            "size": 1000,
            "status": "skipped",
            "note": "skipped: PostgreSQL does not answer",
            "metrics": {},
        },
    ]
    return make_results(runs)


def test_results_table_has_a_column_per_measured_run():
    table = report.results_table(sample_results())
    header = table.splitlines()[0]
    assert "SQLite 1,000" in header and "SQLite 10,000" in header
    assert "PostgreSQL" not in header
    assert "| Seed page render, median" in table
    assert "41.0 ms (40.0–42.0)" in table
    assert "n/a (no page cache)" in table


def test_markdown_and_stdout_reports():
    results = sample_results()
    text = report.markdown_report(results)
    for heading in ("# Benchmarks", "## Results", "### Noise", "## Targets"):
        assert heading in text
    assert "## Against bakerydemo" in text and "make bench" in text
    assert "PostgreSQL 1,000 pages: skipped" in text
    assert "FAIL" in text and "PASS" in text
    out = report.stdout_report(results)
    assert "Targets:" in out and "[PASS]" in out
    assert "median of 3 rounds" in report.noise(results)
    one = make_results(results["runs"][:1], rounds=1)
    assert "One round only" in report.noise(one)


# ---------------------------------------------------------------- compare.py


def test_compare_ratios_and_verdicts():
    old = make_results([make_run("sqlite", 1000, [one_round(40, 50, 40, 2000)])])
    new = make_results([make_run("sqlite", 1000, [one_round(80, 51, 60, 2000)])])
    rows = {row["metric"]: row for row in compare.compare(old, new)}
    assert rows["render.seed.p50_ms"]["ratio"] == pytest.approx(2.0)
    assert rows["render.seed.p50_ms"]["verdict"] == "worse"
    assert rows["render.generated.p50_ms"]["verdict"] == "same"
    assert rows["http.page.rps"]["verdict"] == "better"
    assert rows["render.seed.queries"]["verdict"] == "same"
    text = compare.render(list(rows.values()), old, new)
    assert "×2.00" in text and "WORSE" in text and "better" in text


def test_compare_verdict_edges():
    assert compare.verdict(0, 1, "lower", 0.25) == "worse"
    assert compare.verdict(0, 1, "higher", 0.25) == "better"
    assert compare.verdict(100, 120, "lower", 0.25) == "same"


def test_compare_main(tmp_path, capsys):
    old = make_results([make_run("sqlite", 1000, [one_round(40, 50, 40, 2000)])])
    new = make_results([make_run("sqlite", 1000, [one_round(20, 50, 40, 2000)])])
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    assert compare.main([str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 0
    out = capsys.readouterr().out
    assert "Seed page render, median" in out and "×0.50" in out
    other = make_results([make_run("postgresql", 1000, [one_round(1, 1, 1, 1)])])
    (tmp_path / "other.json").write_text(json.dumps(other))
    assert compare.main([str(tmp_path / "old.json"), str(tmp_path / "other.json")]) == 1
    assert compare.main([str(tmp_path / "missing.json"), str(tmp_path / "x")]) == 2


def test_load_note_warns_when_the_machine_was_busy():
    results = sample_results()
    assert report.load_note(results) == ""
    for run in results["runs"][:2]:
        for number, one in enumerate(run["rounds"]):
            one["loadavg_1m"] = 0.5 + number * 1.5
    text = report.load_note(results)
    assert text.startswith("The 1-minute load average when rounds started was 0.5–3.5")
    assert "on 2 CPUs" in text and "competing" in text


def test_build_steps_include_documented_after_load_commands(tmp_path):
    from bench.build import steps

    names = [name for name, _args, _timeout in steps(1000, tmp_path)]
    assert names == ["migrate", "load_demo_content", "generate_pages", "collectstatic"]
    commands = tmp_path / "search" / "management" / "commands"
    commands.mkdir(parents=True)
    (commands / "rebuild_search_vocabulary.py").write_text("")
    planned = steps(1000, tmp_path, seed=1)
    assert [name for name, *_ in planned][2:4] == [
        "generate_pages",
        "rebuild_search_vocabulary",
    ]
    assert planned[2][1] == ["generate_pages", "--count", "1000", "--seed", "1"]


def test_paths_are_shown_relative_inside_the_project_and_whole_outside(tmp_path):
    from bench.run import PROJECT, shown

    assert str(shown(PROJECT / "docs" / "benchmarks.md")) == "docs/benchmarks.md"
    # Results written outside the project (BENCH_OUTPUT=/tmp/...) used to end
    # the run with a ValueError after the results were written.
    assert shown(tmp_path / "run.json") == (tmp_path / "run.json").resolve()
