"""Django settings for runback.

SQLite in the user's data folder by default (zero set-up); ``RUNBACK_DATABASE_URL``
selects PostgreSQL for clinics and larger deployments. Every knob is an environment
variable read through the typed helpers in :mod:`runback.web.config`.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from runback.web.backends import cache_backend, storage_backend
from runback.web.config import data_dir, env_bool, env_int, env_list, env_str, secret_key

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("RUNBACK_DEBUG", default=False)
# Django's test runner adds "testserver" itself; production never answers to it.
ALLOWED_HOSTS = env_list("RUNBACK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("RUNBACK_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("RUNBACK_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from local static files, not a CDN
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "runback.web.accounts",
    "runback.web.runners",
    "runback.web.activities",
    "runback.web.exports",
    "runback.web.capacity",
    "runback.web.tokens",
    "runback.web.outcomes",
    "runback.web.clinic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "runback.web.clinic.audit.AccessLogMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "runback.web.clinic.twofactor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The runner's access log (clinic/audit.py) is django-auditlog's, one row per runner.
AUDITLOG_LOGENTRY_MODEL = "clinic.AccessLogEntry"
# auditlog's own LogEntry is swapped out for the access log above, but its migrations
# (which predate the swap setting) would still create an unused auditlog_logentry table
# with a foreign key to auth_user, and PostgreSQL then refuses to TRUNCATE auth_user
# (a flush). The app has no other model, so it needs no migrations at all.
MIGRATION_MODULES = {"auditlog": None}
# Two-factor sign-in (clinic/twofactor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = "runback"

ROOT_URLCONF = "runback.web.urls"
WSGI_APPLICATION = "runback.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
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

DATABASES = {
    "default": dj_database_url.parse(
        env_str("RUNBACK_DATABASE_URL", f"sqlite:///{DATA_DIR / 'runback.sqlite3'}"),
        conn_max_age=env_int("RUNBACK_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web server reads; a busy timeout
    # turns brief lock contention into a short wait instead of an error.
    # secure_delete overwrites deleted rows (a deleted account leaves no trace).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA secure_delete=ON;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The rendered body of each runner's Today (runners/todaypage.py). Local memory by
# default: each gunicorn worker process has its own cache, so entries are never
# deleted to invalidate them; their keys carry the record's data version, which every
# write bumps in the database (runners/freshness.py), so even separate caches on
# separate machines never serve a stale page. RUNBACK_CACHE_URL shares one cache
# (Redis, or the database) between every process on every machine: a write then
# costs one re-render instead of one per process (web/backends.py).
CACHES = {
    "default": cache_backend(
        env_str("RUNBACK_CACHE_URL", ""), env_int("RUNBACK_CACHE_ENTRIES", 2000)
    )
}
if env_str("RUNBACK_CACHE_DIR", "") and not env_str("RUNBACK_CACHE_URL", ""):
    # One cache shared by every worker process on the machine: a write costs one
    # re-render instead of one per worker. Private data (rendered health records,
    # never a token): the folder is made 0700.
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.filebased.FileBasedCache"
    CACHES["default"]["LOCATION"] = env_str("RUNBACK_CACHE_DIR", "")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, under the name existing sessions record.
    "runback.web.accounts.backends.AccountBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "runners:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("RUNBACK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
# The address axes (and the sign-up and reset throttles) count: the real client's,
# read from X-Forwarded-For when RUNBACK_TRUSTED_PROXIES says proxies stand in front.
AXES_CLIENT_IP_CALLABLE = "runback.web.accounts.addresses.client_address"
# Sign-ups and password-reset requests per client address per hour (accounts/throttle.py);
# reset e-mails to one address are capped at 3 an hour whoever asks.
RUNBACK_SIGNUPS_PER_HOUR = env_int("RUNBACK_SIGNUPS_PER_HOUR", 10)
RUNBACK_RESETS_PER_HOUR = env_int("RUNBACK_RESETS_PER_HOUR", 10)
# Personal access tokens (web/tokens): at most RATE API calls per WINDOW seconds each.
RUNBACK_API_TOKEN_RATE = env_int("RUNBACK_API_TOKEN_RATE", 120)
RUNBACK_API_TOKEN_WINDOW = env_int("RUNBACK_API_TOKEN_WINDOW", 60)

# --- TLS and reverse proxies (README, "Running it for others") ---------------------
# How many reverse proxies (nginx, Caddy, a load balancer) stand in front of runback.
# Each appends the address it saw to X-Forwarded-For, so the client's address is that
# many entries from the right; anything further left was written by the client and is
# ignored. 0 (the default): REMOTE_ADDR is the client, X-Forwarded-For is not read.
RUNBACK_TRUSTED_PROXIES = env_int("RUNBACK_TRUSTED_PROXIES", 0)
if RUNBACK_TRUSTED_PROXIES > 0:
    # The proxy terminates TLS and says so; without a proxy the header is not trusted.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("RUNBACK_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("RUNBACK_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RUNBACK_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("RUNBACK_HSTS_PRELOAD", default=False)

# Content-Security-Policy on every response (django-csp): scripts, styles, images and
# requests from this site only; no inline script or style anywhere (templates keep
# theirs in static files), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("RUNBACK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env_str("RUNBACK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("RUNBACK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("RUNBACK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("RUNBACK_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("RUNBACK_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("RUNBACK_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("RUNBACK_FROM_EMAIL", "runback <runback@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("RUNBACK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing root at start-up
# `runback serve --production` collects static files and sets RUNBACK_HASHED_STATIC,
# so whitenoise serves compressed, cache-forever, hashed names. Otherwise (plain
# `runback serve`, tests) files are served straight from the app folders.
HASHED_STATIC = env_bool("RUNBACK_HASHED_STATIC", default=False)
WHITENOISE_USE_FINDERS = not HASHED_STATIC
STORAGES = {
    # Uploads: the data folder, or an S3-compatible bucket (RUNBACK_STORAGE_URL).
    "default": storage_backend(env_str("RUNBACK_STORAGE_URL", "")),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if HASHED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "files"
# Uploads are private health data: they are never served from MEDIA_URL, only
# through views that check the owner.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# ... and not readable by other accounts on the machine either.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
RUNBACK_MAX_UPLOAD_BYTES = env_int("RUNBACK_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
# An upload still "importing" after this long was cut off (the worker was killed):
# `runback worker` queues it again. Far above the longest import (a 10-year export).
RUNBACK_IMPORT_STALE_MINUTES = env_int("RUNBACK_IMPORT_STALE_MINUTES", 15)

# Database sessions (revoked at once in every process) that name their user.
SESSION_ENGINE = "runback.web.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("RUNBACK_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RUNBACK_LOG_LEVEL", "WARNING")},
}
