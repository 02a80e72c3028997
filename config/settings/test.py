"""Tests: fast hashing, in-memory e-mail unless a test points at its own SMTP server."""

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
JOB_RETRY_DELAYS = (1, 1)  # a test waits for a retry: one second, not minutes
