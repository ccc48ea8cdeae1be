"""The public pages every browser test walks through."""

import re

SEED_PATH = "/treatments/stem-cell-therapy-for-cerebral-palsy/"
# (name used for screenshots, path, expected status)
KEY_PAGES = [
    ("home", "/", 200),
    ("treatments", "/treatments/", 200),
    ("seed", SEED_PATH, 200),
    ("search", "/search/?q=stem+cells", 200),
    ("not-found", "/no-such-page/", 404),
    ("doctors", "/doctors/", 200),
    ("contact", "/contact/", 200),
    # The Turkish demo: the seed page's translation and the Turkish home.
    ("home-tr", "/tr/", 200),
    ("seed-tr", "/tr/tedaviler/serebral-palside-kok-hucre-tedavisi/", 200),
]
PROFILE_LINK = re.compile(r"^/doctors/[\w-]+/$")


def key_pages(page, base_url):
    """KEY_PAGES plus the first doctor profile linked from /doctors/."""
    pages = list(KEY_PAGES)
    page.goto(base_url + "/doctors/")
    for href in page.locator("main a[href^='/doctors/']").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    ):
        if PROFILE_LINK.match(href) and href != "/doctors/":
            pages.append(("doctor-profile", href, 200))
            break
    return pages
