"""Sanxiang settings: one module, driven by environment variables.

With no environment at all it runs embedded (SQLite under ./var, local files, generated secret key).
Set SANXIANG_ENV=production and the production values become mandatory; a missing or malformed one
stops start-up with a message naming the variable (see docs/operations.md).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from sanxiang.env import ConfigError, env_bool, env_int, env_list, env_parsed, env_str
from sanxiang.portal.dbrole import portal_database

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("SANXIANG_DATA_DIR", str(BASE_DIR / "var")))

MODE = env_str("SANXIANG_ENV", "embedded")
if MODE not in {"embedded", "production"}:
    raise ConfigError(f"SANXIANG_ENV 只能是 embedded 或 production，实际为 {MODE!r}")
PRODUCTION = MODE == "production"


def _embedded_secret_key() -> str:
    """A per-installation key kept in the data folder, so sessions survive restarts."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env_str("SANXIANG_SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50:
        raise ConfigError(
            "环境变量 SANXIANG_SECRET_KEY 太短：至少 50 个字符 (must be at least 50 characters)"
        )
    DEBUG = env_bool("SANXIANG_DEBUG", False)
    if DEBUG:
        raise ConfigError("生产模式下不得开启 SANXIANG_DEBUG (DEBUG must be off in production)")
    ALLOWED_HOSTS = env_list("SANXIANG_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ConfigError("环境变量 SANXIANG_ALLOWED_HOSTS 未设置 (required in production)")
    env_str("DATABASE_URL", required=True)
else:
    SECRET_KEY = env_str("SANXIANG_SECRET_KEY") or _embedded_secret_key()
    DEBUG = env_bool("SANXIANG_DEBUG", False)
    ALLOWED_HOSTS = env_list("SANXIANG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("SANXIANG_CSRF_TRUSTED_ORIGINS")


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=env_int("SANXIANG_DB_CONN_MAX_AGE", 60, minimum=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # DUR-01: WAL with synchronous=FULL keeps acknowledged commits across power loss;
        # IMMEDIATE transactions take the write lock up front, so concurrent writers queue
        # instead of failing with "database is locked" on lock upgrade.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        config["CONN_MAX_AGE"] = 0
    return config


_default_db_url = f"sqlite:///{DATA_DIR / 'sanxiang.sqlite3'}"
DATABASES = {
    "default": env_parsed(
        "DATABASE_URL",
        _database,
        _database(_default_db_url),
        "数据库 URL，例如 postgres://user@host:5432/name",
    )
}
# PUB-04: public pages read through their own alias, ideally as a role that sees only published tables
# (docs/portal.md); unset, it mirrors default (SQLite opened read-only).
_portal_db = env_parsed("SANXIANG_PORTAL_DATABASE_URL", _database, None, "数据库 URL（门户只读角色）")
DATABASES["portal"] = portal_database(DATABASES["default"], _portal_db)
DATABASE_ROUTERS = ["sanxiang.portal.routers.PortalRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "sanxiang.orgs.apps.SanxiangAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "sanxiang.core",
    "sanxiang.workdays",
    "sanxiang.ledger",
    "sanxiang.orgs",
    "sanxiang.cases",
    "sanxiang.review",
    "sanxiang.documents",
    "sanxiang.evidence",
    "sanxiang.archive",
    "sanxiang.disclosure",
    "sanxiang.publication",
    "sanxiang.supervision",
    "sanxiang.evaluation",
    "sanxiang.notifications",
    "sanxiang.annualreport",
    "sanxiang.portal",
    "sanxiang.api",
    "sanxiang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Rate limits and the page cache of the public portal (/portal, /api/v1/public); docs/portal.md.
    "sanxiang.portal.middleware.PortalMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sanxiang.orgs.middleware.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that only the view runs inside: public reads go to the portal alias (PUB-04).
    "sanxiang.portal.routers.PortalReadMiddleware",
]

ROOT_URLCONF = "sanxiang.urls"
WSGI_APPLICATION = "sanxiang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanxiang.notifications.context_processors.unread",
            ],
        },
    }
]

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:my_cases"
LOGOUT_REDIRECT_URL = "login"

# AUTH-02: length >= 12, up to 128 accepted untruncated, common/context words rejected,
# character classes as the 等保 evaluator expects (deviation from ASVS V6.2.5 recorded in docs/security.md).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sanxiang.orgs.passwords.CharacterClassValidator"},
    {"NAME": "sanxiang.orgs.passwords.ContextWordValidator"},
    {"NAME": "sanxiang.orgs.passwords.MaximumLengthValidator"},
]

