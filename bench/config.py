"""The benchmark's settings, from flags first, then BENCH_* variables, then defaults."""

import argparse
import os
from dataclasses import dataclass, field

from .databases import PG_ADMIN_URL
from .probe import GENERATED_SLUG

DATABASE_ALIASES = {
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "pg": "postgresql",
}


class ConfigError(ValueError):
    pass


def parse_list(text, name):
    items = [part.strip() for part in str(text).split(",") if part.strip()]
    if not items:
        raise ConfigError(f"{name} is empty")
    return items


def parse_sizes(text):
    sizes = []
    for item in parse_list(text, "sizes"):
        try:
            size = int(item.replace("_", ""))
        except ValueError:
            raise ConfigError(f"not a number of pages: {item!r}") from None
        if not 1 <= size <= 200_000:
            raise ConfigError(f"sizes must be between 1 and 200000, not {size}")
        sizes.append(size)
    return sizes


def parse_databases(text):
    names = []
    for item in parse_list(text, "databases"):
        name = DATABASE_ALIASES.get(item.lower())
        if name is None:
            raise ConfigError(f"unknown database {item!r}: use sqlite or postgresql")
        if name not in names:
            names.append(name)
    return names


SCENARIOS = ("growth", "publish-under-load", "audit")
SCENARIO_ALIASES = {
    "growth": "growth",
    "sizes": "growth",
    "publish-under-load": "publish-under-load",
    "publish": "publish-under-load",
    # The stored SEO audit: full audit time, report/dashboard latency.
    "audit": "audit",
    "seo-audit": "audit",
}


def parse_scenarios(text):
    """Which scenarios run: ``growth`` (every database and size) and
    ``publish-under-load`` (two app servers while an editor publishes)."""
    names = []
    for item in parse_list(text, "scenarios"):
        name = SCENARIO_ALIASES.get(item.lower())
        if name is None:
            raise ConfigError(
                f"unknown scenario {item!r}: use {' or '.join(SCENARIOS)}"
            )
        if name not in names:
            names.append(name)
    return names


def _flag(value):
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Config:
    scenarios: list = field(default_factory=lambda: list(SCENARIOS))
    databases: list = field(default_factory=lambda: ["sqlite", "postgresql"])
    sizes: list = field(default_factory=lambda: [1000, 10000])
    rounds: int = 3
    renders: int = 30
    warmup: int = 5
    duration: int = 10
    search_repeats: int = 3
    search_budget: float = 120.0
    sitemap_budget: float = 60.0
    sitemap_runs: int = 5
    admin_runs: int = 5
    audit_runs: int = 3
    audit_max_seconds: float = 120.0
    audit_timeout: int = 3600
    audit_requests: int = 30
    probe_timeout: int = 1800
    scan: int = 20
    generated_slug: str = GENERATED_SLUG
    postgres_url: str = PG_ADMIN_URL
    wrk: str = ""
    # Publishing under load: two gunicorns, one Redis, PostgreSQL only.
    publish_duration: int = 60
    publish_connections: int = 64
    publish_interval: float = 5.0
    publish_workers: int = 2
    # Seconds of the same traffic before the measured minute. Five left the
    # servers still warming: the first publish, 2.5 s in, waited 1.3-1.6 s
    # for a worker where later ones waited 0.4 s; after twenty it did not.
    publish_warmup: int = 20
    keep: bool = False
    output: str = "bench/results/latest.json"
    markdown: str = "docs/benchmarks.md"

    def as_dict(self):
        return dict(self.__dict__)


