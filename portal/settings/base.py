"""Settings shared by every mode. Everything that varies comes from the environment
(django-environ); `.env.example` lists every variable."""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
# A local .env file is optional; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# The territory the portal serves: département codes (« 93 », « 2A », « 974 »). Imports keep
# these by default, offers cover the first one by default, pages name them and list their
# communes (`manage.py import_communes` loads the communes).
MAILLAGE_DEPARTEMENTS = [
    code.strip().upper() for code in env.list("MAILLAGE_DEPARTEMENTS", default=["93"])
]
if not MAILLAGE_DEPARTEMENTS or not all(
    re.fullmatch(r"\d{2}|2[AB]|97\d", code) for code in MAILLAGE_DEPARTEMENTS
):
    raise ImproperlyConfigured(
        f"MAILLAGE_DEPARTEMENTS: département codes expected (93, 2A, 974), got "
        f"{MAILLAGE_DEPARTEMENTS!r}"
    )
# Reverse proxies in front of the site (IP addresses or CIDR networks). Empty: the client is
# REMOTE_ADDR and X-Forwarded-For is ignored (any client can write it). Set: X-Forwarded-For
# is read, from the right, only past these proxies (core.http.client_ip: rate limits, lockout).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "portal",
    "core",
    "home",
    "accounts",
    "notifications",
    "guides",
    "directory",
    "directory.imports",
    "orientation",
    "offers",
    "events",
    "feedback",
    "funding",
    "steering",
    "widgets",
    "search",
    "api",
    "demo",
    # Serves the API docs' Swagger UI from our static files (the CSP allows no CDN).
    "ninja",
    # Content translation (guides, standard pages): segments edited in the admin, PO files
    # exported and imported, translations saved as drafts until a reviewer publishes them.
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales: the admin's Locales screens
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # Django's widget templates for FORM_RENDERER (TemplatesSetting)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Permissions-Policy, and Cache-Control for shared caches (core/headers.py): high up, it
    # sees the final response with its cookies.
    "core.headers.ResponseHeadersMiddleware",
    # PostgreSQL/Redis unreachable → 503 with Retry-After rather than 500 (core/outage.py).
    "core.outage.OutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Anonymous page cache (after CSP and htmx: it re-nonces pages; see core/pagecache.py).
    "core.pagecache.PageCacheMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # The login page's `next` survives an e-mail confirmation or a password reset.
    "core.redirects.RememberLoginNextMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that lockouts apply to every authentication backend call.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site",
                "home.context_processors.footer",
                "notifications.context_processors.unread_notifications",
                "orientation.context_processors.my_residence",
            ],
        },
    },
]
# Forms render through TEMPLATES: every field group is templates/components/field.html.
FORM_RENDERER = "core.forms.ComponentsFormRenderer"