# AUTH-03: 5 failures for the same username+IP lock for 15 minutes; the reply looks like a wrong password.
AXES_FAILURE_LIMIT = env_int("SANXIANG_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sanxiang.orgs.views.lockout_response"
AXES_VERBOSE = False

# AUTH-04: idle timeout and absolute lifetime (seconds).
SESSION_IDLE_TIMEOUT = env_int("SANXIANG_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_COOKIE_AGE = env_int("SANXIANG_SESSION_MAX_SECONDS", 12 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_HSTS_SECONDS = env_int("SANXIANG_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SANXIANG_SSL_REDIRECT", True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_ROOT = Path(env_str("SANXIANG_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Evidence storage (docs/evidence.md): local files by default; S3-compatible when
# SANXIANG_EVIDENCE_S3_BUCKET is set.
_EVIDENCE_BUCKET = env_str("SANXIANG_EVIDENCE_S3_BUCKET")
if _EVIDENCE_BUCKET:
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _EVIDENCE_BUCKET,
            "endpoint_url": env_str("SANXIANG_EVIDENCE_S3_ENDPOINT"),
            "access_key": env_str("SANXIANG_EVIDENCE_S3_ACCESS_KEY", required=True),
            "secret_key": env_str("SANXIANG_EVIDENCE_S3_SECRET_KEY", required=True),
            "region_name": env_str("SANXIANG_EVIDENCE_S3_REGION", "us-east-1"),
            "location": env_str("SANXIANG_EVIDENCE_S3_PREFIX", "sanxiang"),
            "addressing_style": env_str("SANXIANG_EVIDENCE_S3_ADDRESSING", "path"),
            "file_overwrite": True,  # content-addressed: same key, same bytes
            "querystring_auth": False,  # no presigned URLs: every read goes through the app
            "default_acl": None,
        },
    }
else:
    STORAGES["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
SANXIANG_UPLOAD_TMP = Path(env_str("SANXIANG_UPLOAD_TMP", str(DATA_DIR / "uploads-tmp")))
SANXIANG_EVIDENCE_MAX_BYTES = env_int("SANXIANG_EVIDENCE_MAX_BYTES", 8 * 1024**3, minimum=1)
WHITENOISE_AUTOREFRESH = DEBUG

# Where the ledger's signing key lives: outside the database by design (issue 3, AUD-04).
LEDGER_ORIGIN = env_str("SANXIANG_LEDGER_ORIGIN", "sanxiang/ledger")
LEDGER_KEY_PATH = Path(env_str("SANXIANG_LEDGER_KEY", str(DATA_DIR / "keys" / "ledger-ed25519.pem")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SANXIANG_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# The public portal's own address, for QR codes made outside a request (position boards in a job).
SANXIANG_PUBLIC_URL = env_str("SANXIANG_PUBLIC_URL", "")
# Complaints (evaluation app): handling period in working days; rate limits are Django settings
# (SANXIANG_COMPLAINT_RATE / SANXIANG_TRACK_RATE as (requests, seconds)) counted in the cache.
SANXIANG_COMPLAINT_WORKDAYS = env_int("SANXIANG_COMPLAINT_WORKDAYS", 15, minimum=1)

# Notifications (docs/notifications.md): always in the staff inbox; by e-mail too when switched on.
# With SANXIANG_EMAIL_HOST set, mail goes out over SMTP; without it, embedded mode writes each message
# as a file under var/mail (no mail server needed) and production sends none.
EMAIL_HOST = env_str("SANXIANG_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("SANXIANG_EMAIL_PORT", 465, minimum=1)
    EMAIL_HOST_USER = env_str("SANXIANG_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("SANXIANG_EMAIL_PASSWORD", "")
    EMAIL_USE_SSL = env_bool("SANXIANG_EMAIL_SSL", EMAIL_PORT == 465)
    EMAIL_USE_TLS = env_bool("SANXIANG_EMAIL_STARTTLS", not EMAIL_USE_SSL)
    if EMAIL_USE_SSL and EMAIL_USE_TLS:
        raise ConfigError("SANXIANG_EMAIL_SSL 与 SANXIANG_EMAIL_STARTTLS 不能同时开启 (choose one)")
    EMAIL_TIMEOUT = env_int("SANXIANG_EMAIL_TIMEOUT", 10, minimum=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("SANXIANG_EMAIL_FROM", "三项平台 <noreply@localhost>")
SANXIANG_NOTIFY_EMAIL = env_bool("SANXIANG_NOTIFY_EMAIL", bool(EMAIL_HOST) or not PRODUCTION)
if PRODUCTION and SANXIANG_NOTIFY_EMAIL and not EMAIL_HOST:
    raise ConfigError("开启 SANXIANG_NOTIFY_EMAIL 需要设置 SANXIANG_EMAIL_HOST (SMTP server required)")
# The staff site's address, put before the links in e-mails (e.g. https://sanxiang.example.gov.cn).
SANXIANG_STAFF_URL = env_str("SANXIANG_STAFF_URL", "")
