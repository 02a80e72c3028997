"""What a person reads on a page: the text between the tags, entities decoded, spaces collapsed."""

from __future__ import annotations

import html
import re

from django.http import HttpResponse


def seen(page: HttpResponse | str) -> str:
    markup = page if isinstance(page, str) else page.content.decode()
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.DOTALL | re.IGNORECASE)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()
