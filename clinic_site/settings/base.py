"""Settings shared by every environment.

Anything a deployment may change is read from the environment (see ``env.py``);
``dev``, ``test`` and ``production`` only adjust what differs between them.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Our apps, bottom layer first (docs/architecture.md; `lint-imports` enforces
# that each imports only from the layers below it).
INSTALLED_APPS = [
    "clinic",
    "security",
    "seo",
    "home",
    "treatments",
    "doctors",
    "search",
    "reviews",
    "briefs",
    "enquiries",
    "backups",
    "demo",
    "clinic_site",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    # Translation workflow (segments, PO files, sync): wagtail-localize, whose
    # locales app replaces wagtail.locales (docs/translation.md).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailseo",
    "wagtailcache",
    "wagtail_2fa",
    # The queue of background tasks in the database, and its db_worker.
    "django_tasks",
    "django_tasks_db",
    "wagtail_honeypot",
    "phonenumber_field",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # The load balancer's probe, answered before the HTTPS redirect and the
    # host check below it would turn it away.
    "clinic_site.middleware.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Fills the enquiry form's CSRF and form tokens into every response, the
    # page cache's too, for each visitor; above the cache, which stores the
    # placeholders (enquiries/middleware.py, docs/enquiries.md).
    "enquiries.middleware.FreshFormTokensMiddleware",
    "clinic_site.middleware.PageCacheControlMiddleware",
    # Stores anonymous responses on the way out (after every header below is
    # set), and marks hits. Requests without a session, CSRF or messages cookie
    # are answered from the cache right below it, before any middleware that
    # follows runs; the others by the late fetch, which knows request.user
    # (clinic_site/page_cache.py).
    # Files the page cache's entries of this request under its scope, so that
    # a publish clears only the pages that show the change
    # (clinic_site/page_scopes.py).
    "clinic_site.page_scopes.PageScopeMiddleware",
    "wagtailcache.cache.UpdateCacheMiddleware",
    "clinic_site.page_cache.AnonymousFetchFromCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The request's Wagtail Site from the shared cache, not a query
    # (clinic_site/site_lookup.py).
    "clinic_site.site_lookup.SiteLookupMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # wagtail-2fa's check, also for users who enrolled while 2FA is optional.
    "security.middleware.VerifyUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp, with a policy of its own for /admin/.
    "security.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # A 404 in one language for a page that exists in another redirects there
    # (after the editors' own redirects had their turn).
    "clinic_site.untranslated.UntranslatedPageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "clinic_site.page_cache.LateFetchFromCacheMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks an account or address out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "clinic_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "clinic_site.wsgi.application"

# SQLite is the embedded default so that `make run` needs nothing else;
# production points DATABASE_URL at PostgreSQL.
# An empty DATABASE_URL counts as unset.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is served without a prefix, Turkish under /tr/.
LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Istanbul")
USE_I18N = True
USE_TZ = True
# A language is one entry here plus its catalogue in locale/<code>/ (see
# docs/languages.md): the URL prefix, <html lang dir>, the switcher, hreflang
# and the admin's language choice all follow this list.
LANGUAGES = [("en", _("English")), ("tr", _("Turkish"))]
WAGTAIL_I18N_ENABLED = True
# "Translate this page" makes a draft, never a live page: a translation is
# published through the page's workflow, like any edit (reviews.translations).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Each editor picks the admin's language in their account settings.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats of our own where Django's differ from the clinic's style
# ("2 Aralık 2026", not "02 Aralık 2026"); other languages keep Django's.
FORMAT_MODULE_PATH = ["clinic_site.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, content-hashed files that whitenoise serves with far-future
    # cache headers.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Clinic CMS")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Approving a medical review publishes the page although doctors hold no
# publish permission (see reviews/workflows.py); other workflows finish as
# Wagtail's default does.
WAGTAIL_FINISH_WORKFLOW_ACTION = "reviews.workflows.publish_approved_workflow_state"
# WAGTAILSEARCH_BACKENDS: see the Search block at the end.

# Background work (audits, notifications) goes through Django's tasks API
# (the django-tasks backport Wagtail 7.4 uses). The default runs each task at
# once, in the request or command that enqueued it, so `make run` needs nothing
# more; production queues them in the database for `manage.py db_worker`
# (docs/deployment.md, "The worker").
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# Patient enquiries (docs/enquiries.md): days an enquiry is kept
# (purge_enquiries), the form's spam checks, and the notification retries.
ENQUIRY_RETENTION_DAYS = env_int("ENQUIRY_RETENTION_DAYS", 365)
ENQUIRY_FORM_MIN_SECONDS = env_int("ENQUIRY_FORM_MIN_SECONDS", 3)
ENQUIRY_FORM_MAX_AGE = env_int("ENQUIRY_FORM_MAX_AGE", 60 * 60 * 24)
ENQUIRY_RATE_LIMIT = env_str("ENQUIRY_RATE_LIMIT", "5/h")
ENQUIRY_PHONE_REGION = env_str("ENQUIRY_PHONE_REGION", "TR")
ENQUIRY_NOTIFY_MAX_ATTEMPTS = env_int("ENQUIRY_NOTIFY_MAX_ATTEMPTS", 8)
ENQUIRY_NOTIFY_RETRY_DELAYS = [
    int(seconds)
    for seconds in env_list(
        "ENQUIRY_NOTIFY_RETRY_DELAYS", ["60", "300", "900", "3600", "21600"]
    )
]
# django-ratelimit counts in the shared cache; when the cache is down the
# limit is not applied rather than refusing every enquiry.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY") or None

WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
]
WAGTAILSEO_SEP = "|"

# How many results a search page shows, and the longest query it accepts.
SEARCH_RESULTS_PER_PAGE = env_int("SEARCH_RESULTS_PER_PAGE", 10)
SEARCH_QUERY_MAX_LENGTH = env_int("SEARCH_QUERY_MAX_LENGTH", 200)

# Logs go to stdout; LOG_FORMAT=json gives one JSON object per line for log
# collectors (the production default), "text" is for people.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per background task run is noise, not information.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        # django-axes announces itself at every start; lockouts are WARNINGs.
        "axes": {"level": "WARNING"},
    },
}

# Email from one URL (EMAIL_URL=smtp://user:password@host:587/?tls=True);
# the console backend when unset, so nothing is sent by accident.
_email = dj_email_url.parse(env_str("EMAIL_URL") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Media on S3-compatible storage when a bucket is named (needs
# `pip install "django-storages[s3]"`; see docs/deployment.md). Otherwise MEDIA_ROOT.
if env_str("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False

# Wagtail's CDN purge on publish, when the site sits behind a CDN or caching
# proxy that accepts purge requests (Varnish, nginx) or is Cloudflare.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }

# The full SEO audit of a large site runs in this many processes, each given
# at least this many pages (seo/audit_processes.py); by default every core the
# process may use. It runs in the task worker or seo_audit, never in a request.
SEO_AUDIT_PROCESSES = env_int("SEO_AUDIT_PROCESSES", len(os.sched_getaffinity(0)))
SEO_AUDIT_MIN_PAGES_PER_PROCESS = env_int("SEO_AUDIT_MIN_PAGES_PER_PROCESS", 500)

# SEO and trust thresholds (see shared/seo-reference.md for where each comes
# from). Every check reads its numbers from here; seo.config fills in defaults.
SEO_CHECKS = {
    "TITLE_MAX_PX": env_int("SEO_TITLE_MAX_PX", 600),
    "TITLE_MIN_CHARS": 30,
    "DESCRIPTION_MIN_CHARS": 120,
    "DESCRIPTION_MAX_CHARS": 160,
    "MIN_WORDS": env_int("SEO_MIN_WORDS", 300),
    "KEYPHRASE_MAX_WORDS": 4,
    "KEYPHRASE_DENSITY_MIN": 0.5,
    "KEYPHRASE_DENSITY_MAX": 3.0,
    "KEYPHRASE_SUBHEADING_MIN_SHARE": 30,
    "LONG_SENTENCE_WORDS": 20,
    "LONG_SENTENCES_MAX_SHARE": 25,
    "PARAGRAPH_MAX_WORDS": 150,
    "FLESCH_GOOD": 60,
    "FLESCH_FAIR": 50,
    "ALT_TEXT_MAX_CHARS": 125,
    "REVIEW_MAX_AGE_DAYS": env_int("SEO_REVIEW_MAX_AGE_DAYS", 365),
    "MIN_REFERENCES": env_int("SEO_MIN_REFERENCES", 2),
    "LINK_CHECK_TIMEOUT": env_int("SEO_LINK_CHECK_TIMEOUT", 10),
    "LINK_CHECK_CONCURRENCY": env_int("SEO_LINK_CHECK_CONCURRENCY", 8),
}

# Page cache, and security headers and admin hardening, each in its own module.
from .caching import *  # noqa: E402, F403
from .security import *  # noqa: E402, F403

# Search: the backend comes from the environment. SEARCH_BACKEND=database
# (the default: SQLite FTS5 or PostgreSQL full text, whichever DATABASE_URL
# is) or elasticsearch8/9 or opensearch2/3 at SEARCH_URL (see docs/search.md).
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "database")
SEARCH_SERVER_BACKENDS = (
    "elasticsearch8",
    "elasticsearch9",
    "opensearch2",
    "opensearch3",
)
if SEARCH_BACKEND not in ("database", *SEARCH_SERVER_BACKENDS):
    raise ValueError(
        f"SEARCH_BACKEND {SEARCH_BACKEND!r} is not one of database, "
        f"{', '.join(SEARCH_SERVER_BACKENDS)}."
    )
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backends.database",
        "SEARCH_CONFIG": env_str("SEARCH_CONFIG", "english"),
        # PostgreSQL text search configuration per page language.
        "LANGUAGE_CONFIGS": {"tr": env_str("SEARCH_CONFIG_TR", "turkish")},
    }
    if SEARCH_BACKEND == "database"
    else {
        "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
        "URLS": env_list("SEARCH_URL", ["http://localhost:9200"]),
        "INDEX_PREFIX": env_str("SEARCH_INDEX_PREFIX", "clinic_"),
        "TIMEOUT": env_int("SEARCH_TIMEOUT", 5),
    }
}
# Every search is counted, also those the page cache answers: the counter
# sits between the cache's storing half and the early fetch, so it sees hits
# served before the rest of the stack runs (search/middleware.py).
_fetch = "clinic_site.page_cache.AnonymousFetchFromCacheMiddleware"
MIDDLEWARE.insert(
    MIDDLEWARE.index(_fetch) if _fetch in MIDDLEWARE else len(MIDDLEWARE),
    "search.middleware.SearchAnalyticsMiddleware",
)
# Days of search counts kept (searchpromotions_garbage_collect deletes older).
WAGTAILSEARCH_HITS_MAX_AGE = env_int("SEARCH_ANALYTICS_MAX_AGE", 365)
# With Redis, searches are counted there and written to the database in a
# batch at most this often (search/analytics.py).
SEARCH_ANALYTICS_FLUSH_SECONDS = env_int("SEARCH_ANALYTICS_FLUSH_SECONDS", 60)
