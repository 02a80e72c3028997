"""Saves of different authorities run side by side; closing the wave still waits for them.

PostgreSQL only: each save runs in its own thread and connection. A save holds its response row
for update and its wave in share mode until it commits, so another authority's save does not
wait for it, while closing the wave (which locks the wave for update) does."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connection, transaction

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection import flows
from barometre.collection.errors import WaveClosedError
from barometre.collection.models import Respondent, Response

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class HeldSave:
    """A save of ``response`` in another thread, its transaction held open until released."""

    def __init__(self, response: Response, who: Respondent) -> None:
        self.saved, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, args=(response, who))

    def _run(self, response: Response, who: Respondent) -> None:
        try:
            with transaction.atomic():
                flows.save_page(response, "site", {"a_site": "oui"}, who, key="a", base_revision=0)
                self.saved.set()
                self.release.wait(timeout=30)
        finally:
            connection.close()

    def __enter__(self) -> HeldSave:
        self.thread.start()
        assert self.saved.wait(timeout=30)
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.thread.join(timeout=30)


@pytest.fixture
def waiting_at_most_two_seconds() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")


@pytest.mark.usefixtures("waiting_at_most_two_seconds")
def test_another_authority_saves_while_a_save_is_in_progress(
    open_wave: Wave, agent: Respondent, stranger: Respondent
) -> None:
    assert connection.vendor == "postgresql"
    mine = flows.open_response(open_wave, "essai", agent)
    theirs = flows.open_response(open_wave, "essai", stranger)
    with HeldSave(mine, agent):
        result = flows.save_page(
            theirs, "site", {"a_site": "non"}, stranger, key="b", base_revision=0
        )
    assert result.revision == 1
    assert flows.current_values(theirs) == {"a_site": "non"}
    assert flows.current_values(mine) == {"a_site": "oui"}


@pytest.mark.usefixtures("waiting_at_most_two_seconds")
def test_closing_the_wave_waits_for_the_save_in_progress_then_refuses_saves(
    open_wave: Wave, agent: Respondent, stranger: Respondent
) -> None:
    mine = flows.open_response(open_wave, "essai", agent)
    theirs = flows.open_response(open_wave, "essai", stranger)
    with HeldSave(mine, agent), pytest.raises(OperationalError, match="lock timeout"):
        campaign_flows.transition(open_wave, WaveStatus.CLOSED)
    campaign_flows.transition(open_wave, WaveStatus.CLOSED)
    assert flows.current_values(mine) == {"a_site": "oui"}
    with pytest.raises(WaveClosedError, match="Cette vague n'est pas ouverte"):
        flows.save_page(theirs, "site", {"a_site": "non"}, stranger, key="b", base_revision=0)
    assert flows.current_values(theirs) == {}
