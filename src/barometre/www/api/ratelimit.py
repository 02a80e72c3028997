"""A fixed-window rate limit per client address (www/client.py: behind the TLS proxy, the
forwarded one), in Django's cache: a PostgreSQL table in
production (config/settings/prod.py), shared by every worker; process memory elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse

from barometre.www.client import client_address

WINDOW_SECONDS = 60


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = int(getattr(settings, "API_REQUESTS_PER_MINUTE", 120))
        window = int(time.time() // WINDOW_SECONDS)
        key = f"api-rate:{client_address(request)}:{window}"
        count = cache.get_or_set(key, 0, WINDOW_SECONDS) or 0
        if count >= limit:
            reply = JsonResponse(
                {"erreur": f"Trop de requêtes : {limit} par minute au plus. Réessayez plus tard."},
                status=429,
                json_dumps_params={"ensure_ascii": False},
            )
            reply["Retry-After"] = str(WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS)
            return reply
        try:
            cache.incr(key)
        except ValueError:  # the window expired between the two calls
            cache.set(key, 1, WINDOW_SECONDS)
        return view(request, *args, **kwargs)

    return wrapper
