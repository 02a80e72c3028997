"""Weight of the public pages: HTML plus the CSS and JS each page loads, raw and gzip-compressed,
next to the DSFR's own minimum (its core stylesheet and module script, which every DSFR page
loads). Measured in process on a small published wave in a throwaway SQLite database.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAG = re.compile(r"<(?:link|script)\b[^>]*>")
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')


def _assets(html: str) -> list[str]:
    """CSS and JS a current browser downloads (``nomodule`` scripts are for old browsers)."""
    found = set()
    for tag in TAG.findall(html):
        match = ASSET.search(tag)
        if match and "nomodule" not in tag:
            found.add(match.group(1))
    return sorted(found)


def _setup(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'poids.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)


def _wave() -> int:
    from barometre.demo.load import load_demo  # noqa: PLC0415

    campaign = load_demo(progress=lambda _: None, sizes={1: 600, 2: 200, 3: 50})
    return int(campaign.waves.get(number=1).pk)


def _asset_bytes(path: str) -> bytes:
    from django.contrib.staticfiles import finders  # noqa: PLC0415

    found = finders.find(path.removeprefix("/static/"))
    return Path(str(found)).read_bytes() if found else b""


def _weigh(client: object, url: str) -> tuple[int, int, int]:
    html = client.get(url).content  # type: ignore[attr-defined]
    assets = _assets(html.decode())
    files = [html, *(_asset_bytes(a) for a in assets)]
    raw = sum(len(f) for f in files)
    packed = sum(len(gzip.compress(f, 6)) for f in files)
    return len(assets), raw, packed


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder))
        wave = _wave()
        from django.test import Client  # noqa: PLC0415

        client = Client()
        dsfr = [
            _asset_bytes("/static/dsfr/dist/dsfr/dsfr.min.css"),
            _asset_bytes("/static/dsfr/dist/dsfr/dsfr.module.min.js"),
        ]
        pages = {
            "accueil": "/",
            "résultats d'une vague (avec carte)": f"/resultats/{wave}/",
            "page d'un thème (graphiques)": f"/resultats/{wave}/cybersecurite/",
            "infographie": f"/resultats/{wave}/infographie/",
        }
        print("## Poids des pages publiques\n")
        print(
            "HTML + CSS + JS chargés par la page (hors polices et images), en kilo-octets, brut "
            "et compressé gzip ; référence : le minimum du DSFR (dsfr.min.css + "
            "dsfr.module.min.js).\n"
        )
        print("| page | fichiers CSS/JS | brut (Ko) | gzip (Ko) | ratio gzip / DSFR |")
        print("|---|---:|---:|---:|---:|")
        minimum = sum(len(gzip.compress(f, 6)) for f in dsfr)
        total = sum(map(len, dsfr)) / 1024
        print(f"| minimum du DSFR | 2 | {total:.0f} | {minimum / 1024:.0f} | 1.0× |")
        for name, url in pages.items():
            count, raw, packed = _weigh(client, url)
            print(
                f"| {name} | {count} | {raw / 1024:.0f} | {packed / 1024:.0f} | "
                f"{packed / minimum:.2f}× |"
            )


if __name__ == "__main__":
    main()
