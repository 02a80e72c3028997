"""The infographic of a published wave: one printable page and a tagged one-page PDF.

The PDF is checked without a PDF library: its streams are inflated with ``zlib`` to count the
pages, and an uncompressed rendering (WeasyPrint's own ``uncompressed_pdf`` option) is read back
through the fonts' ``ToUnicode`` maps to prove that its text is extractable.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client, override_settings

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultSet, Suppression
from barometre.www.dashboard import infographic
from barometre.www.dashboard.figures import ChangeFigure, Figure, percent
from barometre.www.dashboard.infographic import pdf_path, render_pdf
from barometre.www.dashboard.query import Theme, published_wave
from barometre.www.dashboard.tables import KeyFigure
from barometre.www.templatetags.french import date_fr
from tests.results.factory import make_wave, published_edition
from tests.www.test_dashboard_helpers import DIGIT, publish, rendered_cells

pytestmark = pytest.mark.django_db
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
PAGE = re.compile(rb"/Type\s*/Page\b")


@pytest.fixture(autouse=True)
def infographic_root(tmp_path: Path) -> Any:
    with override_settings(OPENDATA_ROOT=tmp_path / "opendata"):
        yield


@pytest.fixture
def published(frame: Frame) -> tuple[Wave, ResultSet]:
    return publish(frame)


def inflated(pdf: bytes) -> bytes:
    """The file with every compressed stream appended in clear (object streams included)."""
    parts = [pdf]
    for raw in STREAM.findall(pdf):
        try:
            parts.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _cmap(stream: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.DOTALL):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.DOTALL):
        ranges = re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block)
        for low, high, start in ranges:
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _stream(body: bytes) -> bytes:
    found = STREAM.search(body)
    return found.group(1) if found else b""


def _fonts(objects: dict[int, bytes]) -> dict[bytes, dict[int, str]]:
    """Resource name → the font's ToUnicode map (resources inline or in their own object)."""
    fonts: dict[bytes, dict[int, str]] = {}
    every = b"".join(objects.values())
    blocks = [objects[int(ref)] for ref in re.findall(rb"/Font (\d+) 0 R", every)]
    blocks += re.findall(rb"/Font\s*<<(.*?)>>", every, re.DOTALL)
    for block in blocks:
        for name, ref in re.findall(rb"/([^\s/<>\[\]]+)\s+(\d+) 0 R", block):
            found = re.search(rb"/ToUnicode (\d+) 0 R", objects.get(int(ref), b""))
            if found:
                fonts[name] = _cmap(_stream(objects[int(found.group(1))]))
    return fonts


def pdf_text(pdf: bytes) -> str:
    """The text of an uncompressed WeasyPrint PDF, decoded through each font's ToUnicode."""
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", pdf, re.DOTALL)}
    fonts = _fonts(objects)
    refs = re.findall(rb"/Contents (\d+) 0 R", pdf)
    content = b"\n".join(_stream(objects[int(ref)]) for ref in refs)
    words: list[str] = []
    current: dict[int, str] = {}
    for token in re.finditer(rb"/(\S+) [\d.]+ Tf|<([0-9a-fA-F]*)>|\b(ET)\b", content):
        if token.group(1):
            current = fonts.get(token.group(1), {})
        elif token.group(2):
            hexa = token.group(2).decode()
            codes = [int(hexa[i : i + 4], 16) for i in range(0, len(hexa), 4)]
            words.append("".join(current.get(code, "") for code in codes))
        else:
            words.append(" ")
    # the narrow no-break space of « 60,5 % » may share the space's glyph: read both as a space
    return re.sub(r"[ \t\r\n\u202f\u00a0]+", " ", "".join(words))


def in_pdf(number: float) -> str:
    return percent(number).replace("\u202f", " ")


