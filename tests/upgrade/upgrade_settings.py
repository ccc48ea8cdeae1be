"""The test settings of whichever code tree runs, with media in a scratch folder.

``clinic_site.settings.test`` puts uploads under the working tree
(``tests/.media``); the upgrade test keeps the old and the new code's media in
one temporary folder of its own, named by ``UPGRADE_MEDIA_ROOT``.
"""

import os
from pathlib import Path

from clinic_site.settings.test import *  # noqa: F403

MEDIA_ROOT = Path(os.environ["UPGRADE_MEDIA_ROOT"])