# --- Data stores -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://maillage@127.0.0.1:5544/maillage"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Web requests are short: a parallel plan's start-up costs more than it saves, and its workers
# take the CPUs of concurrent requests (the search statement chose one for frequent words).
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = " ".join(
    part for part in (_db_options.get("options"), "-c max_parallel_workers_per_gather=0") if part
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6390/0")
CACHES = {
    "default": {
        "BACKEND": "core.cache.RedisCache",  # Django's, one client per server (core/cache.py)
        "LOCATION": env("CACHE_URL", default=REDIS_URL.rsplit("/", 1)[0] + "/1"),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="maillage"),
        "TIMEOUT": 300,
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Anonymous page cache lifetime in seconds (core/pagecache.py); 0 turns it off.
PAGECACHE_TIMEOUT = env.int("PAGECACHE_TIMEOUT", default=60)
# Browsers and shared caches may keep those same public pages this many seconds
# (`Cache-Control: public, max-age`, core/headers.py); 0: no such header.
PUBLIC_CACHE_MAX_AGE = env.int("PUBLIC_CACHE_MAX_AGE", default=300)

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Gardiens of one residence land on its sheet, others on their dashboard (orientation/views.py).
LOGIN_REDIRECT_URL = "orientation:after_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Maillage] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_ALLOW_SIGNUP = env.bool("ACCOUNT_ALLOW_SIGNUP", default=True)
ACCOUNT_RATE_LIMITS = {
    # django-axes locks a (login, IP) pair after 5 failures; allauth's limits are the wider
    # net behind it: many accounts tried from one IP, or one account from many IPs.
    "login_failed": "20/15m/ip,10/15m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "3/3m/key",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Anonymous forms carry a honeypot field (core/honeypot.py).
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
}
# Brute force: 5 failures lock the (user, IP) pair for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"  # the one client address (TRUSTED_PROXIES)

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "fr"
# Language names in their own language, as the switcher shows them.
# The interface (Django's catalogues in locale/): French and English.
UI_LANGUAGES = [("fr", "Français"), ("en", "English")]
# Languages the editorial content (guides, standard pages) may be translated into, the tenants'
# languages seen in Seine-Saint-Denis by default. Each one is a Wagtail locale with its pages
# under /<code>/; its interface strings fall back to the French msgids where locale/<code> has
# no catalogue (Django's own strings come translated). French must be one of them.
CONTENT_LANGUAGE_NAMES = {
    "fr": "Français",
    "en": "English",
    "ar": "العربية",
    "pt": "Português",
    "es": "Español",
    "ro": "Română",
    "ta": "தமிழ்",
    "zh-hans": "简体中文",
    "tr": "Türkçe",
    "ru": "Русский",
    "uk": "Українська",
    "bn": "বাংলা",
    "ur": "اردو",
    "fa": "فارسی",
}
MAILLAGE_CONTENT_LANGUAGES = [
    code.strip().lower()
    for code in env.list(
        "MAILLAGE_CONTENT_LANGUAGES", default=["fr", "en", "ar", "pt", "es", "ro", "ta", "zh-hans"]
    )
    if code.strip()
]
if LANGUAGE_CODE not in MAILLAGE_CONTENT_LANGUAGES or not set(MAILLAGE_CONTENT_LANGUAGES) <= set(
    CONTENT_LANGUAGE_NAMES
):
    raise ImproperlyConfigured(
        f"MAILLAGE_CONTENT_LANGUAGES: codes among {sorted(CONTENT_LANGUAGE_NAMES)} including "
        f"{LANGUAGE_CODE!r} expected, got {MAILLAGE_CONTENT_LANGUAGES!r}"
    )
WAGTAIL_CONTENT_LANGUAGES = [
    (code, CONTENT_LANGUAGE_NAMES[code]) for code in MAILLAGE_CONTENT_LANGUAGES
]
# Wagtail wants every content language in LANGUAGES (LocaleMiddleware then activates it under
# its /<code>/ prefix): the interface languages first, then the other content languages.
LANGUAGES = UI_LANGUAGES + [
    language for language in WAGTAIL_CONTENT_LANGUAGES if language[0] not in dict(UI_LANGUAGES)
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = UI_LANGUAGES
# wagtail-localize: submitting a live page for translation creates a draft translation (not a
# published copy of the French text); a reviewer publishes it from the translation editor.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# A machine translator pre-fills segments when configured (none reachable here, none by
# default), e.g. {"CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
# "OPTIONS": {"AUTH_KEY": "…"}} or LibreTranslate's; its drafts go through the same review.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

# --- Static and media -----------------------------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
# Files served only through views that check permissions (agreement documents): never under
# MEDIA_ROOT, never exposed by the web server.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# `collectstatic` writes each file under a content-hashed name, gzip and brotli copies beside
# it; whitenoise serves the compressed copy the browser accepts and caches hashed names for a
# year (immutable). With DEBUG (dev) the `static` tag keeps the plain names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email ----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Maillage <ne-pas-repondre@maillage.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery (DESIGN.md §7) ------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="maillage")
# A task is acknowledged only once it has run: a worker killed mid-task leaves it queued.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Must exceed the longest task (PDF builds, bulk reindex) and any countdown we use.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_TIME_LIMIT = 900
CELERY_TASK_SOFT_TIME_LIMIT = 840
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Directory freshness (directory/freshness.py): one-click verification links are valid this
# many days; the ladder's steps come this many days after an entry's due date (last
# verification + its update frequency).
VERIFICATION_LINK_DAYS = env.int("VERIFICATION_LINK_DAYS", default=30)
FRESHNESS_TO_CHECK_AFTER_DAYS = env.int("FRESHNESS_TO_CHECK_AFTER_DAYS", default=30)
FRESHNESS_HIDE_AFTER_DAYS = env.int("FRESHNESS_HIDE_AFTER_DAYS", default=60)
FRESHNESS_UNPUBLISH_AFTER_DAYS = env.int("FRESHNESS_UNPUBLISH_AFTER_DAYS", default=90)

# Aggregate counters (core/counters.py): kept this many days (3 years), then purged nightly;
# a zero-result search term is kept only once seen this many times in a month.
COUNTERS_RETENTION_DAYS = env.int("COUNTERS_RETENTION_DAYS", default=3 * 365)
COUNTERS_TERM_MIN_SEEN = env.int("COUNTERS_TERM_MIN_SEEN", default=3)
# A web process pushes its counts to Redis from a thread this often (0: at once, each count).
COUNTERS_PUSH_SECONDS = env.float("COUNTERS_PUSH_SECONDS", default=1.0)
# The gap map (steering/gaps.py): a situation × commune is a gap with fewer than
# GAP_MIN_ANSWERS relevant answers that cover the commune, come to the home or stand within
# GAP_DISTANCE_KM of its centre; the counts are cached GAP_CACHE_TIMEOUT seconds at most.
GAP_MIN_ANSWERS = env.int("GAP_MIN_ANSWERS", default=3)
GAP_DISTANCE_KM = env.float("GAP_DISTANCE_KM", default=5.0)
GAP_CACHE_TIMEOUT = env.int("GAP_CACHE_TIMEOUT", default=600)

CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
# Each app adds its periodic tasks here (digests, reminders, purges).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "health-heartbeat": {
        "task": "portal.tasks.heartbeat",
        "schedule": 300.0,
    },
    # Counters (core/counters.py): Redis day hashes into the table every 5 minutes; the
    # rows older than COUNTERS_RETENTION_DAYS forgotten every night.
    "core-flush-counters": {
        "task": "core.flush_counters",
        "schedule": 300.0,
    },
    "core-purge-counters": {
        "task": "core.purge_counters",
        "schedule": crontab(hour=3, minute=50),
    },
    # Directory: the freshness ladder — update reminders (at most monthly per organisation),
    # then « à vérifier », left out of « Qui appeler ? », unpublished (directory.freshness).
    "directory-freshness-ladder": {
        "task": "directory.tasks.run_freshness_ladder",
        "schedule": 24 * 3600.0,
    },
    # Directory: what changed in the national data·inclusion API since the last sync.
    "directory-sync-data-inclusion": {
        "task": "directory.imports.sync_data_inclusion",
        "schedule": crontab(hour=2, minute=20),
    },
    # Search: the open intervals stored for « ouvert maintenant » cover a week from the day
    # they are computed (directory.opening.INTERVAL_HORIZON_DAYS): recomputed every night.
    "search-refresh-opening-services": {
        "task": "search.reindex_kind",
        "schedule": crontab(hour=0, minute=5),
        "args": ("service",),
    },
    "search-refresh-opening-organisations": {
        "task": "search.reindex_kind",
        "schedule": crontab(hour=0, minute=5),
        "args": ("organisation",),
    },
    # Notifications: re-enqueue deliveries a lost broker message left pending; digests.
    "notifications-sweep-pending": {
        "task": "notifications.sweep_pending",
        "schedule": 60.0,
    },
    "notifications-daily-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=30),
        "args": ("daily",),
    },
    "notifications-weekly-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week=1),
        "args": ("weekly",),
    },
    # Offers: announce publications whose message was lost; close expired premises.
    "offers-sweep-unannounced": {
        "task": "offers.sweep_unannounced",
        "schedule": 60.0,
    },
    "offers-close-expired": {
        "task": "offers.close_expired",
        "schedule": crontab(hour=0, minute=15),
    },
    "offers-agreement-renewal-reminders": {
        "task": "offers.remind_agreement_renewals",
        "schedule": crontab(hour=7, minute=45),
    },
    "offers-sweep-unannounced-calls": {
        "task": "offers.sweep_unannounced_calls",
        "schedule": 60.0,
    },
    "offers-close-service-calls": {
        "task": "offers.close_service_calls",
        "schedule": crontab(hour=0, minute=20),
    },
    # Events: extend recurring series, remind registered people the day before, purge.
    "events-extend-occurrence-horizon": {
        "task": "events.extend_occurrence_horizon",
        "schedule": crontab(hour=3, minute=10),
    },
    "events-send-reminders": {
        "task": "events.send_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    "events-purge-registrations": {
        "task": "events.purge_registrations",
        "schedule": crontab(hour=3, minute=40),
    },
    # Feedback: corrections left unhandled go to the moderators; reporters' addresses purged.
    "feedback-daily": {
        "task": "feedback.daily",
        "schedule": crontab(hour=4, minute=10),
    },
    # Calls for projects: close those past their deadline, remind those closing soon.
    "funding-daily": {
        "task": "funding.daily",
        "schedule": crontab(hour=7, minute=20),
    },
    # Directory: propose duplicate organisations across sources (directory.duplicates).
    "directory-detect-duplicates": {
        "task": "directory.detect_duplicates",
        "schedule": crontab(hour=2, minute=30),
    },
    # Orientation: callback requests expire unanswered, then are purged.
    "orientation-expire-and-purge-callbacks": {
        "task": "orientation.expire_and_purge_callbacks",
        "schedule": crontab(hour=3, minute=50),
    },
}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Maillage"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Refuses a file whose first bytes are not those its extension announces (a PNG named .pdf).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# No SVG from partners: raster formats only.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Search (search/) -----------------------------------------------------------------------
# Empty: the PostgreSQL backend. Set to use Elasticsearch 8/9 instead.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="maillage")

