"""Settings of the mentoring portal, read from the environment.

No variables at all gives the embedded default: a SQLite file under ``var/`` and
Celery tasks run eagerly in-process. ``DATABASE_URL`` switches to PostgreSQL,
``REDIS_URL`` to a Redis broker, result backend and cache with a real worker.
A malformed value raises ``ImproperlyConfigured`` at start.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue
from whitenoise.compress import Compressor as WhiteNoiseCompressor

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    """Read a yes/no variable; raises ImproperlyConfigured on anything else."""
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: int) -> int:
    """Read an integer variable; raises ImproperlyConfigured when not a number."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


# --- Core -------------------------------------------------------------------

DEBUG = envbool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not os.environ.get("PYTEST_VERSION"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (make run sets a "
            "development key together with DEBUG=true)."
        )
    SECRET_KEY = "insecure-development-key-not-for-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG or not ALLOWED_HOSTS:
    ALLOWED_HOSTS += ["localhost", "127.0.0.1", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "import_export",
    "health_check",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "dbbackup",
    "mentoring.apps.AuditTrailConfig",  # django-auditlog
    "mentoring",
    "participants",
    "pairs",
    "roadmap",
    "surveys",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # static files (hashed, compressed, cached for ever) before anything else runs
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mentoring.accounts.sessions.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # the audit trail's actor and IP address (mentoring.middleware, after auth)
    "mentoring.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # the second factor before any page (mentoring.accounts); axes answers lockouts, last
    "mentoring.accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
                "mentoring.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# DATABASE_URL=postgres://user@host:5432/name selects PostgreSQL (psycopg 3).

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    if urlparse(_database_url).scheme not in ("postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a postgres:// URL, got scheme {urlparse(_database_url).scheme!r}"
        )
    try:
        DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from exc
    if not DATABASES["default"].get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL must name a database")
else:
    # the embedded default keeps its file in DATA_DIR, made on first start
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }

# --- Celery, cache ------------------------------------------------------------
# REDIS_URL=redis://host:6379/0 makes Redis the broker, result backend and cache;
# without it tasks run eagerly in the web process (the embedded default).

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# How long the web process waits for Redis (broker and cache) before it gives
# up: connecting, then each command. A page that queues a job checks the broker
# first (mentoring.jobs.require_background) and answers within about a second.
REDIS_CONNECT_TIMEOUT_MS = envint("REDIS_CONNECT_TIMEOUT_MS", 500)
REDIS_SOCKET_TIMEOUT_MS = envint("REDIS_SOCKET_TIMEOUT_MS", 2000)
if REDIS_CONNECT_TIMEOUT_MS <= 0 or REDIS_SOCKET_TIMEOUT_MS <= 0:
    raise ImproperlyConfigured("REDIS_CONNECT_TIMEOUT_MS and REDIS_SOCKET_TIMEOUT_MS must be positive")
if REDIS_URL:
    if urlparse(REDIS_URL).scheme not in ("redis", "rediss"):
        raise ImproperlyConfigured(f"REDIS_URL must be a redis:// URL, got {REDIS_URL!r}")
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # django-redis answers "nothing cached" (and logs) instead of failing when
    # Redis is down, with the same short timeouts: pages keep working. The portal
    # caches only what it can do without (import progress).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT_MS / 1000,
                "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT_MS / 1000,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions are read from Redis and written through to PostgreSQL (cached_db):
    # a request needs no session query, and while Redis is away the cache answers
    # as empty, so sessions come from the database and nobody is logged out. The
    # cache-only engine would lose every session with Redis and fail each login
    # ("unable to create a new session key") until Redis is back.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Publishing fails at once when the broker is down (kombu would otherwise retry
# for seconds); mentoring/jobs.py then marks the job failed, it never runs it in
# the web process. The socket timeouts bound a broker that stopped answering.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT_MS / 1000,
    "socket_timeout": REDIS_SOCKET_TIMEOUT_MS / 1000,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT_MS / 1000
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT_MS / 1000
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "Europe/Moscow"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Two queues (README, "Scaling out"): "heavy" for the long jobs (matching, imports,
# reports, documents), "light" for the short ones (mail, reminders, housekeeping),
# so that a worker kept for light jobs answers while a territory report is built.
# A worker without -Q consumes both (serve.sh and make worker pass CELERY_QUEUES,
# both by default); other machines run `celery -A mentoring worker -Q heavy` or
# `-Q light`. The health check wants a worker on each declared queue. Every task of
# the portal is routed here by name (mentoring/tests/test_task_routes.py); any
# other (Celery's own) goes to the default queue, light.
CELERY_TASK_QUEUES = (Queue("heavy"), Queue("light"))
CELERY_TASK_DEFAULT_QUEUE = "light"
_HEAVY_TASKS = (
    "pairs.run_matching",
    "participants.check_import",
    "participants.apply_import",
    "participants.render_consent_forms",
    "reports.build_report",
    "reports.build_territory_report",
    "reports.render_order_files",
    "mentoring.purge_audit_trail",  # deletes up to years of entries: up to 30 min
)
_LIGHT_TASKS = (
    "pairs.remind_inactive_pairs",
    "pairs.notify_invitation",
    "participants.purge_consent_form_batches",
    "participants.notify_listing_update",
    "participants.expire_territory_listings",
    "reports.remind_late_monitoring",
)
CELERY_TASK_ROUTES = {
    **{name: {"queue": "heavy"} for name in _HEAVY_TASKS},
    **{name: {"queue": "light"} for name in _LIGHT_TASKS},
}
# Periodic jobs, run by `celery -A mentoring worker -B` (make worker), in
# CELERY_TIMEZONE: the cadence reminder to mentors (seed 000 6.4), daily.
CADENCE_REMINDER_HOUR = envint("CADENCE_REMINDER_HOUR", 9)
if not 0 <= CADENCE_REMINDER_HOUR <= 23:
    raise ImproperlyConfigured("CADENCE_REMINDER_HOUR must be an hour, 0-23")
CELERY_BEAT_SCHEDULE = {
    "pairs-remind-inactive-pairs": {
        "task": "pairs.remind_inactive_pairs",
        "schedule": crontab(hour=CADENCE_REMINDER_HOUR, minute=0),
    },
}

# --- Redelivery of jobs -------------------------------------------------------
# Every task acknowledges its message only when it is over (acks_late). If the
# whole worker dies (killed, machine lost) the Redis transport keeps the message
# as "unacknowledged" and a worker gives it back to the queue once it is older
# than CELERY_VISIBILITY_TIMEOUT seconds (kombu's visibility_timeout; a worker
# looks at startup and then about every 100 s). It must be longer than the
# longest hard time limit of a task (660 s, the report build) — otherwise a job
# still running is handed to a second worker too; 3600 s by default. (A dead pool process of a
# living worker is handled at once: reject_on_worker_lost requeues its job.)

CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", 3600)
if CELERY_VISIBILITY_TIMEOUT < 1:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must be at least 1 second")
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = CELERY_VISIBILITY_TIMEOUT

# --- Accounts -------------------------------------------------------------------
# The portal holds personal data of students, minors among them (152-ФЗ); the
# director signs orders. Values are documented in the README, "Accounts and security".

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # refuses a locked-out user + address before any password is checked
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions: an idle timeout, not a fixed day. Requests move the expiry on
# (mentoring.accounts.sessions.IdleSessionMiddleware: at most every 5 minutes,
# instead of SESSION_SAVE_EVERY_REQUEST's write on every request), so
# SESSION_COOKIE_AGE is the time a session survives untouched: 2 hours by
# default, longer than a double lesson (90 min) away from the desk, short
# enough that a browser left open on a shared staff-room computer logs out the
# same afternoon. The cookie itself lives only until the browser is closed.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 2 * 60 * 60)
SESSION_IDLE_REFRESH_SECONDS = 5 * 60
if SESSION_COOKIE_AGE < 2 * SESSION_IDLE_REFRESH_SECONDS:
    raise ImproperlyConfigured("SESSION_COOKIE_AGE must be at least 600 seconds")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Brute force (django-axes): 5 wrong passwords for one username from one client
# address lock that pair for 30 minutes counted from the last failure; a correct
# password clears the count. Wrong one-time feedback-link tokens count per
# address the same way (mentoring.accounts.lockout). The administrator unlocks
# by deleting the "Access attempts" rows in the admin. The address is the one
# TRUSTED_PROXY_COUNT (Audit trail block) says, as in the audit trail.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# attempts during a lockout do not extend it: the message promises 30 minutes
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "mentoring.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "mentoring.accounts.client_ip.client_ip_address"

# Two-factor login (django-otp, TOTP): the director, the administrator and
# Django staff may turn it on at /account/two-factor/; TWO_FACTOR_REQUIRED=true
# makes them set it up before any other page opens.
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Наставничество").strip()
# django-otp's exponential delay after wrong codes (1, 2, 4 … seconds) stays on
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Internationalisation -----------------------------------------------------

LANGUAGE_CODE = "ru"
# The interface is Russian whatever the browser asks for; msgids are English.
LANGUAGES = [("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
# whitenoise serves STATIC_ROOT from the web process: `collectstatic` (make serve
# runs it) writes hashed names with gzip and brotli twins, served with
# "Cache-Control: max-age=315360000, public, immutable". With DEBUG the storage
# hands out the plain names and whitenoise reads the source folders, so make run
# needs no collectstatic. Without DEBUG a page needs the manifest: the test suite
# swaps in the plain storage (conftest.py), as Django's docs advise for this one.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# source maps are fetched only by a browser's developer tools: not worth compressing
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*WhiteNoiseCompressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Where uploaded and generated files live (README, "Scaling out"). MEDIA_STORAGE=local
# (the default) keeps them under MEDIA_ROOT; MEDIA_STORAGE=s3 (or AWS_STORAGE_BUCKET_NAME
# set alone) in one S3-compatible bucket that every web and worker machine shares
# (django-storages): AWS_S3_ENDPOINT_URL for a non-Amazon service (MinIO, Yandex
# Object Storage, ...), AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
# (else boto3's own chain: instance role, ~/.aws), AWS_LOCATION a folder in the bucket.
# Files are never served from the bucket: every download goes through a view that
# checks permissions, so the bucket stays private. An existing name is never
# overwritten (a random suffix, as on disk).


def s3_media_storage(env) -> dict:
    """The STORAGES entry of MEDIA_STORAGE=s3, read from the mapping ``env``
    (the environment); raises ImproperlyConfigured on a missing bucket or a
    malformed value."""
    def read(name: str) -> str | None:
        return env.get(name, "").strip() or None

    options = {
        "bucket_name": read("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": read("AWS_S3_ENDPOINT_URL"),
        "region_name": read("AWS_S3_REGION_NAME"),
        "access_key": read("AWS_ACCESS_KEY_ID"),
        "secret_key": read("AWS_SECRET_ACCESS_KEY"),
        "location": (read("AWS_LOCATION") or "").strip("/"),
        "addressing_style": read("AWS_S3_ADDRESSING_STYLE"),
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        # larger files are spooled to a temporary file while read or written
        "max_memory_size": 10 * 1024 * 1024,
    }
    if not options["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    if options["endpoint_url"] and urlparse(options["endpoint_url"]).scheme not in ("http", "https"):
        raise ImproperlyConfigured(
            f"AWS_S3_ENDPOINT_URL must be an http(s):// URL, got {options['endpoint_url']!r}")
    if options["addressing_style"] not in (None, "path", "virtual", "auto"):
        raise ImproperlyConfigured("AWS_S3_ADDRESSING_STYLE must be path, virtual or auto")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "").strip().lower() or (
    "s3" if os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip() else "local"
)
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = s3_media_storage(os.environ)
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, got {MEDIA_STORAGE!r}")
# Uploads above this size are refused before parsing (bytes).
IMPORT_MAX_UPLOAD_BYTES = envint("IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Any uploaded file larger than this is skipped while it arrives (mentoring/uploads.py).
MAX_UPLOAD_BYTES = max(IMPORT_MAX_UPLOAD_BYTES, 5 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "mentoring.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Backup -----------------------------------------------------------------------
# make backup / make restore (mentoring/backups.py, django-dbbackup): the database
# and MEDIA_ROOT into one timestamped folder of BACKUP_DIR per backup.

BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", DATA_DIR / "backups")).resolve()
# dbbackup's own commands (dbbackup, listbackups, ...) use the same folder.
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_DIR)},
}
# SQLite is restored through the online backup API into the open connection.
DBBACKUP_CONNECTOR_MAPPING = {
    "django.db.backends.sqlite3": "mentoring.backups.SqliteOnlineConnector",
}
# pg_restore: the restoring role owns the objects (a new machine may have another).
DBBACKUP_CONNECTORS = {"default": {"PG_OPTIONS": "--no-owner --no-privileges"}}
DBBACKUP_SEND_EMAIL = False

# --- Forms ------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------
# Content Security Policy: everything from our own origin, no inline script.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
# the CSRF token reaches htmx through the page (base.html), never from the cookie
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS=true: people reach the portal over HTTPS through a reverse proxy (nginx,
# a load balancer) that sets "X-Forwarded-Proto: https" on what it forwards and
# strips it from what clients send. Then plain-http requests are redirected,
# cookies are secure and browsers are told to use HTTPS only (HSTS; HSTS_PRELOAD
# is only a consent to the browsers' preload list: nothing happens unless the
# domain's owner submits the domain there). The health check stays reachable
# over plain http for the proxy's and the supervisor's probes.
if "SECURE_COOKIES" in os.environ:
    raise ImproperlyConfigured(
        "SECURE_COOKIES is replaced by HTTPS=true (secure cookies, HTTPS redirect "
        "behind a proxy, HSTS): set HTTPS instead"
    )
HTTPS = envbool("HTTPS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 365 * 24 * 60 * 60) if HTTPS else 0
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured("HSTS_SECONDS must be 0 or more")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "true")

# --- Health check -----------------------------------------------------------------
# GET /healthz/ (mentoring/health.py, django-health-check): 200 when every check
# answers, 500 otherwise. The worker is checked only with REDIS_URL: the embedded
# default has no worker (tasks run in the web process), and with Redis a portal
# whose worker is down cannot render orders or reports, so it is not healthy.

HEALTH_CHECKS = [
    "health_check.checks.Database",
    "health_check.checks.Cache",
    "health_check.checks.Storage",
]
if REDIS_URL:
    HEALTH_CHECKS.append("mentoring.health.Worker")

# --- E-mail -----------------------------------------------------------------------

# Messages go to the console unless EMAIL_HOST names an SMTP server (or
# EMAIL_BACKEND names another backend, e.g. the file-based one with EMAIL_FILE_PATH).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "").strip() or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
EMAIL_PORT = envint("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
# seconds; a hanging SMTP server must not hold a worker for ever
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mentoring@localhost")
# The portal's address as people open it: links in e-mails are absolute.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").strip().rstrip("/")
if urlparse(PORTAL_URL).scheme not in ("http", "https") or not urlparse(PORTAL_URL).netloc:
    raise ImproperlyConfigured(f"PORTAL_URL must be an http(s):// address, got {PORTAL_URL!r}")

# --- Audit trail ----------------------------------------------------------------------
# One trail (django-auditlog's LogEntry) for every create/update/delete of the models
# below and for the portal's domain events (mentoring.services.log_action). Noise
# fields (auto timestamps, progress counters, big frozen JSON) are not tracked; the
# password hash is tracked as a change but masked. Bulk writes send no signals: the
# import's event entry (one per batch, with counts) stands for its rows.

def _tracked(model: str, *, exclude: tuple[str, ...] = (), m2m: tuple[str, ...] = (), **options):
    return {"model": model, "exclude_fields": list(exclude), "m2m_fields": list(m2m), **options}


AUDITLOG_INCLUDE_TRACKING_MODELS = (
    _tracked("auth.User", exclude=("last_login",), mask_fields=["password"],
             mask_callable="mentoring.audit.mask_secret"),
    _tracked("mentoring.Territory"),
    _tracked("mentoring.Organization"),
    _tracked("mentoring.Membership"),
    _tracked("mentoring.Programme", m2m=("forms", "kinds")),
    _tracked("participants.Participant", exclude=("updated_at",)),
    _tracked("participants.Consent"),
    _tracked("participants.DataErasure"),
    _tracked("participants.Mentor"),
    _tracked("participants.MentorTraining"),
    _tracked("participants.PortfolioItem"),
    _tracked("participants.Mentee"),
    _tracked("participants.MenteeRequest"),
    _tracked("participants.FamilyTie"),
    _tracked("participants.ApplicantImport", exclude=("report", "progress")),
    _tracked("participants.ColumnMapping"),
    _tracked("participants.MentorListing", m2m=("forms",)),
    _tracked("pairs.MentorInvitation"),
    _tracked("pairs.Pair", exclude=("reminded_at", "score_detail"), m2m=("mentees",)),
    _tracked("pairs.Meeting"),
    _tracked("pairs.PersonalPlan", exclude=("updated_at",)),
    _tracked("pairs.PlanItem"),
    _tracked("pairs.MatchingPreference"),
    _tracked("pairs.MatchingWeights", exclude=("updated_at",)),
    _tracked("reports.Order", exclude=("content", "render_attempts"), m2m=("mentors",)),
    _tracked("reports.Award"),
    _tracked("reports.IndicatorValue", exclude=("entered_at",)),
    _tracked("reports.IndicatorTarget"),
    _tracked("reports.OrganizationIndicator"),
    _tracked("reports.HeadCount"),
    _tracked("reports.Practice"),
    _tracked("reports.MonitoringCampaign"),
    _tracked("reports.MonitoringReport", exclude=("data", "computed_at", "reminded_at")),
    _tracked("reports.Contest"),
    _tracked("reports.ContestCriterion"),
    _tracked("reports.ContestJuror"),
    _tracked("reports.Nomination"),
    _tracked("reports.Score"),
)
# fixtures (loaddata) are not edits by anyone
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# Entries older than this are deleted by the daily task mentoring.purge_audit_trail
# (152-ФЗ: the proof of processing is kept three years).
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 1096)
if AUDIT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 1")
# The client's IP address in the trail. auditlog's own middleware trusts the first
# X-Forwarded-For address, which any client can forge; mentoring.middleware takes
# the address the outermost of TRUSTED_PROXY_COUNT reverse proxies saw instead
# (0 = no proxy, REMOTE_ADDR; 1 = one nginx with $proxy_add_x_forwarded_for).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
CELERY_BEAT_SCHEDULE["mentoring-purge-audit-trail"] = {
    "task": "mentoring.purge_audit_trail",
    "schedule": crontab(hour=3, minute=30),
}

# --- Consent forms of a group -------------------------------------------------------
# A study group's consent forms are rendered by the worker into one PDF with the
# personal data of minors; the batch (row and file) is deleted a day later, hourly
# so that none outlives the day by much (participants.purge_consent_form_batches).
CELERY_BEAT_SCHEDULE["participants-purge-consent-form-batches"] = {
    "task": "participants.purge_consent_form_batches",
    "schedule": crontab(minute=15),
}
# The territory's mentor base (seed 002 item 7): after 31 October the entries not
# confirmed for the academic year leave the base; nothing to do in September and
# October (participants.services.territory_update).
CELERY_BEAT_SCHEDULE["participants-expire-territory-listings"] = {
    "task": "participants.expire_territory_listings",
    "schedule": crontab(hour=4, minute=10),
}
# The territory's monitoring (seed 002 items 9, 12): the curators of organisations
# whose report is past the deadline are reminded daily (at most once a day each).
CELERY_BEAT_SCHEDULE["reports-remind-late-monitoring"] = {
    "task": "reports.remind_late_monitoring",
    "schedule": crontab(hour=CADENCE_REMINDER_HOUR, minute=10),
}

# --- Domain -----------------------------------------------------------------------

# A pair with no meeting for longer than this is flagged (seed 000, 6.4: "не реже
# одного раза в две недели").
MEETING_MAX_GAP_DAYS = 14
# The daily reminder (pairs.remind_inactive_pairs) writes to a mentor about a pair
# again only after this many days.
CADENCE_REMINDER_INTERVAL_DAYS = envint("CADENCE_REMINDER_INTERVAL_DAYS", 7)
if CADENCE_REMINDER_INTERVAL_DAYS < 1:
    raise ImproperlyConfigured("CADENCE_REMINDER_INTERVAL_DAYS must be at least 1")
# Pages of lists.
PAGE_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # the in-memory broker of the embedded default warns about its missing host
        "kombu": {"level": "ERROR"},
        "celery.app.trace": {"level": "WARNING"},
    },
}
