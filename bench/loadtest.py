"""HTTP throughput and latency: gunicorn, then wrk on a page and a static file.

In one gunicorn run: the seed page uncached (a unique query string on every
request, so no page cache can answer), a whitenoise static file, and the seed
page from the page cache when the site has one. Then the workers' peak memory.
"""

import json
import secrets
from pathlib import Path

from . import wrk
from .cachecheck import bust, cache_status
from .procs import BenchError
from .server import Gunicorn, get
from .stats import median


def static_path(static_root, name="css/site.css", static_url="/static/"):
    """The content-hashed URL of ``name`` from whitenoise's manifest."""
    manifest = Path(static_root) / "staticfiles.json"
    try:
        paths = json.loads(manifest.read_text())["paths"]
    except (OSError, ValueError, KeyError) as error:
        raise BenchError(f"cannot read {manifest}: {error}") from error
    if name not in paths:
        raise BenchError(f"{name} is not in {manifest}")
    return static_url + paths[name]


def detect_page_cache(port, path):
    """Whether anonymous requests for ``path`` are answered from a cache.

    First from a header (X-Wagtail-Cache: hit and the like) on a repeated
    request; without such a header, by timing: repeated requests at under a
    third of the time of requests no cache can answer.
    """
    for _ in range(2):
        status, headers, _, _ = get(port, path)
        if status != 200:
            raise BenchError(f"GET {path} answered {status}")
    state, header = cache_status(headers)
    if state is not None:
        return {"detected": state == "hit", "how": f"{header}: {state}"}
    plain = [get(port, path)[3] for _ in range(10)]
    token = secrets.token_hex(4)
    fresh = [get(port, bust(path, f"{token}-{n}"))[3] for n in range(10)]
    ratio = median(plain) / median(fresh)
    return {
        "detected": ratio < 1 / 3,
        "how": f"timing: repeated/unique-URL request time ratio {ratio:.2f}",
    }


def _load(wrk_path, url, duration, script=None, log=None):
    """One wrk run; with ``script`` (cache busting) no response may be a hit."""
    args = [secrets.token_hex(4)] if script else []
    report = wrk.run(
        wrk_path, url, duration_s=duration, script=script, script_args=args, log=log
    )
    if report["non_2xx"]:
        raise BenchError(
            f"{report['non_2xx']} of {report['requests']} requests to {url} "
            "were answered with an error status; see the gunicorn log"
        )
    if script and report.get("cache_hits"):
        raise BenchError(
            f"{report['cache_hits']} requests with a unique query string to {url} "
            "were answered from a cache: cannot measure the page uncached"
        )
    return report


def measure(env, *, cwd, wrk_path, page_path, static_root, work_dir, duration, log):
    script = Path(work_dir) / "bust.lua"
    script.write_text(wrk.BUST_SCRIPT)
    css = static_path(static_root)
    with Gunicorn(env, cwd=cwd, workers=2, log=log) as server:
        base = f"http://127.0.0.1:{server.port}"
        status = get(server.port, css)[0]
        if status != 200:
            raise BenchError(f"GET {css} answered {status}; is collectstatic done?")
        cache = detect_page_cache(server.port, page_path)
        # Warm-up: both workers load the app, fill per-process caches.
        _load(wrk_path, base + page_path, 2, script=script, log=log)
        _load(wrk_path, base + css, 2, log=log)
        page = _load(wrk_path, base + page_path, duration, script=script, log=log)
        static = _load(wrk_path, base + css, duration, log=log)
        cached = None
        if cache["detected"]:
            cached = _load(wrk_path, base + page_path, duration, log=log)
        memory = server.peak_worker_memory_mb()
        gunicorn = server.describe()
    return {
        "gunicorn": gunicorn,
        "page_cache": cache,
        "page": page,
        "static": static,
        "static_path": css,
        "cached": cached,
        "worker_peak_mb": memory,
    }