# --- Geocoding ------------------------------------------------------------------------------
# "ban": the national address API (BAN); "centroid": commune centroid only (offline).
GEOCODER = env("GEOCODER", default="ban")
BAN_API_URL = env("BAN_API_URL", default="https://api-adresse.data.gouv.fr")

# --- data·inclusion national API (directory/imports/sync.py) --------------------------------
# Nightly incremental sync of the structures and services of MAILLAGE_DEPARTEMENTS. An empty
# token disables it (the task logs and does nothing). SOURCES: producers to keep (dora,
# soliguide…), empty: all of them.
DATA_INCLUSION_API_URL = env(
    "DATA_INCLUSION_API_URL", default="https://api.data.inclusion.gouv.fr/api/v1"
).rstrip("/")
DATA_INCLUSION_API_TOKEN = env("DATA_INCLUSION_API_TOKEN", default="")
DATA_INCLUSION_SOURCES = env.list("DATA_INCLUSION_SOURCES", default=[])

# --- Security (tightened in production.py) --------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features pages may use (core/headers.py): geolocation on our own pages only (« près
# de moi »), none of the others.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
    "browsing-topics": [],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Map tiles (static/js/map.js): OpenStreetMap's one tile host (no a/b/c subdomains).
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The Wagtail admin needs inline scripts and styles; the policy applies to public pages.
# (django-csp 4 reads the prefixes inside the policy; CSP_EXCLUDE_URL_PREFIXES is ignored.)
CONTENT_SECURITY_POLICY["EXCLUDE_URL_PREFIXES"] = ("/admin/", "/django-admin/")

