"""Local development and the demo: SQLite file under var/, console e-mail."""

from config.settings.base import *  # noqa: F403

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
