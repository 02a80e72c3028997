"""Settings shared by every environment. Values from the environment come through config.env."""

from __future__ import annotations

import os
from typing import Any

from config import env

BASE_DIR = env.BASE_DIR

SECRET_KEY = env.text("DJANGO_SECRET_KEY", "dev-only-not-secret-change-me-in-production-0123456789")
DEBUG = False
ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "barometre.audit",
    "barometre.campaigns",
    "barometre.collection",
    "barometre.demo",
    "barometre.accounts",
    "barometre.participation",
    "barometre.results",
    "barometre.publication",
    "barometre.reports",
    "barometre.operations",
    "barometre.jobs",
    "barometre.authoring",
    "barometre.www",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "barometre.www.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "barometre.www.security.SecurityHeadersMiddleware",
    # An empty 405 (a view that only shows, sent a form) becomes the French page (www/errors.py).
    "barometre.www.errors.MethodNotAllowedMiddleware",
    # Before anything reads the request (session, CSRF, views): NUL bytes, control characters,
    # another charset than UTF-8 or an unreadable form get a French 400 (www/request_checks.py).
    "barometre.www.request_checks.RequestChecksMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "barometre.www.context.site",
            ],
            "builtins": ["barometre.www.templatetags.french"],
        },
    },
]

DATABASES = {
    "default": env.database(
        default=f"sqlite:///{BASE_DIR / 'var' / 'barometre.sqlite3'}"
    ).as_django()
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr"
# French only: a browser asking for English still reads dates, numbers and DSFR texts in French
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "barometre@localhost")
# Reminders: links in e-mails point at SITE_URL; sending is throttled to a rate per minute.
SITE_URL = env.text("BAROMETRE_SITE_URL", "http://127.0.0.1:8000")
REMINDERS_PER_MINUTE = env.whole_number("BAROMETRE_REMINDERS_PER_MINUTE", 60)
REMINDER_COOLDOWN_HOURS = env.whole_number("BAROMETRE_REMINDER_COOLDOWN_HOURS", 72)

# Background jobs (reminders, later invitations and builds): a queue in the database, run by
# `manage.py db_worker` (started by `make serve` and `make demo`). A job without a sign of life
# for JOB_STALE_SECONDS is shown as interrupted and can be started again; a mail server that
# refuses is tried again after each delay in turn (seconds), then the job fails with the reason.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOB_STALE_SECONDS = env.whole_number("BAROMETRE_JOB_STALE_SECONDS", 120)
JOB_RETRY_DELAYS: tuple[int, ...] = (60, 300, 1500)

# Open-data packages, generated once per published result set revision.
OPENDATA_ROOT = env.path("BAROMETRE_OPENDATA_ROOT", BASE_DIR / "var" / "opendata")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# @gouvfr/dsfr-chart (MIT), installed by `npm ci` (make demo, make setup): served under
# static/vendor/dsfr-chart/; without node_modules the charts 404 and the tables remain.
STATICFILES_DIRS = [
    ("vendor/dsfr-chart", BASE_DIR / "node_modules" / "@gouvfr" / "dsfr-chart" / "dist"),
]

# The proxies whose X-Forwarded-For is believed (addresses or networks): the client address
# of the rate limits is the first hop, read from the right, that is not one of them.
TRUSTED_PROXIES = env.networks("BAROMETRE_TRUSTED_PROXIES")

# Server errors: logged with their traceback and request id (www/logs.py), mailed to ADMINS.
ADMINS = env.admins("BAROMETRE_ADMINS")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "barometre.www.logs.TextFormatter"},
        "json": {"()": "barometre.www.logs.JsonFormatter"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "text"},
        "mail_admins": {
            "class": "barometre.www.logs.AdminMailHandler",
            "level": "ERROR",
            "formatter": "text",
        },
    },
    "root": {"handlers": ["stderr", "mail_admins"], "level": "INFO"},
    "loggers": {
        # Django's own handlers are replaced: its records go up to the root's two.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint says each step of each PDF (« Step 1 - Fetching and parsing HTML »).
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Public JSON API: requests per minute and per client address (429 beyond).
API_REQUESTS_PER_MINUTE = env.whole_number("BAROMETRE_API_REQUESTS_PER_MINUTE", 120)

# A refused form shows what was typed instead of Django's bare 403 page.
CSRF_FAILURE_VIEW = "barometre.www.respond.csrf.csrf_failure"

# Django's database sessions, which also keep when the stored session ends (www/sessions.py).
SESSION_ENGINE = "barometre.www.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# ProConnect (OpenID Connect for public agents, mozilla-django-oidc): off unless
# PROCONNECT_CLIENT_ID is set. Its backend never creates a user (barometre.collection.oidc).
PROCONNECT = env.proconnect()
PROCONNECT_ENABLED = PROCONNECT is not None
if PROCONNECT is not None:
    AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "barometre.collection.oidc.ProConnectBackend",
    ]
    OIDC_RP_CLIENT_ID = PROCONNECT.client_id
    OIDC_RP_CLIENT_SECRET = PROCONNECT.client_secret
    OIDC_OP_AUTHORIZATION_ENDPOINT = PROCONNECT.authorization_endpoint
    OIDC_OP_TOKEN_ENDPOINT = PROCONNECT.token_endpoint
    OIDC_OP_USER_ENDPOINT = PROCONNECT.userinfo_endpoint
    OIDC_OP_JWKS_ENDPOINT = PROCONNECT.jwks_endpoint
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email given_name usual_name siret"
OIDC_AUTHENTICATION_CALLBACK_URL = "public:proconnect_callback"
OIDC_TIMEOUT = 10

# Operations (docs/operations.md): where `manage.py backup` writes its archives, and how long
# personal data is kept before `manage.py purge_personal_data --wet-run` removes it.
BACKUP_ROOT = env.path("BAROMETRE_BACKUP_ROOT", BASE_DIR / "var" / "sauvegardes")
# `backup --prune` keeps every archive of the last 30 days, then the newest of each week for a year.
BACKUP_DAILY_DAYS = env.whole_number("BAROMETRE_BACKUP_DAILY_DAYS", 30)
BACKUP_WEEKLY_DAYS = env.whole_number("BAROMETRE_BACKUP_WEEKLY_DAYS", 365)
RETENTION = env.retention()
#: A report compares an authority with a peer group holding at least this many other scored
#: respondents (docs/architecture.md, « Restitution »).
RESTITUTION_PEERS_MINIMUM = 10
# Built reports (one PDF per authority and result set revision), written by the batch
# (`barometre restitution --vague ID --toutes`, started by itself when a wave is published) and
# by the first download; a file there is whole (written, then renamed).
RESTITUTIONS_ROOT = env.path("BAROMETRE_RESTITUTIONS_ROOT", BASE_DIR / "var" / "restitutions")
# Processes that print the PDFs of a batch (beside the one that reads the database).
RESTITUTIONS_PROCESSES = env.whole_number("BAROMETRE_RESTITUTIONS_PROCESSES", os.cpu_count() or 1)
# A wave published starts two background jobs: build its reports, e-mail its respondents.
RESTITUTION_ON_PUBLISH = env.flag("BAROMETRE_RESTITUTION_ON_PUBLISH", default=True)
# Where a person writes to exercise their rights (shown on /donnees-personnelles/).
PRIVACY_CONTACT = env.text("BAROMETRE_PRIVACY_CONTACT", DEFAULT_FROM_EMAIL)
