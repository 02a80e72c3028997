"""« Votre restitution » as a tagged PDF/UA document: what a person reads, set in Marianne,
in French, titled, with its tables and chart tagged; downloaded from the page, written by the
CLI.

Read without a PDF library (none is locked): the streams are inflated with ``zlib`` and the
text of an uncompressed rendering is read back through the fonts' ``ToUnicode`` maps
(``tests/www/test_infographic.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client

from barometre.cli import cli
from barometre.collection.links import issue_link
from barometre.referentiel import Frame
from barometre.reports.build import build_report
from barometre.reports.pdf import pdf_html, printer, render_pdf
from tests.reports.factory import communes, published_wave, respondent_of
from tests.reports.test_evolution import weaker
from tests.support.pages import seen
from tests.www.test_infographic import PAGE, inflated, pdf_text

pytestmark = pytest.mark.django_db
STRUCTURE = re.compile(rb"/S /(\w+)")


@pytest.fixture(autouse=True)
def small_groups(settings: Any, tmp_path: Path) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = 5
    settings.RESTITUTIONS_ROOT = tmp_path / "restitutions"


def logged_in(client: Client, unit: str) -> Client:
    client.post(f"/connexion/{issue_link(respondent_of(unit))}/")
    return client


def test_the_pdf_reads_as_the_page_does(frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    text = pdf_text(render_pdf(build_report(wave.pk, units[8], peers_minimum=5),
                               uncompressed_pdf=True))  # fmt: skip
    assert f"Votre restitution — {wave.campaign.name}, vague 1" in text
    assert "Votre score : 75,0 sur 100 , niveau 4 « Maîtrise »" in text
    assert "Communes de moins de 500 hab. du département Haute-Loire (43)" in text
    assert "parmi le quart le plus avancé de votre groupe" in text
    assert "Vos scores par thème et ceux de votre groupe" in text
    assert "Vos données sont-elles sauvegardées hors ligne ?" in text
    assert "Page 1 sur" in text


def test_the_pdf_is_tagged_french_titled_and_set_in_embedded_marianne(frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    clear = inflated(render_pdf(build_report(wave.pk, units[8], peers_minimum=5)))
    assert b"/StructTreeRoot" in clear
    assert b"/MarkInfo" in clear
    assert b"/Lang (fr)" in clear
    assert b"pdfuaid:part" in clear
    tags = set(STRUCTURE.findall(clear))
    assert {b"Table", b"TR", b"TH", b"TD", b"Caption", b"H1", b"H2", b"Figure"} <= tags
    assert b"/Headers" in clear  # each data cell names its header cells
    fonts = set(re.findall(rb"/BaseFont /\w+\+([\w-]+)", clear))
    assert fonts
    assert all(font.startswith(b"Marianne") for font in fonts), fonts
    assert b"/FontFile" in clear
    title = "Restitution — ".encode("utf-16-be").hex().encode()
    assert title in clear.lower()
    alternative = "Pratiques numériques : 75,0".encode("utf-16-be").hex().encode()
    assert alternative in clear.lower()  # the chart's figure says its figures
    assert 1 <= len(PAGE.findall(clear)) <= 4


def spilled_text(document: Any) -> list[str]:
    """Every run of text that reaches past the right edge of its table cell."""
    from weasyprint.formatting_structure import boxes  # noqa: PLC0415

    def walk(box: Any) -> Any:
        yield box
        for child in getattr(box, "children", None) or ():
            yield from walk(child)

    spilled = []
    for page in document.pages:
        for cell in walk(page._page_box):  # WeasyPrint keeps the laid out boxes there
            if isinstance(cell, boxes.TableCellBox):
                edge = cell.content_box_x() + cell.width + 0.5
                spilled += [
                    text.text
                    for text in walk(cell)
                    if isinstance(text, boxes.TextBox) and text.position_x + text.width > edge
                ]
    return spilled


def test_every_column_of_the_printed_tables_holds_its_text(frame: Frame) -> None:
    """The print sheet fixes the column widths of the tables but the evolution's: none is too
    narrow for its words (the evolution table, laid out automatically, has its figures)."""
    units = communes(frame)
    published_wave(frame, units, weaker)
    wave = published_wave(frame, units)
    report = build_report(wave.pk, units[8], peers_minimum=5)
    html = pdf_html(report)
    assert "votre score est passé de 25,0 à 75,0" in html  # the evolution table has figures
    document = printer().lay_out(html)
    assert spilled_text(document) == []
    narrow = html.replace("Pratiques numériques", "Pratiquesnumériquesdelacollectivité")
    assert spilled_text(printer().lay_out(narrow)) == []  # a word too long breaks instead


def test_the_page_offers_the_pdf_and_the_download_is_kept(
    client: Client, frame: Frame, settings: Any
) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    logged_in(client, units[8])
    page = client.get(f"/repondre/{wave.pk}/restitution/").content.decode()
    assert f'href="/repondre/{wave.pk}/restitution.pdf"' in page
    assert "Télécharger en PDF" in page
    response = client.get(f"/repondre/{wave.pk}/restitution.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    code = units[8].replace(":", "-")
    assert (
        f'attachment; filename="restitution-{code}-vague-{wave.pk}.pdf"'
        == (response["Content-Disposition"])
    )
    first = response.content
    assert first.startswith(b"%PDF-")
    kept = list(Path(settings.RESTITUTIONS_ROOT).rglob("*.pdf"))
    assert [p.name for p in kept] == [f"{code}.pdf"]
    again = client.get(f"/repondre/{wave.pk}/restitution.pdf")
    assert again.content == first


def test_the_pdf_is_refused_as_the_page_is(client: Client, frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units[:-1])
    response = logged_in(client, units[-1]).get(f"/repondre/{wave.pk}/restitution.pdf")
    assert response.status_code == 404
    assert "n'a soumis aucun questionnaire de la vague" in seen(response)
    assert Client().get(f"/repondre/{wave.pk}/restitution.pdf")["Content-Type"] != (
        "application/pdf"
    )


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["restitution", *args], catch_exceptions=False)


def test_the_cli_writes_the_pdf_to_a_file(frame: Frame, tmp_path: Path) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    target = tmp_path / "restitution.pdf"
    result = run("--vague", str(wave.pk), "--collectivite", units[8], "--format", "pdf",
                 "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert b"/StructTreeRoot" in inflated(target.read_bytes())
    assert "écrite dans" in result.output


def test_the_cli_refuses_a_pdf_to_the_terminal_in_french() -> None:
    result = run("--vague", "1", "--collectivite", "42218", "--format", "pdf")
    assert result.exit_code == 2
    assert "un PDF ne s'écrit pas dans le terminal : ajoutez -o FICHIER.pdf" in result.output
