"""Fill a fresh database: migrate, demo content, N generated pages, static files."""

import sys

from .procs import run_bounded

STEPS = (
    ("migrate", ["migrate", "--noinput"], 900),
    ("load_demo_content", ["load_demo_content"], 300),
    ("generate_pages", None, None),  # the command and its time limit depend on N
    ("collectstatic", ["collectstatic", "--noinput"], 300),
)


def generate_timeout(size):
    """Generous: 1,000 pages take about 5 s; allow 0.2 s a page plus 5 minutes."""
    return 300 + size * 0.2


def build(size, env, cwd, log, seed=1):
    """Run every step; return {step: seconds}. Raises BenchError on failure."""
    seconds = {}
    for name, args, timeout in STEPS:
        if name == "generate_pages":
            args = ["generate_pages", "--count", str(size), "--seed", str(seed)]
            timeout = generate_timeout(size)
        done = run_bounded(
            [sys.executable, "manage.py", *args],
            timeout=timeout,
            env=env,
            cwd=cwd,
            log=log,
        )
        seconds[name] = done.seconds
    return seconds