# --- Partner API: active keys an organisation may hold at once (revoke one to create another)
API_MAX_ACTIVE_TOKENS_PER_ORGANISATION = env.int(
    "API_MAX_ACTIVE_TOKENS_PER_ORGANISATION", default=5
)

# --- Personal data retention ----------------------------------------------------------------
EVENT_REGISTRATION_RETENTION_MONTHS = env.int("EVENT_REGISTRATION_RETENTION_MONTHS", default=6)
# Callback requests (orientation.callbacks): unanswered ones expire after CALLBACK_EXPIRY_DAYS
# (their signed answer links with them); every request is deleted CALLBACK_RETENTION_DAYS
# after it was closed (answered or expired). A sender may send CALLBACK_RATE of them.
CALLBACK_EXPIRY_DAYS = env.int("CALLBACK_EXPIRY_DAYS", default=14)
CALLBACK_RETENTION_DAYS = env.int("CALLBACK_RETENTION_DAYS", default=90)
CALLBACK_RATE = env("CALLBACK_RATE", default="10/h")
# Public corrections and suggestions (feedback.reports): a correction not handled by the
# organisation within FEEDBACK_ESCALATION_DAYS goes to the territory's moderators; a reporter's
# address is kept until the report is handled, FEEDBACK_EMAIL_RETENTION_DAYS at most. A visitor
# (client address) may send FEEDBACK_RATE of them.
# Days before an agreement's end date when both parties are reminded to renew it.
AGREEMENT_RENEWAL_REMINDER_DAYS = env.int("AGREEMENT_RENEWAL_REMINDER_DAYS", default=60)
FEEDBACK_ESCALATION_DAYS = env.int("FEEDBACK_ESCALATION_DAYS", default=7)
FEEDBACK_EMAIL_RETENTION_DAYS = env.int("FEEDBACK_EMAIL_RETENTION_DAYS", default=90)
FEEDBACK_RATE = env("FEEDBACK_RATE", default="5/h")
# Calls for projects (funding.publication): the eligible organisations are reminded once,
# FUNDING_REMINDER_DAYS before the deadline.
FUNDING_REMINDER_DAYS = env.int("FUNDING_REMINDER_DAYS", default=7)

# --- Logging: JSON lines on stderr ------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "celery": {"level": LOG_LEVEL},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
