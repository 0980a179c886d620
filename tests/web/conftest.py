"""Fixtures of the web tests: stores (see webfixtures.py) and test clients, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from webfixtures import build_fixture_store, shared_path


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    return build_fixture_store(tmp_path_factory.mktemp("webfix") / "valdoria.db")


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """The seed articles through the whole pipeline, once per session."""
    from brinkwatch.pipeline import run

    seeds = shared_path("seeds")
    db = tmp_path_factory.mktemp("webseeds") / "seeds.db"
    report = run([str(seeds)], str(db))
    assert report.documents >= 5
    return db


@pytest.fixture(scope="session")
def fixture_client(fixture_db):
    from starlette.testclient import TestClient

    from brinkwatch.web.app import create_app

    with TestClient(create_app(fixture_db)) as client:
        yield client


@pytest.fixture(scope="session")
def seeds_client(seeds_db):
    from starlette.testclient import TestClient

    from brinkwatch.web.app import create_app

    with TestClient(create_app(seeds_db)) as client:
        yield client
