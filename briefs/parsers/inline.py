"""Inline Markdown (bold, italic, links, code) to plain text and safe HTML.

The text is escaped before any markup is added, so HTML typed in a brief is
shown as text, never run. Links keep only http(s) and mailto addresses.
"""

import re
from html import escape

SAFE_URL = re.compile(r"^(?:https?://|mailto:)[^\s<>\"]+$", re.IGNORECASE)
TOKEN = re.compile(
    r"\\(?P<escaped>[\\`*_\[\]()#+\-.!|>])"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))+)\)"
    r"|\*\*(?P<bold>.+?)\*\*|__(?P<bold2>.+?)__"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic2>[^_\s](?:[^_]*[^_\s])?)_(?![\w_])"
)


def link_html(url, label_html):
    if SAFE_URL.match(url):
        return f'<a href="{escape(url)}">{label_html}</a>'
    return label_html


def inline(source):
    """(text, html) of a line of Markdown."""
    text, html = [], []
    position = 0
    for match in TOKEN.finditer(source):
        before = source[position : match.start()]
        text.append(before)
        html.append(escape(before, quote=False))
        position = match.end()
        if match["escaped"] is not None:
            text.append(match["escaped"])
            html.append(escape(match["escaped"], quote=False))
        elif match["code"] is not None:
            text.append(match["code"])
            html.append(escape(match["code"], quote=False))
        elif match["label"] is not None:
            inner_text, inner_html = inline(match["label"])
            text.append(inner_text)
            html.append(link_html(match["url"], inner_html))
        else:
            tag = "b" if (match["bold"] or match["bold2"]) else "i"
            inner = next(
                group
                for group in (
                    match["bold"],
                    match["bold2"],
                    match["italic"],
                    match["italic2"],
                )
                if group is not None
            )
            inner_text, inner_html = inline(inner)
            text.append(inner_text)
            html.append(f"<{tag}>{inner_html}</{tag}>")
    text.append(source[position:])
    html.append(escape(source[position:], quote=False))
    return "".join(text), "".join(html)
