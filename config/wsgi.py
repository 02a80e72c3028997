"""WSGI entry point for gunicorn in production.

The URL configuration (and every view module it imports), the frame and the questionnaire
library are loaded here, once: with ``gunicorn --preload`` the workers share them instead of each
paying for them on its first request.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402 - after Django is set up

from barometre.questionnaire.library import load_library  # noqa: E402
from barometre.referentiel import load_frame  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - imports every view module now
load_frame()
load_library()
