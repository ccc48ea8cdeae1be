"""The three auditors, each run against a URL of the local site.

- Lighthouse 12 (npm, in ``audit/node_modules``), mobile emulation, Debian's
  Chromium;
- axe-core, injected with Playwright for Python into Debian's Chromium at a
  phone's width (the same ``axe.min.js`` the browser tests use, from the pip
  package axe-playwright-python);
- the Nu HTML Checker (npm ``vnu-jar``) on the HTML as served, with Java.
"""

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

AUDIT_DIR = Path(__file__).resolve().parent
NODE_BIN = AUDIT_DIR / "node_modules" / ".bin"
VNU_JAR = AUDIT_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
JAVA = shutil.which("java") or "/usr/bin/java"


def fetch(url):
    """(status, body) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def lighthouse(url, output_path, error_page=False):
    """Run Lighthouse on ``url``; return its JSON report (also saved)."""
    command = [
        str(NODE_BIN / "lighthouse"),
        "--quiet",
        "--output=json",
        f"--output-path={output_path}",
        "--form-factor=mobile",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=" + " ".join(CHROMIUM_FLAGS),
        "--max-wait-for-load=30000",
    ]
    if error_page:
        # The 404 page is audited as a page; Lighthouse would otherwise stop.
        command.append("--ignore-status-code=true")
    command.append(url)
    subprocess.run(  # noqa: S603 (our own tool and arguments)
        command,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=False,
        timeout=180,
    )
    report = json.loads(Path(output_path).read_text())
    if report.get("runtimeError"):
        raise RuntimeError(report["runtimeError"]["message"])
    return report


def axe_violations(page, url):
    """axe-core's violations on ``url``, loaded in the Playwright ``page``."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(url, wait_until="load")
    response = Axe().run(page).response
    return [
        {
            "id": violation["id"],
            "impact": violation.get("impact"),
            "help": violation["help"],
            "nodes": [node["html"] for node in violation["nodes"]],
        }
        for violation in response["violations"]
    ]


class AxeRunner:
    """One Chromium for every page's axe run."""

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        return self

    def run(self, url):
        context = self._browser.new_context(viewport=PHONE)
        try:
            return axe_violations(context.new_page(), url)
        finally:
            context.close()

    def __exit__(self, *exc_info):
        self._browser.close()
        self._playwright.stop()


def vnu_errors(files):
    """{file: [errors]} from one Nu HTML Checker run over ``files``."""
    completed = subprocess.run(  # noqa: S603
        [
            JAVA,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(completed.stderr or completed.stdout or '{"messages": []}')
    found = {Path(name).resolve(): [] for name in files}
    for message in messages.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        path = Path(message.get("url", "").removeprefix("file:")).resolve()
        found.setdefault(path, []).append(
            {
                "message": message.get("message", ""),
                "extract": message.get("extract", ""),
                "line": message.get("lastLine"),
            }
        )
    return found
