"""Local development and the demo: SQLite file under var/, console e-mail."""

from config.settings.base import *  # noqa: F403

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The demo's SQLite file and collected static files live under var/ (ignored by git).
(BASE_DIR / "var").mkdir(exist_ok=True)