def test_the_page_shows_each_theme_key_figures_with_interval_base_source_and_reading_note(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    response = client.get(f"/resultats/{wave.pk}/infographie/")
    assert response.status_code == 200
    html = response.content.decode()
    overall = result_set.estimates.get(
        indicator_id="essai.site", domain="ensemble", weighting="pondere"
    )
    cell = rendered_cells(html)["essai.site|ensemble|"]
    assert percent(overall.value) in cell
    assert percent(overall.ci_low) in cell
    assert f"n = {overall.n}" in cell
    assert "essai des résultats" in html
    assert f"révision {result_set.revision}" in html
    assert f"construit le {date_fr(result_set.built_at)}" in html
    assert "Lecture :" in html
    assert "www/infographic.css" in html
    assert f'href="/resultats/{wave.pk}/infographie.pdf"' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_suppressed_figures_never_appear_on_the_page_nor_in_the_pdf(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    result_set.estimates.filter(  # a frozen set refuses save(): the test forges the cell
        indicator_id="essai.part_en_ligne", domain="ensemble", weighting="pondere"
    ).update(value=0.4242, ci_low=0.3131, ci_high=0.5353, suppressed=Suppression.PRIMARY)
    secret = result_set.estimates.filter(domain="ensemble", weighting="pondere").exclude(
        suppressed=""
    )
    cells = rendered_cells(client.get(f"/resultats/{wave.pk}/infographie/").content.decode())
    text = pdf_text(render_pdf(published_wave(wave.pk), uncompressed_pdf=True))
    assert "secret statistique" in text
    for estimate in secret:
        content = cells[f"{estimate.indicator_id}|ensemble|"]
        assert "secret statistique" in content
        assert not DIGIT.search(content)
        for number in (estimate.value, estimate.ci_low, estimate.ci_high):
            if number is not None:
                assert in_pdf(number) not in text
                assert percent(number) not in str(cells)


def test_the_pdf_is_one_tagged_french_page_with_a_title_and_a_file_name(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    response = client.get(f"/resultats/{wave.pk}/infographie.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="infographie-vague-{wave.number}-' in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF-")
    clear = inflated(pdf)
    assert len(PAGE.findall(clear)) == 1
    assert b"/StructTreeRoot" in clear
    assert b"/MarkInfo" in clear
    assert b"/Lang (fr)" in clear
    assert b"pdfuaid:part" in clear
    # Set in Marianne on every machine (django-dsfr's font files), embedded, not the system's.
    fonts = set(re.findall(rb"/BaseFont /\w+\+([\w-]+)", clear))
    assert fonts
    assert all(font.startswith(b"Marianne") for font in fonts), fonts
    assert b"/FontFile" in clear
    title = "Infographie".encode("utf-16-be").hex().encode()
    assert title in clear.lower() or b"/Title (Infographie" in clear


def test_the_pdf_text_is_extractable(published: tuple[Wave, ResultSet]) -> None:
    wave, result_set = published
    text = pdf_text(render_pdf(published_wave(wave.pk), uncompressed_pdf=True))
    overall = result_set.estimates.get(
        indicator_id="essai.site", domain="ensemble", weighting="pondere"
    )
    assert "A un site internet" in text
    assert in_pdf(overall.value) in text
    assert in_pdf(overall.ci_low) in text
    assert "Lecture :" in text
    assert "Source :" in text


def test_the_pdf_is_generated_once_per_revision_then_served_from_disk(
    client: Client, published: tuple[Wave, ResultSet], frame: Frame
) -> None:
    wave, _ = published
    first = b"".join(client.get(f"/resultats/{wave.pk}/infographie.pdf").streaming_content)
    path = pdf_path(published_wave(wave.pk))
    assert path.is_file()
    assert path.read_bytes() == first
    assert not list(path.parent.glob("*.tmp"))
    path.write_bytes(first + b"%marque")
    again = b"".join(client.get(f"/resultats/{wave.pk}/infographie.pdf").streaming_content)
    assert again.endswith(b"%marque")  # cached: not rendered again
    build_result_set(wave, "final", frame=frame)
    newer = pdf_path(published_wave(wave.pk))
    assert newer != path
    client.get(f"/resultats/{wave.pk}/infographie.pdf").close()
    assert newer.is_file()


def test_the_wave_dashboard_links_to_both(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    html = client.get(f"/resultats/{wave.pk}/").content.decode()
    assert f'href="/resultats/{wave.pk}/infographie/"' in html
    assert f'href="/resultats/{wave.pk}/infographie.pdf"' in html


@pytest.mark.parametrize("suffix", ["infographie/", "infographie.pdf"])
def test_unknown_or_unpublished_waves_are_404(client: Client, frame: Frame, suffix: str) -> None:
    closed = make_wave(frame)
    build_result_set(closed, "final", frame=frame)
    provisional = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(provisional, "provisional", frame=frame)
    for wave_id in (closed.pk, provisional.pk, 999999):
        assert client.get(f"/resultats/{wave_id}/{suffix}").status_code == 404


def test_nine_themes_still_fit_one_complete_page(
    published: tuple[Wave, ResultSet], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's nine questionnaires, each figure with its change since last year: the
    compact layout keeps every figure and the source."""
    wave, _ = published
    many = [
        Theme(f"theme_{t}", f"Thème {t} : cybersécurité et services en ligne", ()) for t in range(9)
    ]
    shown = Figure("45,6\u202f%", "29,0\u202f% à 62,2\u202f%", "1\u202f234", False, True, "")
    moved = ChangeFigure(
        "+8,4 points", "+5,8 à +11,1 points", "hausse significative", True, "+8,4 pt*"
    )
    label = "Part des collectivités qui proposent la démarche en ligne numéro {}"
    data = [
        (t, [KeyFigure(f"i{k}|ensemble|", label.format(k), shown, moved) for k in range(4)])
        for t in many
    ]
    last_year = SimpleNamespace(wave=SimpleNamespace(number=1, campaign=SimpleNamespace(year=2025)))
    monkeypatch.setattr(infographic, "themes", lambda _item: many)
    monkeypatch.setattr(infographic, "key_figures", lambda _item, _themes, _changes: data)
    monkeypatch.setattr(infographic, "key_changes", lambda _item, _all: (last_year, {}))
    pdf = render_pdf(published_wave(wave.pk), uncompressed_pdf=True)
    assert len(PAGE.findall(pdf)) == 1
    text = pdf_text(pdf)
    assert "Thème 8 : cybersécurité" in text
    assert "numéro 3" in text
    assert "évol. +8,4 pt*" in text
    assert "même mesure en 2025, vague 1" in text
    assert "Source :" in text


def test_each_key_figure_carries_its_change_since_last_year(client: Client, frame: Frame) -> None:
    published_edition(frame, 2025)
    current = published_edition(frame, 2026)
    page = client.get(f"/resultats/{current.pk}/infographie/").content.decode()
    assert "Depuis 2025, vague 1 :" in page
    assert "même mesure en 2025, vague 1" in page
    pdf = render_pdf(published_wave(current.pk), uncompressed_pdf=True)
    assert len(PAGE.findall(pdf)) == 1
    assert "Depuis 2025, vague 1 :" in pdf_text(pdf)
    assert pdf_path(published_wave(current.pk)).name.endswith(
        f"-depuis-{ResultSet.objects.get(wave__campaign__year=2025).pk}.pdf"
    )
