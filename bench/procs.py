"""Child processes bounded in time, in process groups that are always ended.

Every command runs in a session of its own, so ending it ends everything it
started (gunicorn's workers, manage.py's children). Whatever is still running
when the benchmark exits, fails or is interrupted is ended too.
"""

import atexit
import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass

_LIVE = {}


class BenchError(Exception):
    """A benchmark step failed; the message says which and why."""


@dataclass
class Completed:
    cmd: list
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def spawn(cmd, *, env=None, cwd=None, stdout=None, stderr=None):
    """Start ``cmd`` in a new session; it is ended when the benchmark exits."""
    proc = subprocess.Popen(  # noqa: S603 (commands are built by the benchmark)
        cmd,
        env=env,
        cwd=cwd,
        stdout=stdout,
        stderr=stderr,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    _LIVE[proc.pid] = proc
    return proc


def end(proc, grace=10):
    """SIGTERM the process group, then SIGKILL it if it is still there."""
    _LIVE.pop(proc.pid, None)
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Members of the group that outlived the leader (orphaned workers).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def end_all():
    for proc in list(_LIVE.values()):
        end(proc, grace=5)


def run_bounded(cmd, *, timeout, env=None, cwd=None, log=None, check=True):
    """Run ``cmd`` to completion within ``timeout`` seconds.

    Output is captured (and appended to ``log``, a path, when given). On a
    timeout the whole process group is ended and BenchError raised; so is a
    non-zero exit when ``check``.
    """
    started = time.perf_counter()
    proc = spawn(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        end(proc)
        out, err = proc.communicate()
        _write_log(log, cmd, out, err)
        raise BenchError(
            f"timed out after {timeout:.0f} s: {_show(cmd)}{_tail(err)}"
        ) from None
    finally:
        if proc.poll() is None:
            end(proc)
        _LIVE.pop(proc.pid, None)
    seconds = time.perf_counter() - started
    out = out.decode("utf-8", "replace")
    err = err.decode("utf-8", "replace")
    _write_log(log, cmd, out, err)
    if check and proc.returncode != 0:
        raise BenchError(
            f"exit status {proc.returncode}: {_show(cmd)}{_tail(err or out)}"
        )
    return Completed(cmd, proc.returncode, out, err, seconds)


def install_signal_handlers():
    """Turn SIGTERM and SIGHUP into SystemExit, so ``finally`` blocks run."""

    def _exit(signum, frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _exit)


atexit.register(end_all)


def _show(cmd):
    return " ".join(str(part) for part in cmd)


def _tail(text, lines=15):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = (text or "").strip()
    if not text:
        return ""
    return "\n  " + "\n  ".join(text.splitlines()[-lines:])


def _write_log(log, cmd, out, err):
    if not log:
        return
    if isinstance(out, bytes):
        out = out.decode("utf-8", "replace")
    if isinstance(err, bytes):
        err = err.decode("utf-8", "replace")
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"$ {_show(cmd)}\n{out or ''}{err or ''}\n")
