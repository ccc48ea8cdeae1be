"""What the benchmark ran on: CPU, memory, software versions, git commit."""

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("Django", "wagtail", "gunicorn", "whitenoise", "psycopg", "wagtail-cache")


def _output(cmd, cwd=None):
    try:
        done = subprocess.run(  # noqa: S603 (fixed local commands)
            cmd, capture_output=True, text=True, timeout=10, check=False, cwd=cwd
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def cpu_model(cpuinfo_text):
    for line in cpuinfo_text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "model name":
            return value.strip()
    return "unknown"


def code_state(project_dir):
    """The commit, and a fingerprint of uncommitted changes (to see edits)."""
    commit = _output(["git", "rev-parse", "--short", "HEAD"], cwd=project_dir)
    changes = _output(["git", "status", "--porcelain"], cwd=project_dir)
    diff = _output(["git", "diff", "HEAD", "--stat"], cwd=project_dir)
    return {"commit": commit or "?", "dirty": bool(changes), "changes": changes + diff}


def describe(project_dir, wrk_version=None, database_versions=None):
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
    except OSError:
        cpuinfo = ""
    software = {"Python": platform.python_version()}
    for package in PACKAGES:
        try:
            software[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    if wrk_version:
        software["wrk"] = wrk_version.removeprefix("wrk ").strip()
    software.update(database_versions or {})
    commit = _output(["git", "rev-parse", "--short", "HEAD"], cwd=project_dir)
    dirty = _output(["git", "status", "--porcelain"], cwd=project_dir)
    return {
        "nproc": _output(["nproc"]) or str(os.cpu_count()),
        "cpu_model": cpu_model(cpuinfo),
        "free_g": _output(["free", "-g"]),
        "kernel": f"{platform.system()} {platform.release()}",
        "software": software,
        "git": (commit + (" (with uncommitted changes)" if dirty else "")) or "?",
        "loadavg_at_end": list(os.getloadavg()),
    }
