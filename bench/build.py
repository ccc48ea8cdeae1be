"""Fill a fresh database: migrate, demo content, N generated pages, static files.

After ``generate_pages``, which writes pages in bulk without publishing them
one by one, the commands the project documents as needed after a bulk load
run too when the project has them (the search vocabulary that "Did you mean"
reads is filled on publish), so the site is measured as if its pages had been
published normally.
"""

import sys
from pathlib import Path

from .procs import run_bounded

STEPS = (
    ("migrate", ["migrate", "--noinput"], 900),
    ("load_demo_content", ["load_demo_content"], 300),
    ("generate_pages", None, None),  # the command and its time limit depend on N
    ("collectstatic", ["collectstatic", "--noinput"], 300),
)
AFTER_BULK_LOAD = ("rebuild_search_vocabulary",)


def generate_timeout(size):
    """Generous: 1,000 pages take about 5 s; allow 0.2 s a page plus 5 minutes."""
    return 300 + size * 0.2


def has_command(project, name):
    return any(Path(project).glob(f"*/management/commands/{name}.py"))


def steps(size, project, seed=1):
    """(name, manage.py arguments, time limit) for a site of ``size`` pages."""
    planned = []
    for name, args, timeout in STEPS:
        if name == "generate_pages":
            args = ["generate_pages", "--count", str(size), "--seed", str(seed)]
            planned.append((name, args, generate_timeout(size)))
            planned += [
                (command, [command], generate_timeout(size))
                for command in AFTER_BULK_LOAD
                if has_command(project, command)
            ]
        else:
            planned.append((name, args, timeout))
    return planned


def build(size, env, cwd, log, seed=1):
    """Run every step; return {step: seconds}. Raises BenchError on failure."""
    seconds = {}
    for name, args, timeout in steps(size, cwd, seed):
        done = run_bounded(
            [sys.executable, "manage.py", *args],
            timeout=timeout,
            env=env,
            cwd=cwd,
            log=log,
        )
        seconds[name] = done.seconds
    return seconds
