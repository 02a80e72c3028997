"""Suite-wide fixtures and rules.

- ``--db=postgres`` runs the database tests on a throwaway PostgreSQL cluster that this file
  starts and stops (one per xdist worker); the default is SQLite.
- With ``CI=true`` a skipped test fails the run: nothing is skipped silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer

from barometre.referentiel import Frame, load_frame
from tests.support.browser import CHROMIUM_FLAGS, chromium_path
from tests.support.postgres import Cluster, start_cluster

pytest_plugins = ["tests.support.collection_fixtures"]

_skipped: list[str] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="base de données des tests Django (PostgreSQL : grappe jetable démarrée ici)",
    )


class OneRequestAtATime(WSGIServer):
    """Django's development server without threads: requests are served in the live server's
    own thread, the one given the shared connection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("connections_override", None)  # the thread, not the server, holds them
        super().__init__(*args, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    """On SQLite the browser tests' server shares the test's one in-memory connection with every
    request thread: two requests at once (an autosave sent while the page moves on) would
    interleave their savepoints and break the transaction of both. There the live server takes
    one request at a time (and says « Connection: close »); on PostgreSQL each request thread
    has its own connection and the server stays threaded, as in production."""
    if config.getoption("--db") != "postgres":
        from django.test.testcases import LiveServerThread  # noqa: PLC0415

        LiveServerThread.server_class = OneRequestAtATime


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI", "").lower() == "true" and _skipped and exitstatus == 0:
        session.exitstatus = 1
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"CI=true : {len(_skipped)} test(s) ignoré(s), c'est un échec :")
            for nodeid in _skipped:
                reporter.write_line(f"  {nodeid}")


@pytest.fixture(scope="session")
def frame() -> Frame:
    """The shipped frame, loaded once per test session."""
    return load_frame()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest,
    django_db_modify_db_settings_parallel_suffix: None,
) -> None:
    """Point Django at the throwaway PostgreSQL cluster when ``--db=postgres`` is given."""
    if request.config.getoption("--db") != "postgres":
        return
    from django.conf import settings  # noqa: PLC0415 - Django is configured by now

    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = "test_barometre"
    database.update(
        ENGINE="django.db.backends.postgresql",
        NAME="barometre",
        USER="postgres",
        PASSWORD="",
        HOST="127.0.0.1",
        PORT=str(cluster.port),
        CONN_MAX_AGE=0,
    )
    from django.db import connections  # noqa: PLC0415 - Django is configured by now

    connections.close_all()
    del connections["default"]  # forget a wrapper made for SQLite before this point


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium from Debian, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only browser tests

    # Playwright's sync API keeps an event loop in this thread; Django's test database calls
    # from the same thread are still synchronous, so tell Django not to refuse them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # axe-core is injected as an inline script, which our Content Security Policy refuses;
    # tests of the policy itself open their own context without this bypass.
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()
