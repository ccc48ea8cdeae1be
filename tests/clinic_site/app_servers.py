"""Real app servers for the two-server test: gunicorn, as production runs it.

``AppServer`` starts ``gunicorn clinic_site.wsgi:application`` in a process
group of its own, from a working directory of its own, with the production
settings and the environment it is given; ``Browser`` talks to any of them
over HTTP as a visitor's browser would through the TLS-terminating proxy.
"""

import os
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import requests
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
# The site's public name, which the load balancer passes on to every server
# (cached pages are keyed by it), and what the TLS-terminating proxy in front
# of gunicorn tells it (SECURE_PROXY_SSL_HEADER).
PUBLIC_HOST = "clinic.test"
PROXY_HEADERS = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
TIMEOUT = 20  # seconds, for one request


class AppServer:
    """One gunicorn master and its workers, on 127.0.0.1:``port``."""

    def __init__(self, name, port, workdir, env):
        self.name = name
        self.port = port
        self.workdir = Path(workdir)
        self.env = env
        self.url = f"http://127.0.0.1:{port}"
        self.log = self.workdir / "gunicorn.log"
        self.process = None

    def __repr__(self):
        return f"<AppServer {self.name} {self.url}>"

    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn)
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    os.fspath(ROOT / "gunicorn.conf.py"),
                    "--chdir",
                    os.fspath(self.workdir),
                    "clinic_site.wsgi:application",
                ],
                cwd=self.workdir,
                env={
                    **self.env,
                    "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                    "PYTHONPATH": os.fspath(ROOT),
                },
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_healthy(self, timeout=60):
        """Until ``/healthz`` says the database and the cache both answer."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                response = requests.get(
                    f"{self.url}/healthz", headers=PROXY_HEADERS, timeout=5
                )
                if response.status_code == 200 and response.json()["status"] == "ok":
                    return response.json()
            except requests.RequestException:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self!r} did not become healthy:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def stop(self):
        """Terminate the master (it stops its workers), then kill what is left."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_tail(self, lines=40):
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


class Browser:
    """A visitor's browser: sends the cookies it was given to any server.

    The cookies are kept by hand because production marks them ``Secure`` and
    TLS ends at the proxy, in front of these plain-HTTP servers (``requests``
    would keep them from a plain-HTTP address). A new ``Browser`` has none, so
    its page views are anonymous and may be answered from the page cache.
    """

    def __init__(self):
        self.cookies = {}

    def get(self, server, path):
        return self._request(server, "GET", path)

    def post(self, server, path, data):
        """A form post, with the CSRF token and the Referer a browser sends."""
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self._request(server, "POST", path, data=data)

    def _request(self, server, method, path, data=None):
        headers = {**PROXY_HEADERS, "Referer": f"https://{PUBLIC_HOST}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            f"{server.url}{path}",
            data=data,
            headers=headers,
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def log_in(self, server, username, password):
        """Sign in through the admin's login form; returns the POST's answer."""
        self.get(server, "/admin/login/")
        return self.post(
            server,
            "/admin/login/",
            {"username": username, "password": password, "next": "/admin/"},
        )


def form_values(html, field_name):
    """What a browser would post from the form that holds ``field_name``."""
    field = BeautifulSoup(html, "html.parser").find(attrs={"name": field_name})
    form = field.find_parent("form")
    data = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "textarea":
            # Browsers drop the newline right after <textarea>.
            text = element.get_text()
            data[name] = text[1:] if text.startswith("\n") else text
        elif element.name == "select":
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")] or options[:1]
            data[name] = chosen[0].get("value", chosen[0].get_text()) if chosen else ""
        else:
            kind = element.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            data[name] = element.get("value", "on" if kind == "checkbox" else "")
    return data


def text_of(response):
    """The page's visible text, whitespace collapsed."""
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def links_of(response):
    """Every ``href`` on the page."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {a["href"] for a in soup.find_all("a", href=True)}


def h1_of(response):
    return BeautifulSoup(response.content, "html.parser").h1.get_text(" ", strip=True)
