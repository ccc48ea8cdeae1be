"""The demo site's pages as the audit sees them: an English tree and a
Turkish one (the Turkish home page is the English one's translation, with its
own subtree), both the default site's."""

from tests.conftest import SEED_URL

TURKISH_SEED_URL = "/tr/tedaviler/serebral-palside-kok-hucre-tedavisi/"

# The contact and privacy pages come from enquiries.
ENGLISH_DEMO_URLS = {
    "/",
    "/treatments/",
    "/doctors/",
    SEED_URL,
    "/contact/",
    "/privacy-notice/",
}
TURKISH_DEMO_URLS = {
    "/tr/",
    "/tr/tedaviler/",
    "/tr/doktorlarimiz/",
    TURKISH_SEED_URL,
    "/tr/iletisim/",
    "/tr/aydinlatma-metni/",
}
DEMO_URLS = ENGLISH_DEMO_URLS | TURKISH_DEMO_URLS
