"""Scenario ``audit``: its section of docs/benchmarks.md."""

from bench import audit_scenario
from bench.config import parse, parse_scenarios


def figure(p50, p95, queries):
    return {"ms": {"p50": p50, "p95": p95}, "queries": queries}


def measured(size, full_s, report_p95):
    return {
        "database": "sqlite",
        "label": "SQLite",
        "size": size,
        "status": "ok",
        "pages": size,
        "full_audit_s": full_s,
        "per_page_ms": full_s * 1000 / size,
        "reaudit_one_s": 0.4,
        "latency": {
            "report": figure(80, report_p95, 9),
            "report_filtered": figure(70, 90, 9),
            "report_last_page": figure(90, 120, 9),
            "dashboard": {**figure(150, 200, 40), "cpu_ms": {"p50": 60, "p95": 75}},
            "export_csv": figure(3000, 3500, 6),
        },
    }


def test_the_scenario_is_chosen_by_name():
    assert parse_scenarios("seo-audit") == ["audit"]
    assert parse([], {"BENCH_SCENARIOS": "audit"}).scenarios == ["audit"]


def test_the_section_gives_each_figure_against_its_target():
    results = {
        "stored_audit": [
            measured(1000, 8.0, 100),
            measured(10000, 45.0, 620),
            {"label": "PostgreSQL", "size": 1000, "status": "ok", "error": "boom"},
        ]
    }

    text = audit_scenario.markdown(results)

    lines = text.splitlines()
    assert "## The stored SEO audit" in lines
    (small,) = [line for line in lines if line.startswith("| SQLite | 1,000 |")]
    assert "| 8.0 s |" in small  # no target below 10,000 pages
    assert "80 / 100 ms ✓ (9)" in small
    (large,) = [line for line in lines if line.startswith("| SQLite | 10,000 |")]
    assert "| 45.0 s ✗ |" in large
    assert "80 / 620 ms ✗ (9)" in large
    assert "3000 / 3500 ms (6)" in large  # exports have no latency target
    assert "150 / 200 ms ✓ (40, CPU p95 75 ms)" in large
    assert "| PostgreSQL | 1,000 | boom |" in lines


def test_no_section_when_the_scenario_never_ran():
    assert audit_scenario.markdown({}) == ""
