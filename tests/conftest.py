"""Shared fixtures: where ../shared lives, the spaCy pipeline loaded once per session, and a
store of the project's example corpus analysed once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BRINKWATCH_SHARED", PROJECT_ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test when it is absent (a user's clone), fails in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true requires the shared data")
        pytest.skip(f"{path} is absent: the shared data sits beside the project only in the dev setup")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture(scope="session")
def nlp():
    from brinkwatch.analyze.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory) -> Path:
    """A store of examples/ (run once; tests derive copies of it, never the store itself)."""
    from brinkwatch.pipeline import run
    from brinkwatch.settings import Settings

    db = tmp_path_factory.mktemp("examples") / "store.db"
    run([str(PROJECT_ROOT / "examples")], str(db), Settings())
    return db
