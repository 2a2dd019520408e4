"""The one settings module, driven by environment variables.

GONGKAI_HOME   where the embedded SQLite database and uploaded files live (default: ./var)
DATABASE_URL   e.g. postgres://postgres@127.0.0.1:5432/gongkai (default: SQLite in GONGKAI_HOME)
SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_URL-style settings (EMAIL_HOST, EMAIL_PORT, ...)

The one switch between development and production is ``GONGKAI_ENV``:

- unset or ``development`` (the default): what ``python3 dev.py up`` and the tests run. A fixed development
  SECRET_KEY is used when none is given, cookies are not marked Secure, there is no HTTPS redirect.
- ``production``: the site is served over HTTPS (directly or behind a reverse proxy). Start-up is refused
  (ImproperlyConfigured) when DEBUG is on, when SECRET_KEY is missing, is the development key or is weak
  (under 50 characters), or when ALLOWED_HOSTS is not given. Defaults become: SECURE_SSL_REDIRECT on,
  SECURE_HSTS_SECONDS one year with SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_PRELOAD, Secure session
  and CSRF cookies (SECURE_COOKIES). Each can still be set by the variable of the same name.
  ``gongkai systemcheck --deploy --fail-level WARNING`` passes with these defaults.

Behind a reverse proxy that terminates TLS, set ``SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https``
(the proxy must set that header and strip it from clients) and ``GONGKAI_TRUSTED_PROXIES=1`` (how many
proxies in front append to X-Forwarded-For: the rate limits and the login lockout then count the client's
address, not the proxy's).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("GONGKAI_HOME", Path.cwd() / "var")).resolve()
HOME.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str) -> list[str]:
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


GONGKAI_ENV = os.environ.get("GONGKAI_ENV", "development").strip().lower() or "development"
if GONGKAI_ENV not in ("development", "production"):
    raise ImproperlyConfigured(
        f"GONGKAI_ENV 只能是 development 或 production（当前为 {GONGKAI_ENV!r}）。"
        f" / GONGKAI_ENV must be 'development' or 'production', not {GONGKAI_ENV!r}."
    )
PRODUCTION = GONGKAI_ENV == "production"
DEV_SECRET_KEY = "insecure-dev-key-change-me-in-production-gongkai"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured(
            "生产环境（GONGKAI_ENV=production）不得开启 DEBUG，请删除 DEBUG 环境变量或设为 0。"
            " / DEBUG must be off in production (GONGKAI_ENV=production)."
        )
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "生产环境必须通过环境变量 SECRET_KEY 提供随机密钥（至少50个字符），不得使用开发用的默认密钥。"
            "可用以下命令生成：python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
            " / In production (GONGKAI_ENV=production) SECRET_KEY must come from the environment: a random value"
            " of at least 50 characters, never the development default."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "生产环境必须通过环境变量 ALLOWED_HOSTS 指定网站域名（多个用逗号分隔）。"
            " / In production ALLOWED_HOSTS must list the site's host names (comma-separated)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "gongkai.agencies",
    "gongkai.catalogue",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.letters",
    "gongkai.reports",
    "gongkai.auditor",
    "gongkai.supervision",
    "gongkai.records",
    "gongkai.redaction",
    "gongkai.portal",
    "gongkai.office",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.agencies.context.staff",
                "gongkai.agencies.context.law",
            ],
            "string_if_invalid": "",
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'gongkai.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # Persistent per-thread connections: opening SQLite and reading a large schema per request is costly.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]
LOGIN_URL = "/office/login/"
LOGIN_REDIRECT_URL = "/office/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["gongkai.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", HOME / "media"))
MEDIA_URL = "/media/"  # never served directly: downloads go through access-checked views
# Stored files (attachments, letters, letter templates) go through Django's storage API: local disk in
# MEDIA_ROOT by default; an S3-compatible object store (django-storages) with GONGKAI_STORAGE=s3, shared by
# several app servers. Downloads are read through the storage by the access-checked views and sent by the
# site itself: the bucket stays private (no public ACL, no links to it are ever handed out).
GONGKAI_STORAGE = os.environ.get("GONGKAI_STORAGE", "local").strip().lower() or "local"
if GONGKAI_STORAGE == "local":
    _file_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif GONGKAI_STORAGE == "s3":
    if not os.environ.get("GONGKAI_S3_BUCKET"):
        raise ImproperlyConfigured(
            "GONGKAI_STORAGE=s3 需要用 GONGKAI_S3_BUCKET 指定存储桶（另可设 GONGKAI_S3_ENDPOINT_URL 等）。"
            " / GONGKAI_STORAGE=s3 needs GONGKAI_S3_BUCKET."
        )
    _s3: dict[str, object] = {
        "bucket_name": os.environ["GONGKAI_S3_BUCKET"],
        "endpoint_url": os.environ.get("GONGKAI_S3_ENDPOINT_URL") or None,  # the private cloud's S3 endpoint
        "region_name": os.environ.get("GONGKAI_S3_REGION") or None,
        "location": os.environ.get("GONGKAI_S3_PREFIX", ""),  # a folder of the bucket for this installation
        "addressing_style": os.environ.get("GONGKAI_S3_ADDRESSING_STYLE", "path"),  # most on-premise stores
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,  # a name in use gets a new one, as on disk: a letter never replaces another
        "verify": env_bool("GONGKAI_S3_VERIFY_TLS", True),
    }
    # Keys from these variables, else boto3's own chain (AWS_ACCESS_KEY_ID ..., an instance role).
    if os.environ.get("GONGKAI_S3_ACCESS_KEY"):
        _s3["access_key"] = os.environ["GONGKAI_S3_ACCESS_KEY"]
        _s3["secret_key"] = os.environ.get("GONGKAI_S3_SECRET_KEY", "")
    _file_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
else:
    raise ImproperlyConfigured(
        f"GONGKAI_STORAGE 只能是 local 或 s3（当前为 {GONGKAI_STORAGE!r}）。 / GONGKAI_STORAGE must be 'local' or 's3'."
    )
STORAGES = {
    "default": _file_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads are bounded (issue: security). Per-file limits are enforced by the forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
GONGKAI_UPLOAD_MAX_BYTES = int(os.environ.get("GONGKAI_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
GONGKAI_UPLOAD_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt", "zip", "ofd"]
# Public catalogue pages are cached under a version token that every change of public content replaces
# (gongkai/catalogue/pagecache.py); this bounds the life of a fragment, 0 turns the cache off.
GONGKAI_PAGE_CACHE_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "300"))
# The cache (the public pages' fragments, report renderings). By default files beside the database, shared
# by one server's processes: nothing to install. With several app servers set GONGKAI_CACHE_URL to a Redis
# they share (redis://host:6379/0; rediss:// for TLS); GONGKAI_CACHE_PREFIX keeps installations sharing
# one Redis apart. The page-cache tokens stay in the database (gongkai/catalogue/pagecache.py): they change
# in the transaction that changes public content, which Redis cannot take part in.
GONGKAI_CACHE_URL = os.environ.get("GONGKAI_CACHE_URL", "").strip()
if GONGKAI_CACHE_URL:
    if not GONGKAI_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"GONGKAI_CACHE_URL 必须是 Redis 地址（如 redis://127.0.0.1:6379/0），当前为 {GONGKAI_CACHE_URL!r}。"
            f" / GONGKAI_CACHE_URL must be a Redis URL (redis://host:port/db)."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GONGKAI_CACHE_URL,
            "KEY_PREFIX": os.environ.get("GONGKAI_CACHE_PREFIX", "gongkai"),
            # a Redis that does not answer costs a page its cache (pagecache logs it), not a hung request
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("GONGKAI_CACHE_DIR", str(HOME / "cache")),
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("GONGKAI_CACHE_ENTRIES", "5000"))},
        }
    }
# Per-address hourly limits of the public forms (gongkai/applications/throttle.py).
GONGKAI_APPLY_PER_HOUR = int(os.environ.get("GONGKAI_APPLY_PER_HOUR", "5"))
GONGKAI_TRACK_PER_HOUR = int(os.environ.get("GONGKAI_TRACK_PER_HOUR", "30"))
GONGKAI_CORRECT_PER_HOUR = int(os.environ.get("GONGKAI_CORRECT_PER_HOUR", "10"))
GONGKAI_FEE_PER_HOUR = int(os.environ.get("GONGKAI_FEE_PER_HOUR", "10"))
GONGKAI_WITHDRAW_PER_HOUR = int(os.environ.get("GONGKAI_WITHDRAW_PER_HOUR", "5"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# HTTPS (see the module docstring): on by default in production, each overridable by its own variable.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "gongkai.portal.views.csrf_failure"  # Django's page is half English and names CSRF
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER 的格式为“请求头,取值”，如 HTTP_X_FORWARDED_PROTO,https。"
            " / SECURE_PROXY_SSL_HEADER must be 'HEADER,value', e.g. HTTP_X_FORWARDED_PROTO,https."
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_header[0], _proxy_header[1])
# How many reverse proxies in front of the site append to X-Forwarded-For (0: the client is REMOTE_ADDR).
# The rate limits and the login lockout count by that address (gongkai/agencies/client.py).
GONGKAI_TRUSTED_PROXIES = int(os.environ.get("GONGKAI_TRUSTED_PROXIES", "0"))
# Staff sign-in lockout (gongkai/agencies/lockout.py): this many failures per user name and address within
# this many minutes lock that user name out from that address for the rest of the window.
GONGKAI_LOGIN_FAILURES = int(os.environ.get("GONGKAI_LOGIN_FAILURES", "5"))
GONGKAI_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", "15"))
# ... and this many failures from one address, whatever the user names, refuse that address (0: no cap).
GONGKAI_LOGIN_ADDRESS_FAILURES = int(os.environ.get("GONGKAI_LOGIN_ADDRESS_FAILURES", "20"))
# No page of the site is shown in a frame, its own or another site's.
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (gongkai/csp.py): only the site's own scripts and styles, nothing inline.
GONGKAI_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
