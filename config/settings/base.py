"""Settings shared by every environment, read from environment variables only.

Without any variable set, these are the embedded defaults that `make run` uses on a bare
machine: a SQLite file, Celery tasks run eagerly in-process, a local-memory cache and
e-mail printed to the console.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "config.apps.PortalStaticFilesConfig",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "simple_history",
    "axes",
    "csp",
    "portal",
    "plans",
    "pledges",
    "budgets",
    "kpis",
    "citygen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Marks Korean data on pages in other languages (lang="ko") on every template.
            "builtins": ["portal.templatetags.languages"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "plans.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a login goes when its next= is missing or unsafe (Django's default is a 404 here).
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling: five failures for one user name from one address lock it for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind nginx every request comes from nginx's address; the client's is in X-Real-IP,
# which nginx sets (never appends to) and which is believed only from TRUSTED_PROXIES.
# Without this, one person's wrong passwords would lock a name out for everyone.
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("krds", BASE_DIR / "node_modules" / "krds-uiux" / "resources"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

REDIS_URL = env("REDIS_URL", default="")

# A cache that does not answer within a second is treated as down (pages and the API go on).
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole-page cache of public pages for anonymous readers (portal/page_cache.py), keyed by the
# data generation that every change to the models of PUBLIC_DATA_APPS bumps (portal/generation.py).
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)  # how long a page is kept
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=0)  # browsers revalidate (ETag) after this
PUBLIC_PAGE_APPS = ["plans", "pledges", "budgets", "kpis"]  # URL namespaces of the public pages
PUBLIC_DATA_APPS = ["plans", "pledges", "budgets", "kpis"]  # apps whose changes bump the generation
PUBLIC_DATA_EXCLUDED_MODELS = ["plans.User", "kpis.Obligation"]  # changes no public page shows
GENERATION_CACHE_SECONDS = env.int("GENERATION_CACHE_SECONDS", default=5)  # cache copy of the generation
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "portal.page_cache.PublicPageCacheMiddleware",
)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task a dead worker had taken comes back after the visibility timeout (acks late).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_BEAT_SCHEDULE = {
    "daily-reminders": {
        "task": "kpis.tasks.send_daily_reminders",
        "schedule": crontab(minute=0, hour=9),
    },
    "daily-follow-digests": {
        "task": "portal.tasks.send_follow_digests",
        "schedule": crontab(minute=30, hour=9),
    },
}
# Items overdue by more than this many days also go to the coordinating office.
REMINDER_ESCALATION_DAYS = env.int("REMINDER_ESCALATION_DAYS", default=14)
REMINDER_MESSAGE_DOMAIN = env("REMINDER_MESSAGE_DOMAIN", default="plans.example.com")
REMINDER_OFFSETS = env.list("REMINDER_OFFSETS", cast=int, default=[7, 1])  # days before a due date
# A message claimed by a task that has not finished after this long is handed out again.
OUTBOX_SENDING_LEASE_SECONDS = env.int("OUTBOX_SENDING_LEASE_SECONDS", default=900)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")  # links in e-mails

# EMAIL_URL such as smtp+tls://user:password@mail.example.com:587 sets EMAIL_HOST and friends.
globals().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="계획포털 <noreply@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

PORTAL_NAME = _("시정계획 포털")
# Password given to the demo staff accounts the seed creates (existing accounts keep theirs).
PORTAL_DEMO_PASSWORD = env("PORTAL_DEMO_PASSWORD", default="portal-demo-2026")
# Reporting periods (portal/periods.py): what is owed for a period (a quarter's progress report,
# a half-year pledge card, a year's KPI actuals) is due this many days after the period ends ...
PERIOD_DUE_DAYS = {
    "year": env.int("YEAR_REPORT_DUE_DAYS", default=31),
    "half": env.int("HALF_REPORT_DUE_DAYS", default=15),
    "quarter": env.int("PROGRESS_REPORT_DUE_DAYS", default=10),
    "month": env.int("MONTH_REPORT_DUE_DAYS", default=5),
}
# ... and stays editable for this many days after that, then locks.
PERIOD_LOCK_GRACE_DAYS = env.int("PROGRESS_LOCK_GRACE_DAYS", default=15)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# Content-Security-Policy on every response (django-csp 4): scripts, styles, fonts and
# images come from our own static files only; no template of ours has an inline script,
# style element or style attribute. The admin's needs: Django's admin and its widgets
# (select2 autocomplete, date pickers, filter_horizontal) are static files and set styles
# through the CSSOM, which the policy allows; KRDS and the admin draw icons from data:
# URIs (img-src). Two inline styles that Django and simple-history put in a few admin
# pages (a column width when a list has no actions, a paginator border) are cosmetic and
# are left blocked. The Swagger UI of the API docs is served as separate files.
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
SIMPLE_HISTORY_REVERT_DISABLED = True  # a revert would bypass the workflow rules of services.py
AXES_VERBOSE = False
# Serve static files straight from the finders when nothing has been collected (make run, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: size limits and the ZIP checks made before any archive is opened.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
UPLOAD_ZIP_MAX_ENTRIES = 2000
UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
UPLOAD_ZIP_MAX_RATIO = 200
# Excel imports of progress reports and KPI actuals (portal/spreadsheet.py): the
# upload is kept in the session between preview and confirmation, hence the small limit.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
# Each part of an import workbook (shared strings, sheet, styles...) once unpacked: openpyxl
# holds shared strings and styles in memory, so this bounds what one upload costs.
IMPORT_MAX_PART_BYTES = env.int("IMPORT_MAX_PART_BYTES", default=1536 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Open-data API (/api/v1/, config/api.py) -------------------------------------------
# Read-only and anonymous: no session or CSRF, JSON or CSV (?format=csv), page-number
# pagination with a hard maximum, a per-address rate limit kept in the default cache (Redis
# whenever REDIS_URL is set, as in production), CORS for GET from anywhere, and the OpenAPI
# schema and its Swagger UI served from our own static files (drf-spectacular-sidecar).
INSTALLED_APPS += ["corsheaders", "rest_framework", "django_filters", "drf_spectacular", "drf_spectacular_sidecar"]
MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")  # before anything that may answer early
API_ANON_RATE = env("API_ANON_RATE", default="120/minute")  # e.g. 1000/hour; empty switches it off
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=300)  # Cache-Control max-age of API answers
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "portal.rest.CSVRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "portal.rest.PublicPagination",
    "DEFAULT_THROTTLE_CLASSES": ["portal.rest.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE or None},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "ORDERING_PARAM": "ordering",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "시정계획 포털 공공데이터 API",
    "DESCRIPTION": (
        "시민이 공개 페이지에서 볼 수 있는 업무계획·과제·승인된 분기 실적·예산·공약·성과지표를 "
        "JSON(또는 ?format=csv 로 CSV)으로 제공합니다. 읽기 전용이며 로그인이 필요 없습니다. "
        "금액은 원 단위 정수이고, 문서의 표시 단위(display_unit)를 함께 줍니다. 알 수 없는 금액은 0이 아니라 null입니다."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": "plans.models.progress.ProgressReport.Status",
        "PledgeStatusEnum": "pledges.models.PledgeStatus",
        "IndicatorKindEnum": "kpis.models.Indicator.Kind",
        "IndicatorDirectionEnum": "kpis.models.Indicator.Direction",
        "PledgeTextKindEnum": "pledges.models.PledgeTextKind",
        "ChangeKindEnum": "pledges.models.ChangeKind",
        "PanelKindEnum": "pledges.models.PanelKind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.schema.document_error_responses",
    ],
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True  # open data: any site may read it, never with credentials
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
