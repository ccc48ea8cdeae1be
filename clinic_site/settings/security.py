"""Security headers, cookies, login lockout and two-factor authentication.

Star-imported at the end of ``base.py``, so every environment gets the same
headers; ``production.py`` adds what only makes sense over HTTPS (HSTS, secure
cookies, ``upgrade-insecure-requests``).

Two Content-Security-Policies (``security.middleware``):

* The public site gets a strict one: its templates use no inline scripts or
  styles and no third-party assets, so ``script-src`` and ``style-src`` are
  ``'self'`` alone. Scripts are files under ``/static/``; the only inline
  ``<script>`` is the JSON-LD data block, which browsers never execute, so it
  needs no exception.
* ``/admin/`` gets a looser one (``ADMIN_CONTENT_SECURITY_POLICY``): Wagtail's
  admin initialises widgets with inline ``<script>`` elements (date pickers,
  choosers, inline panels, modal responses run through jQuery) and some of its
  templates and those of wagtail-2fa carry ``style`` attributes, so it needs
  ``'unsafe-inline'`` for scripts and styles. It is still same-origin only,
  with ``object-src 'none'`` and ``frame-ancestors 'self'``. The admin is only
  reachable after login, every field it shows is escaped by Django, and a
  hostile-content test checks that nothing an editor types becomes markup.

Anonymous pages are stored by wagtail-cache together with their headers, so no
header may vary per request: the policies use no nonces (nothing on the
public site needs one), and a cached page carries the same headers as a fresh
one.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import env_bool, env_int, env_list, env_str


def _origin(url):
    """``https://cdn.example/media/`` → ``https://cdn.example``; "" if relative."""
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return ""


def media_origins():
    """Origins that uploaded images are served from, when not this site.

    Uploads live under ``/media/`` on the site itself unless they are on S3
    (``AWS_S3_CUSTOM_DOMAIN``, or the bucket at ``AWS_S3_ENDPOINT_URL`` or on
    Amazon); ``CSP_MEDIA_ORIGINS`` adds any other origin (a CDN in front).
    """
    origins = []
    if env_str("AWS_STORAGE_BUCKET_NAME"):
        bucket = env_str("AWS_STORAGE_BUCKET_NAME")
        if env_str("AWS_S3_CUSTOM_DOMAIN"):
            origins.append(f"https://{env_str('AWS_S3_CUSTOM_DOMAIN')}")
        elif env_str("AWS_S3_ENDPOINT_URL"):
            origins.append(_origin(env_str("AWS_S3_ENDPOINT_URL")))
        else:
            origins.append(f"https://{bucket}.s3.amazonaws.com")
            region = env_str("AWS_S3_REGION_NAME")
            if region:
                origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    origins += [_origin(url) or url for url in env_list("CSP_MEDIA_ORIGINS")]
    return [origin for origin in dict.fromkeys(origins) if origin]


def site_csp(*, upgrade_insecure_requests=False):
    """The public site's policy: same-origin only, nothing inline."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:", *media_origins()],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            # Wagtail's preview shows the page in a frame on the admin's origin.
            "frame-ancestors": [SELF],
            "upgrade-insecure-requests": upgrade_insecure_requests,
        }
    }


def admin_csp(*, upgrade_insecure_requests=False):
    """The admin's policy: as the site's, plus what Wagtail's admin needs."""
    directives = site_csp(upgrade_insecure_requests=upgrade_insecure_requests)[
        "DIRECTIVES"
    ]
    directives.update(
        {
            # Inline widget initialisers; see the module docstring.
            "script-src": [SELF, UNSAFE_INLINE],
            "style-src": [SELF, UNSAFE_INLINE],
            # Image upload previews are blob: URLs.
            "img-src": [*directives["img-src"], "blob:"],
            # The dashboard asks releases.wagtail.org whether Wagtail is out of
            # date (shown to administrators only).
            "connect-src": [SELF, "https://releases.wagtail.org"],
            # The preview panel frames the preview, on this origin.
            "frame-src": [SELF],
        }
    )
    return {"DIRECTIVES": directives}


CONTENT_SECURITY_POLICY = site_csp()
ADMIN_CONTENT_SECURITY_POLICY = admin_csp()
# Requests under this prefix get ADMIN_CONTENT_SECURITY_POLICY.
ADMIN_CSP_PATH_PREFIX = "/admin/"

# Login-restricted pages send visitors to sign in here (staff are the only
# accounts; Django's default /accounts/login/ does not exist on this site).
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"

# Staff avatars are not fetched from Gravatar: no request to a third party
# carrying a hash of a staff member's email, and no third-party origin in the
# admin's policy. Wagtail shows its default avatar (or an uploaded one).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Browser features the site never uses are switched off for it and for
# anything it might frame; so is the ad-interest API (FLoC and its successor).
# Only features current browsers recognise (others are logged as errors).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Headers Django's SecurityMiddleware sends (HSTS is in production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's live preview frames the site on its own origin, so same-origin
# framing is allowed (CSP frame-ancestors 'self' says the same to new browsers).
X_FRAME_OPTIONS = "SAMEORIGIN"

# Cookies: not readable from JavaScript (the session), not sent on cross-site
# subrequests or POSTs, gone when the browser closes and, on the server, after
# SESSION_COOKIE_AGE seconds (a working day) whatever the browser does.
# production.py marks both cookies Secure.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# username from one address, that pair is refused (even with the right
# password) for AXES_COOLOFF_MINUTES. An administrator unlocks sooner in
# Settings > Login lockouts or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
# The client's address behind a reverse proxy (django-ipware). Unset (no
# proxy, `make run`): REMOTE_ADDR only, so X-Forwarded-For is never believed.
# Behind proxies that append to X-Forwarded-For, AXES_IPWARE_PROXY_COUNT is
# how many proxy addresses that header holds after the client's: 0 for nginx
# alone in front of gunicorn (nginx is REMOTE_ADDR), 1 for a load balancer in
# front of nginx. A longer header (the client sent its own, to pass as someone
# else) is not believed either.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", None)
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list(
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    ["REMOTE_ADDR"]
    if AXES_IPWARE_PROXY_COUNT is None
    else ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
)
# No version banner on stdout at start-up (it would land in every command's
# output), and log lines name only the lockout parameters.
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)

# Two-factor authentication (wagtail-2fa, TOTP): every staff user can enrol an
# authenticator app under Account > Manage your 2FA devices, and from then on
# is asked for a code at login. ADMIN_2FA_REQUIRED=true makes it compulsory:
# a user without a device is sent to enrol one before anything else.
WAGTAIL_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", False)
WAGTAIL_2FA_OTP_TOTP_NAME = env_str("ADMIN_2FA_ISSUER") or env_str(
    "WAGTAIL_SITE_NAME", "Clinic CMS"
)
