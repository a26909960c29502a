"""Django settings for Lodestar.

Development works with no set-up (SQLite, a throwaway secret key).  Production
(``LODESTAR_ENV=production``) takes every secret from the environment and refuses
to start, with a message naming the variable, when one is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = os.environ.get("LODESTAR_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in the environment when LODESTAR_ENV=production. See docs/guide/deployment.md."
        )
    return value


if PRODUCTION:
    SECRET_KEY = _required("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(("django-insecure", "development-")):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'. See docs/guide/deployment.md."
        )
    # The database URL carries the database password, so it comes from the environment too.
    _required("DATABASE_URL")
    ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
    DEBUG = False
else:
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "development-only-insecure-key-do-not-use-in-production-0123456789"
    )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
    DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "lodestar.core",
    "lodestar.accounts",
    "lodestar.orgs",
    "lodestar.star",
    "lodestar.workshops",
    "lodestar.plans",
    "lodestar.api",
    "lodestar.notifications",
    "lodestar.workforce",
    "lodestar.projections",
    "lodestar.learning",
    "lodestar.programmes",
    "lodestar.pilots",
    "lodestar.pathways",
    "lodestar.roles",
    "lodestar.talent",
    "lodestar.networks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lodestar.core.middleware.NoStoreMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "lodestar.core.middleware.LoginRequiredMiddleware",
    # django-axes must come last: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lodestar.config.urls"
WSGI_APPLICATION = "lodestar.config.wsgi.application"

import nhsuk_frontend_jinja  # noqa: E402

NHSUK_TEMPLATES = Path(nhsuk_frontend_jinja.__file__).resolve().parent / "templates"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "core" / "jinja2", NHSUK_TEMPLATES],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "lodestar.config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "lodestar.core.context_processors.layout",
            ],
        },
    },
    {
        # Django's own admin and the API docs page use Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'lodestar.sqlite3'}",
        conn_max_age=0 if not PRODUCTION else 60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (the no-set-up default) takes one writer at a time. Writers queue for the lock (up to
    # 20 s) instead of failing with "database is locked": BEGIN IMMEDIATE takes the write lock at
    # the start of each transaction, so a transaction never has to upgrade a read lock mid-way
    # (which SQLite refuses at once), and WAL lets pages read while someone writes. The loser of
    # two simultaneous saves then meets the same optimistic-lock conflict as on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Login throttling (django-axes): lock an email+client address pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "lodestar.accounts.throttling.lockout_username"  # sign-in and admin login alike
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lodestar.accounts.views.locked_out"
# The client's address for the lock-out: the connection's, unless a trusted proxy's header is
# named (never read otherwise). See docs/guide/deployment.md "Behind a TLS proxy".
LODESTAR_TRUSTED_PROXY_HEADER = os.environ.get("LODESTAR_TRUSTED_PROXY_HEADER", "").strip()
LODESTAR_TRUSTED_PROXY_COUNT = int(os.environ.get("LODESTAR_TRUSTED_PROXY_COUNT", "1"))
LODESTAR_TRUSTED_PROXY_ADDRESSES = [
    a.strip() for a in os.environ.get("LODESTAR_TRUSTED_PROXY_ADDRESSES", "").split(",") if a.strip()
]
AXES_CLIENT_IP_CALLABLE = "lodestar.accounts.throttling.client_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("LODESTAR_STATIC_ROOT", BASE_DIR / "var" / "static"))
# Outside production WhiteNoise serves static files straight from the apps, even with DEBUG off
# (make run), so the demo needs no collectstatic; production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("LODESTAR_MEDIA_ROOT", BASE_DIR / "var" / "media"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lodestar <no-reply@lodestar.invalid>")
INVITATION_VALID_DAYS = 7
# An open action with no progress update for this many days is flagged on the home page and in reminders.
LODESTAR_STALE_UPDATE_DAYS = int(os.environ.get("LODESTAR_STALE_UPDATE_DAYS", "60"))

# Background work (ADR 0021): Django's Tasks framework (the django-tasks backport). Tasks are rows in
# the database until `manage.py db_worker` runs them; `make run` starts one beside the server.
TASKS = {"default": {"BACKEND": os.environ.get("LODESTAR_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Reminder emails (docs/guide/notifications.md): how far ahead "due soon" looks, the digest's weekday
# (0 = Monday) and the address that links in emails start with (no request to build them from).
LODESTAR_DUE_SOON_DAYS = int(os.environ.get("LODESTAR_DUE_SOON_DAYS", "14"))
LODESTAR_DIGEST_WEEKDAY = int(os.environ.get("LODESTAR_DIGEST_WEEKDAY", "0"))
LODESTAR_SITE_URL = os.environ.get(
    "LODESTAR_SITE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")

SESSION_COOKIE_HTTPONLY = True
# A session lasts a working day and ends when the browser closes (both configurable).
SESSION_COOKIE_AGE = int(float(os.environ.get("LODESTAR_SESSION_HOURS", "9")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = os.environ.get("LODESTAR_SESSION_ENDS_WITH_BROWSER", "1") == "1"
# The OpenAPI document and docs page: public in development, signed-in only in production.
API_DOCS_PUBLIC = os.environ.get("LODESTAR_API_DOCS_PUBLIC", "0" if PRODUCTION else "1") == "1"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "lodestar.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]
    # Outgoing email (invitations, password resets) over SMTP; the password only from the environment.
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"

# Content security policy (django-csp 4): only our own origin; the one inline script
# in the NHS.UK page template carries a per-request nonce. NONCE must be django-csp's
# sentinel object (a plain "'nonce'" string would be sent literally and block the script).
# NHS web fonts (assets.nhs.uk) are deliberately not allowed: pages fall back to Arial.
# See docs/adr/0012-security-baseline.md.
from csp.constants import NONCE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Upload limits (evidence packs).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
LEARNING_IMAGE_MAX_BYTES = int(os.environ.get("LODESTAR_LEARNING_IMAGE_MAX_BYTES", str(5 * 1024 * 1024)))

# Workforce imports (ADR 0025, 0026): where an uploaded file waits (private, deleted once checked)
# and the largest file accepted.
LODESTAR_IMPORT_DIR = Path(os.environ.get("LODESTAR_IMPORT_DIR", str(BASE_DIR / "var" / "imports")))
LODESTAR_IMPORT_MAX_BYTES = int(os.environ.get("LODESTAR_IMPORT_MAX_BYTES", str(150 * 1024 * 1024)))

# Projections on the web (docs/guide/projections.md, docs/adr/0029-projections-on-the-web.md).
# A run's size is cohorts x projection years x runs; larger runs are refused with the limit.
LODESTAR_PROJECTION_MAX_SIZE = int(os.environ.get("LODESTAR_PROJECTION_MAX_SIZE", str(2_000_000_000)))
LODESTAR_PROJECTION_MAX_RUNS = int(os.environ.get("LODESTAR_PROJECTION_MAX_RUNS", "10000"))
# Runs of at least this size go to the Dask scheduler when one is set; smaller ones run here.
LODESTAR_DASK_SCHEDULER = os.environ.get("LODESTAR_DASK_SCHEDULER", "").strip()
LODESTAR_DASK_MIN_SIZE = int(os.environ.get("LODESTAR_DASK_MIN_SIZE", str(500_000_000)))