# flag, env, field, type, help
OPTIONS = [
    ("--scenarios", "BENCH_SCENARIOS", "scenarios", parse_scenarios,
     "comma-separated: growth, publish-under-load, audit"),
    ("--databases", "BENCH_DATABASES", "databases", parse_databases,
     "comma-separated: sqlite, postgresql"),
    ("--sizes", "BENCH_SIZES", "sizes", parse_sizes,
     "comma-separated page counts"),
    ("--rounds", "BENCH_ROUNDS", "rounds", int, "rounds of every timing"),
    ("--renders", "BENCH_RENDERS", "renders", int,
     "timed renders per page per round"),
    ("--duration", "BENCH_WRK_DURATION", "duration", int,
     "seconds of each wrk run"),
    ("--search-repeats", "BENCH_SEARCH_REPEATS", "search_repeats", int,
     "times each search query is timed per round"),
    ("--search-budget", "BENCH_SEARCH_BUDGET", "search_budget", float,
     "seconds of search timing per round before repeats stop"),
    ("--sitemap-budget", "BENCH_SITEMAP_BUDGET", "sitemap_budget", float,
     "seconds of sitemap timing per round after which runs stop (3 at least)"),
    ("--audit-runs", "BENCH_AUDIT_RUNS", "audit_runs", int, "run_audit() runs"),
    ("--audit-max-seconds", "BENCH_AUDIT_MAX_SECONDS", "audit_max_seconds", float,
     "a first audit run longer than this is not repeated"),
    ("--audit-timeout", "BENCH_AUDIT_TIMEOUT", "audit_timeout", int,
     "give up on the audit after this many seconds"),
    ("--audit-requests", "BENCH_AUDIT_REQUESTS", "audit_requests", int,
     "timed requests of the audit report and dashboard (scenario audit)"),
    ("--scan", "BENCH_SCAN", "scan", int,
     "generated pages whose query counts are listed"),
    ("--generated-slug", "BENCH_GENERATED_SLUG", "generated_slug", str,
     "the generated page measured"),
    ("--postgres-url", "BENCH_POSTGRES_URL", "postgres_url", str,
     "maintenance database URL of the local PostgreSQL server"),
    ("--wrk", "BENCH_WRK", "wrk", str, "path of wrk"),
    ("--publish-duration", "BENCH_PUBLISH_DURATION", "publish_duration", int,
     "seconds of load while publishing (publish-under-load)"),
    ("--publish-connections", "BENCH_PUBLISH_CONNECTIONS", "publish_connections",
     int, "wrk connections, shared by the two servers (publish-under-load)"),
    ("--publish-interval", "BENCH_PUBLISH_INTERVAL", "publish_interval", float,
     "seconds between two publishes (publish-under-load)"),
    ("--publish-workers", "BENCH_PUBLISH_WORKERS", "publish_workers", int,
     "gunicorn workers of each of the two servers (publish-under-load)"),
    ("--output", "BENCH_OUTPUT", "output", str, "results JSON"),
    ("--markdown", "BENCH_MARKDOWN", "markdown", str, "Markdown report"),
]  # fmt: skip


def parse(argv=None, environ=None):
    environ = os.environ if environ is None else environ
    config = Config()
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Benchmark Clinic CMS on each database and size.",
    )
    for flag, env, name, _kind, help_text in OPTIONS:
        parser.add_argument(
            flag,
            dest=name,
            default=None,
            help=f"{help_text} (env {env}; default {getattr(config, name)!r})",
        )
    parser.add_argument(
        "--keep",
        action="store_true",
        default=None,
        help="keep the benchmark databases afterwards (env BENCH_KEEP=1)",
    )
    args = parser.parse_args(argv)
    try:
        for _flag_name, env, name, kind, _help in OPTIONS:
            raw = getattr(args, name)
            if raw is None:
                raw = environ.get(env)
            if raw is None or str(raw).strip() == "":
                continue
            setattr(config, name, kind(raw))
    except ValueError as error:
        parser.error(str(error))
    config.keep = bool(args.keep) or _flag(environ.get("BENCH_KEEP", ""))
    for name in (
        "rounds",
        "renders",
        "duration",
        "search_repeats",
        "audit_runs",
        "publish_duration",
        "publish_workers",
    ):
        if getattr(config, name) < 1:
            parser.error(f"{name} must be at least 1")
    if config.publish_connections < 2 or config.publish_connections % 2:
        parser.error("publish_connections must be an even number, 2 or more")
    if config.publish_interval < 1:
        parser.error("publish_interval must be at least 1 second")
    return config
