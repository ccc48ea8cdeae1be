"""gunicorn on a free 127.0.0.1 port: start, wait until it answers, stop.

Also reads the peak resident memory (VmHWM) of its workers from /proc.
"""

import http.client
import os
import socket
import sys
import time
from pathlib import Path

from . import procs
from .procs import BenchError

HOST = "127.0.0.1"
# gunicorn reads the project's gunicorn.conf.py (the deployed settings) from
# the working directory; the command line overrides it with -w and -b, and:
# - no worker recycling: at the benchmark's saturating request rates a
#   max_requests limit restarts workers every second or two, which would
#   measure restarts and reset the workers' peak memory;
# - a short graceful stop, so stopping between runs is quick.
OVERRIDES = ["--max-requests", "0", "--graceful-timeout", "5"]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port, path, headers=None, timeout=30):
    """One GET to 127.0.0.1 (no proxies, ever): (status, headers, body, ms)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        return response.status, response.getheaders(), body, elapsed
    finally:
        conn.close()


def status_value_kb(status_text, field):
    """A ``kB`` field of /proc/<pid>/status (e.g. VmHWM) in kB, or None."""
    for line in status_text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == field:
            parts = value.split()
            if parts and parts[0].isdigit():
                return int(parts[0])
    return None


def children(pid):
    """Direct children of ``pid``, read from /proc."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        pass
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may contain spaces and parentheses.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


class Gunicorn:
    """``with Gunicorn(env, workers=2, log=path) as server:`` … ``server.port``.

    With ``project``, the server runs in a working directory of its own
    (``cwd``), as on a machine of its own, and is told where the project's
    ``gunicorn.conf.py`` and code are (``--config``, ``--pythonpath``); its
    control socket is in that directory too (gunicorn's default,
    ``~/.gunicorn/gunicorn.ctl``, is one path for every server of the user).
    """

    def __init__(
        self, env, *, cwd, workers=2, log=None, start_timeout=90, project=None
    ):
        self.env = env
        self.cwd = cwd
        self.workers = workers
        self.log = log
        self.start_timeout = start_timeout
        self.project = project
        self.port = None
        self.proc = None
        self.cmd = None
        self._log_handle = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "clinic_site.wsgi:application",
            "-w",
            str(self.workers),
            "-b",
            f"{HOST}:{self.port}",
            *OVERRIDES,
        ]
        if self.project is not None:
            cmd += [
                "--config",
                str(Path(self.project) / "gunicorn.conf.py"),
                "--pythonpath",
                str(self.project),
                "--control-socket",
                str(Path(self.cwd).resolve() / "gunicorn.ctl"),
            ]
        self.cmd = cmd
        self._log_handle = open(self.log or os.devnull, "a", encoding="utf-8")  # noqa: SIM115
        self.proc = procs.spawn(
            cmd,
            env=self.env,
            cwd=self.cwd,
            stdout=self._log_handle,
            stderr=self._log_handle,
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"gunicorn exited with status {self.proc.returncode} on start;"
                    f" see {self.log}"
                )
            try:
                status, _, _, _ = get(self.port, "/robots.txt", timeout=5)
            except OSError:
                time.sleep(0.25)
                continue
            if status == 200:
                return
            raise BenchError(
                f"gunicorn answered /robots.txt with {status}; see {self.log}"
            )
        raise BenchError(
            f"gunicorn did not answer within {self.start_timeout} s; see {self.log}"
        )

    def describe(self):
        """The command line (after the interpreter) and the config file read."""
        config = Path(self.project or self.cwd) / "gunicorn.conf.py"
        return {
            "command": " ".join(["gunicorn", *self.cmd[3:]]) if self.cmd else None,
            "config_file": config.name if config.exists() else None,
        }

    def worker_pids(self):
        return children(self.proc.pid) if self.proc else []

    def peak_worker_memory_mb(self):
        """The largest VmHWM among the workers, in MB (None if unreadable)."""
        peaks = []
        for pid in self.worker_pids():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            kb = status_value_kb(text, "VmHWM")
            if kb is not None:
                peaks.append(kb / 1024)
        return max(peaks) if peaks else None

    def stop(self):
        if self.proc is not None:
            procs.end(self.proc)
            self.proc = None
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None
