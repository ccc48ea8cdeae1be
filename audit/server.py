"""A throwaway production-like site: its own database, gunicorn on a free port.

Nothing touches the repository's ``db.sqlite3``, ``media/`` or ``staticfiles/``:
the database, uploads, collected static files and the cache live in a
temporary folder that is removed afterwards.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(workdir, port):
    """The environment of every command: production settings, local paths.

    SECURE_SSL_REDIRECT=false is the one HTTPS rule switched off, through the
    variable production.py reads: there is no TLS proxy in front of gunicorn
    here, so a redirect to https:// would lead nowhere. HSTS is only sent on
    secure requests, so it is simply absent over http.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
            "SECRET_KEY": "audit-only-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{workdir / 'audit.sqlite3'}",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "CACHE_DIR": str(workdir / "cache"),
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args):
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True
    )


def build_site(env):
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our server)
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {url} within {timeout} s")


def stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def running_site(keep=False):
    """Yield the base URL of a freshly built site; always stop and clean up.

    SIGTERM (a CI time-out, ``kill``) is turned into KeyboardInterrupt so that
    the ``finally`` below still stops gunicorn and removes the files.
    """
    signal.signal(signal.SIGTERM, _interrupt)
    workdir = Path(tempfile.mkdtemp(prefix="clinic-audit-"))
    port = free_port()
    env = site_environment(workdir, port)
    process = None
    try:
        build_site(env)
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        env["WEB_CONCURRENCY"] = "2"
        log = (workdir / "server.log").open("ab")
        process = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--access-logfile",
                str(workdir / "access.log"),
                "--error-logfile",
                str(workdir / "error.log"),
                "--no-control-socket",
                "audit.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base_url + "/healthz", process)
        except RuntimeError as error:
            logs = (workdir / "error.log", workdir / "server.log")
            tail = "".join(
                path.read_text(errors="replace")[-3000:]
                for path in logs
                if path.exists()
            )
            raise RuntimeError(f"{error}\n{tail}") from None
        yield base_url
    finally:
        if process is not None:
            stop(process)
            log.close()
        if keep:
            print(f"Kept the audit site's files in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
