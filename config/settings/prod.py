"""Production: PostgreSQL, SMTP, HTTPS; every secret comes from the environment."""

from config import env
from config.settings.base import *  # noqa: F403

SECRET_KEY = env.text("DJANGO_SECRET_KEY")
DATABASES = {"default": env.database().as_django()}
ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS")
SITE_URL = env.text("BAROMETRE_SITE_URL")  # links in e-mails: no localhost default in production

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.text("EMAIL_PORT", "25"))
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "barometre@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# One JSON object per line on stderr, each with its request id (barometre.www.logs).
LOGGING["handlers"]["stderr"]["formatter"] = "json"

SECURE_SSL_REDIRECT = env.flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.flag("DJANGO_HSTS_PRELOAD")
# Joining the browsers' HSTS preload list binds the whole domain: the operator decides it
# (DJANGO_HSTS_PRELOAD=1), so the deployment check about it is not a failure here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# One cache shared by every gunicorn worker and host (the API's per-minute limit counts across
# them): a table of the PostgreSQL database, created by accounts' migration 0002.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "barometre_cache",
    }
}
