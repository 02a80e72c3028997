"""The reliability suite runs on PostgreSQL only (``--db=postgres``), behind gunicorn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from barometre.campaigns.models import Wave
from barometre.collection.links import enrol, issue_link
from tests.reliability.saves import Respondent, log_in
from tests.reliability.server import Server, free_port
from tests.support.postgres import Cluster


@pytest.fixture(scope="session")
def server(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    """gunicorn with the production settings on the test database (its rows committed by the
    transactional tests), one per test process, started again by the tests that kill it."""
    if request.config.getoption("--db") != "postgres":
        pytest.fail("La suite de fiabilité tourne sur PostgreSQL : lancez pytest --db=postgres.")
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    served = Server(cluster, connection.settings_dict["NAME"], free_port(), log)
    served.prepare()
    served.start()
    try:
        yield served
    finally:
        served.stop()


def database_url(server: Server) -> str:
    return f"postgresql://postgres@127.0.0.1:{server.cluster.port}/{server.database}"


#: Communes of the Loire (the frame's stable ids), one respondent each.
COMMUNES = ("42218", "42187", "42095", "42207", "42005", "42147", "42184", "42279")


def respondents(server: Server, wave: Wave, count: int) -> list[Respondent]:
    """``count`` respondents of as many authorities, logged in and on the « outils » page."""
    found = []
    for number, code in enumerate(COMMUNES[:count]):
        person = enrol(code, f"fiabilite-{code}@exemple.fr", "agent")
        browser = log_in(server.port, issue_link(person), wave.pk)
        path = f"/repondre/{wave.pk}/essai/outils/"
        found.append(Respondent(f"r{number}", person.authority_id, browser, path))
    return found
