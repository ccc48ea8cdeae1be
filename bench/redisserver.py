"""A redis-server of the benchmark's own on a free 127.0.0.1 port.

Never the machine's Redis: a server started for the run, keeping nothing on
disk (``--save '' --appendonly no``), in a folder under bench/.work/, and
ended with the run.
"""

import shutil
import socket
import time
from pathlib import Path

from . import procs
from .procs import BenchError
from .server import HOST, free_port


def find_redis_server(explicit=None):
    path = explicit or shutil.which("redis-server")
    if not path or not Path(path).exists():
        raise BenchError(
            "redis-server is not installed (the two app servers of "
            "publish-under-load share a Redis). Install it with "
            "`apt-get install redis-server`."
        )
    return path


def command(executable, port, work_dir):
    return [
        str(executable),
        "--bind",
        HOST,
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(work_dir),
        "--daemonize",
        "no",
        "--protected-mode",
        "yes",
    ]


def ping(port, timeout=2.0):
    """Whether a Redis answers PING on 127.0.0.1:``port``."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def version(executable):
    try:
        done = procs.run_bounded([str(executable), "--version"], timeout=10)
    except BenchError:
        return None
    for part in done.stdout.split():
        if part.startswith("v="):
            return part[2:]
    return None


class RedisServer:
    """``with RedisServer(work_dir, log=path) as redis:`` … ``redis.url``."""

    def __init__(self, work_dir, *, executable=None, log=None, start_timeout=30):
        self.work_dir = Path(work_dir)
        self.executable = executable
        self.log = log
        self.start_timeout = start_timeout
        self.port = None
        self.proc = None
        self._log_handle = None

    @property
    def url(self):
        return f"redis://{HOST}:{self.port}/0"

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        executable = find_redis_server(self.executable)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self._log_handle = open(self.log or "/dev/null", "a", encoding="utf-8")  # noqa: SIM115
        self.proc = procs.spawn(
            command(executable, self.port, self.work_dir),
            cwd=self.work_dir,
            stdout=self._log_handle,
            stderr=self._log_handle,
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"redis-server exited with status {self.proc.returncode} on "
                    f"start; see {self.log}"
                )
            if ping(self.port):
                return
            time.sleep(0.1)
        raise BenchError(
            f"redis-server did not answer within {self.start_timeout} s; see {self.log}"
        )

    def stop(self):
        if self.proc is not None:
            procs.end(self.proc)
            self.proc = None
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None
