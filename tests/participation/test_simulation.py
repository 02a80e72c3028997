"""The simulation behind docs/methodology.md § 13: targeted reminders against random ones."""

from __future__ import annotations

import numpy as np
import pytest

from barometre.participation import simulation as sim
from barometre.referentiel import load_frame

SCENARIO = sim.Scenario(reminders=1_500, per_group=100)


@pytest.fixture(scope="module")
def people() -> sim.Population:
    return sim.population(load_frame(), SCENARIO)


def test_the_population_is_drawn_at_the_scenarios_response_rate(people: sim.Population) -> None:
    assert len(people.ids) == 36_249
    assert people.propensity.mean() == pytest.approx(SCENARIO.initial_rate, abs=1e-6)
    # larger authorities answer more, as in the real barometer
    paris = people.ids.index("commune:75056")
    assert people.propensity[paris] > 5 * SCENARIO.initial_rate
    assert 0.1 < people.truth["plan_cyber"] < people.truth["demarches_en_ligne"] < 0.9


def test_both_arms_send_as_many_reminders_and_share_the_first_answers(
    people: sim.Population,
) -> None:
    sent: dict[str, int] = {}

    def counting(name: str, choose: sim.Chooser) -> sim.Chooser:
        def wrapped(
            p: sim.Population, responded: np.ndarray, rng: np.random.Generator
        ) -> np.ndarray:
            chosen = choose(p, responded, rng)
            assert not responded[chosen].any()  # only non-respondents are reminded
            sent[name] = sent.get(name, 0) + len(chosen)
            return chosen

        return wrapped

    first = sim.collect(people, SCENARIO, 0, None)
    random = sim.collect(people, SCENARIO, 0, counting("random", sim.at_random(SCENARIO)))
    ranked = sim.collect(people, SCENARIO, 0, counting("ranked", sim.targeted(SCENARIO)))
    assert sent == {"random": 3_000, "ranked": 3_000}
    assert (random >= first).all()
    assert (ranked >= first).all()
    assert random.sum() > first.sum()
    assert ranked.sum() > first.sum()


def test_targeted_reminders_make_the_respondents_more_representative(
    people: sim.Population,
) -> None:
    outcomes = sim.replicate(people, SCENARIO, 1)
    r = {o.arm: o.r_indicator for o in outcomes}
    assert r["relances ciblées"] > r["relances au hasard"]
    for outcome in outcomes:
        assert outcome.width > 0
        assert outcome.low <= outcome.estimate <= outcome.high


def test_a_quasi_separated_cell_still_gives_an_r_indicator(people: sim.Population) -> None:
    # replicate 3 of the default scenario, without reminders, leaves cells whose fitted
    # propensity tends to 0 or 1: the Newton information matrix becomes singular on the way
    scenario = sim.Scenario()
    drawn = sim.population(load_frame(), scenario)
    responded = sim.collect(drawn, scenario, 3, None)
    outcomes = sim.estimate(drawn, responded, "sans relance")
    assert outcomes[0].r_indicator is not None
    assert 0 < outcomes[0].r_indicator < 1


def test_a_summary_reads_bias_width_and_coverage() -> None:
    rows = [
        sim.Outcome("a", "plan_cyber", 10, 0.9, 0.30, 0.25, 0.35, 0.28),
        sim.Outcome("a", "plan_cyber", 12, 0.8, 0.20, 0.18, 0.22, 0.28),
    ]
    (summary,) = sim.summarise(rows)
    assert summary.bias == pytest.approx(-0.03)
    assert summary.rmse == pytest.approx(np.sqrt((0.02**2 + 0.08**2) / 2))
    assert summary.width == pytest.approx(0.07)
    assert summary.coverage == 0.5
    assert summary.respondents == 11
    assert summary.r_indicator == pytest.approx(0.85)


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        (sim.Scenario(initial_rate=0), "taux de réponse spontanée"),
        (sim.Scenario(reminders=-1), "ne peut pas être négatif"),
        (sim.Scenario(lift=0), "effet d'une relance"),
    ],
)
def test_a_scenario_that_cannot_be_simulated_says_why(scenario: sim.Scenario, message: str) -> None:
    with pytest.raises(sim.SimulationError, match=message):
        sim.population(load_frame(), scenario)
