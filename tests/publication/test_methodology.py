"""The methodology note is generated from the result set's own data, in Markdown and HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from barometre.campaigns.models import Wave
from barometre.publication.methodology import cell_label, rates
from barometre.publication.note import render_note
from barometre.referentiel import Frame
from barometre.results.models import ResultSet

pytestmark = pytest.mark.django_db


def test_the_note_gives_response_rates_by_stratum(published_wave: Wave, frame: Frame) -> None:
    markdown, _ = render_note(ResultSet.objects.get(), frame)
    assert "| Communes de moins de 500 hab. | 10 | 18\u202f256 | 0,1 % |" in markdown


def test_the_note_gives_weighting_targets_diagnostics_and_rules(
    published_wave: Wave, frame: Frame
) -> None:
    result_set = ResultSet.objects.get()
    markdown, _ = render_note(result_set, frame)
    report = result_set.weighting["essai_resultats"]
    kish = f"{report['kish_deff']:.2f}".replace(".", ",")
    assert f"effet de plan de pondération de {kish}" in markdown
    assert "Auvergne-Rhône-Alpes" in markdown
    assert "moins de 5 collectivités" in markdown
    assert "linéarisation" in markdown
    assert "Biais connus" in markdown
    assert "Lire les chiffres" in markdown
    assert "Évolutions entre éditions" in markdown
    assert "aucune évolution n'est calculée" in markdown.lower()
    assert "@etalab/decoupage-administratif 6.0.0" in markdown


def test_the_note_counts_suppressed_cells_from_the_result_set(
    published_wave: Wave, frame: Frame
) -> None:
    result_set = ResultSet.objects.get()
    primary = result_set.estimates.filter(weighting="pondere", suppressed="primary").count()
    markdown, html = render_note(result_set, frame)
    assert f"{primary} en secret primaire" in markdown
    for text in (" ".join(markdown.split()), html):
        assert "décidé une seule fois pour tous les tableaux publiés" in text
        assert "sont masqués ensemble" in text


def test_a_result_set_built_table_by_table_says_so_and_how_to_rebuild(
    published_wave: Wave, frame: Frame
) -> None:
    result_set = ResultSet.objects.get()
    provenance = result_set.provenance
    secret = provenance["ponderation"]["secret"]
    del secret["tableaux_lies"], secret["bases_fixees_par_les_motifs"]
    ResultSet.objects.filter(pk=result_set.pk).update(provenance=provenance)  # as built before
    markdown, html = render_note(ResultSet.objects.get(), frame)
    for text in (" ".join(markdown.split()), html):
        assert "décidé tableau par tableau" in text
        assert "reconstruisez-en une révision" in text
        assert "décidé une seule fois" not in text


def test_the_note_says_how_many_hidden_bases_the_reasons_fix(
    published_wave: Wave, frame: Frame
) -> None:
    result_set = ResultSet.objects.get()
    provenance = result_set.provenance
    provenance["ponderation"]["secret"]["bases_fixees_par_les_motifs"] = 3
    ResultSet.objects.filter(pk=result_set.pk).update(provenance=provenance)
    markdown, html = render_note(ResultSet.objects.get(), frame)
    for text in (" ".join(markdown.split()), html):
        assert "Pour 3 cellules masquées, la base reste connue" in text


def test_the_html_note_is_well_formed_and_escaped(published_wave: Wave, frame: Frame) -> None:
    _, html = render_note(ResultSet.objects.get(), frame)

    class Checker(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tables = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tables += tag == "table" and not attrs

    checker = Checker()
    checker.feed(html)
    assert checker.tables == 5  # with the answers carried over, per theme
    assert '<html lang="fr">' in html
    assert "Questionnaire d&#x27;essai des résultats" in html


def test_rates_are_responses_over_frame_units() -> None:
    cells = [{"level": "commune·<500", "responses": 9, "units": 18, "target": 1.0}]
    assert rates(cells) == [
        {"cell": "Communes de moins de 500 hab.", "responses": "9", "units": "18", "rate": "50,0 %"}
    ]
    assert cell_label("epci·CC") == "Communauté de communes"


def test_the_command_writes_both_formats(published_wave: Wave, tmp_path: Path) -> None:
    result_set = ResultSet.objects.get()
    call_command("methodology_note", "--result-set", str(result_set.pk), "-o", str(tmp_path))
    assert (tmp_path / "methodologie.md").read_text(encoding="utf-8").startswith("# Note")
    assert (tmp_path / "methodologie.html").exists()
    with pytest.raises(CommandError, match="Aucun jeu"):
        call_command("methodology_note", "--result-set", "999999", "-o", str(tmp_path))


def test_the_open_data_package_carries_the_note(package: Path) -> None:
    assert (package / "methodologie.md").exists()
    assert (package / "methodologie.html").exists()


def test_the_note_says_which_interval_each_figure_uses(published_wave: Wave, frame: Frame) -> None:
    markdown, html = render_note(ResultSet.objects.get(), frame)
    assert "parts : Korn–Graubard" in markdown
    assert "l'intervalle n'est jamais réduit à un point" in markdown
    assert "sans intervalle (cases vides)" in markdown
    assert "parmi les répondants qui ont répondu à la question" in markdown
    assert "Korn–Graubard" in html
    assert "logit" not in markdown
