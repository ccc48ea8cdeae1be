"""Compile every locale/<language>/LC_MESSAGES/django.po to its .mo with polib.

The .mo files are committed, so running the site needs no gettext tools; this
needs only Python (polib is in requirements-dev.txt). `manage.py
compilemessages` gives the same messages where GNU gettext is installed.
tests/i18n/test_catalogue.py fails while a .mo differs from its .po.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def main():
    catalogues = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
    for path in catalogues:
        catalogue = polib.pofile(str(path))
        catalogue.save_as_mofile(str(path.with_suffix(".mo")))
        print(f"{path.relative_to(LOCALE.parent)}: {len(catalogue)} messages")
    return 0 if catalogues else 1


if __name__ == "__main__":
    sys.exit(main())
