"""Django settings, built from :func:`ecc_atlas.config.load_settings`.

The data home, database URL and secret key come from the environment (the CLI sets them
from its options before Django starts).
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from ecc_atlas.config import load_settings

_settings = load_settings()

ECC_ATLAS = _settings
BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = _settings.secret_key or _settings.stored_secret_key()
if not SECRET_KEY and "PYTEST_VERSION" in os.environ:
    SECRET_KEY = "test-suite-only-key-" + "x" * 40
if not SECRET_KEY:
    # No working default: `ecc-atlas init` writes a random key into the data home.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"No secret key: set ECC_ATLAS_SECRET_KEY or run `ecc-atlas init --home {_settings.home}`."
    )


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def _serving() -> bool:
    """True in the production server (`ecc-atlas serve` / `demo`, or gunicorn itself)."""
    program = Path(sys.argv[0]).name if sys.argv else ""
    return program.startswith("gunicorn") or any(a in {"serve", "demo"} for a in sys.argv[1:2])


# DEBUG never reaches the production server, whatever ECC_ATLAS_DEBUG says.
DEBUG = _settings.debug and not _serving()
TLS = os.environ.get("ECC_ATLAS_TLS", "0").strip().lower() in {"1", "true", "yes"}
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ECC_ATLAS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ecc_atlas.web.registry",
    "ecc_atlas.web.dashboard",
    "ecc_atlas.web.accounts",
    "ecc_atlas.web.survey",
    "ecc_atlas.web.collaboration",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ecc_atlas.web.accounts.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ecc_atlas.web.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last: turns django-axes' lock-out flag into the lock-out page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ecc_atlas.web.urls"
WSGI_APPLICATION = "ecc_atlas.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ecc_atlas.web.accounts.context_processors.workspace",
            ],
        },
    },
]

_database = dj_database_url.parse(_settings.database_url, conn_max_age=0)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if os.environ.get("ECC_ATLAS_TEST_DATABASE_NAME"):
    _database["TEST"] = {"NAME": os.environ["ECC_ATLAS_TEST_DATABASE_NAME"]}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = _settings.home / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- accounts, sessions, sign-in throttling (docs/security.md) -------------------------------
AUTHENTICATION_BACKENDS = [
    "ecc_atlas.web.accounts.backends.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts-account"
LOGOUT_REDIRECT_URL = None

SESSION_COOKIE_AGE = _env_int("ECC_ATLAS_SESSION_IDLE_SECONDS", 2 * 60 * 60)  # idle limit
SESSION_SAVE_EVERY_REQUEST = True  # the idle limit restarts with every request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ECC_ATLAS_SESSION_MAX_SECONDS = _env_int("ECC_ATLAS_SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# django-axes: the database handler works the same on SQLite and PostgreSQL.
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = _env_int("ECC_ATLAS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("ECC_ATLAS_LOGIN_COOLOFF_MINUTES", 15))
# locked when either the client address or the user name has too many recent failures
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ecc_atlas.web.accounts.views.lockout"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = _env_int("ECC_ATLAS_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

# --- web hardening ------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if TLS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_SSL_REDIRECT = True
    # a reverse proxy that terminates TLS must set (and strip incoming) X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT: list[str] = []

# Content-Security-Policy (django-csp): no inline or third-party scripts anywhere. Styles allow
# 'unsafe-inline' because vega-embed and the Swagger UI inject <style> elements and Vega's SVG
# sets style attributes; inline CSS cannot run code (see docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No 'unsafe-eval': dashboard.js runs vega-embed with `ast: true` (its expression
        # interpreter) instead of letting Vega compile expressions with `new Function`.
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Upload limits: the whole request body, and what Django parses in memory.
ECC_ATLAS_MAX_UPLOAD_BYTES = _env_int("ECC_ATLAS_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Larger uploads are spooled inside the data home (its disk, its permissions), not in /tmp.
_spool = _settings.home / "uploads" / ".spool"
if _settings.home.is_dir():
    _spool.mkdir(parents=True, exist_ok=True)
    FILE_UPLOAD_TEMP_DIR = str(_spool)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"ecc_atlas": {"level": "INFO"}},
}
