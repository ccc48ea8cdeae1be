"""Read a Content-Security-Policy and find what in an HTML page it would block.

A browser is the real judge; this checks server-side what a browser checks
first: every inline script, inline event handler, ``style`` attribute,
``<style>`` element and every URL a page loads (scripts, styles, images,
frames, fonts via ``<link>``, form targets) against the directive that governs
it, with ``default-src`` as the fallback.
"""

from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

# <script> types a browser executes; anything else (application/json,
# application/ld+json, text/template) is a data block and never runs.
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}

FETCH_FALLBACK = {
    "script-src-elem": ["script-src-elem", "script-src", "default-src"],
    "script-src-attr": ["script-src-attr", "script-src", "default-src"],
    "style-src-elem": ["style-src-elem", "style-src", "default-src"],
    "style-src-attr": ["style-src-attr", "style-src", "default-src"],
    "img-src": ["img-src", "default-src"],
    "frame-src": ["frame-src", "child-src", "default-src"],
    "font-src": ["font-src", "default-src"],
    "media-src": ["media-src", "default-src"],
    "object-src": ["object-src", "default-src"],
    "manifest-src": ["manifest-src", "default-src"],
    "form-action": ["form-action"],
}


def parse(header):
    """``"a 'self'; b x y"`` → ``{"a": ["'self'"], "b": ["x", "y"]}``."""
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = words[1:]
    return policy


def sources(policy, directive):
    """The source list in force for ``directive``; None means unrestricted."""
    for name in FETCH_FALLBACK.get(directive, [directive]):
        if name in policy:
            return policy[name]
    return None


def allows_inline(policy, directive):
    allowed = sources(policy, directive)
    return allowed is None or "'unsafe-inline'" in allowed


def allows_url(policy, directive, url, page_url):
    allowed = sources(policy, directive)
    if allowed is None:
        return True
    absolute = urljoin(page_url, url)
    parts = urlsplit(absolute)
    page = urlsplit(page_url)
    if parts.scheme in {"data", "blob"}:
        return f"{parts.scheme}:" in allowed
    if "'none'" in allowed:
        return False
    if "*" in allowed and parts.scheme in {"http", "https"}:
        return True
    origin = f"{parts.scheme}://{parts.netloc}"
    if "'self'" in allowed and origin == f"{page.scheme}://{page.netloc}":
        return True
    return any(
        source.rstrip("/") == origin or absolute.startswith(source)
        for source in allowed
        if "://" in source
    )


def violations(html, header, page_url="http://testserver/"):
    """What in ``html`` the policy in ``header`` would block, as readable lines."""
    policy = parse(header)
    soup = BeautifulSoup(html, "html.parser")
    found = []

    def check_url(directive, element, url):
        if url and not allows_url(policy, directive, url, page_url):
            found.append(f"{directive} blocks {element.name} {url}")

    for script in soup.find_all("script"):
        if script.get("src"):
            check_url("script-src-elem", script, script["src"])
        elif (
            script.get("type") or ""
        ).lower() in EXECUTABLE_SCRIPT_TYPES and not allows_inline(
            policy, "script-src-elem"
        ):
            found.append(f"script-src blocks inline script {script.text[:60]!r}")
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            if attribute.lower().startswith("on") and not allows_inline(
                policy, "script-src-attr"
            ):
                found.append(f"script-src blocks {element.name} {attribute}={value!r}")
        if element.has_attr("style") and not allows_inline(policy, "style-src-attr"):
            found.append(f"style-src blocks {element.name} style={element['style']!r}")
        for attribute in ("href", "src", "action", "formaction"):
            value = element.get(attribute)
            if isinstance(value, str) and value.strip().lower().startswith(
                "javascript:"
            ):
                found.append(f"script-src blocks {element.name} {attribute}={value!r}")
    for style in soup.find_all("style"):
        if not allows_inline(policy, "style-src-elem"):
            found.append(f"style-src blocks <style> {style.text[:60]!r}")
    for link in soup.find_all("link", href=True):
        rel = {value.lower() for value in link.get("rel", [])}
        if "stylesheet" in rel:
            check_url("style-src-elem", link, link["href"])
        elif rel & {"icon", "apple-touch-icon"}:
            check_url("img-src", link, link["href"])
        elif "manifest" in rel:
            check_url("manifest-src", link, link["href"])
    for image in soup.find_all(["img", "source"]):
        for attribute in ("src", "srcset"):
            for candidate in (image.get(attribute) or "").split(","):
                url = candidate.strip().split(" ")[0]
                if url and (image.name == "img" or attribute == "srcset"):
                    check_url("img-src", image, url)
    for frame in soup.find_all("iframe", src=True):
        check_url("frame-src", frame, frame["src"])
    for embed in soup.find_all(["object", "embed"]):
        check_url("object-src", embed, embed.get("data") or embed.get("src") or "x")
    for form in soup.find_all("form"):
        check_url("form-action", form, form.get("action") or page_url)
    return found


def inline_code(html):
    """Inline scripts, event handlers and style attributes/elements in ``html``."""
    return violations(html, "default-src *; form-action *")
