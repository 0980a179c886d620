"""Property-based API tests: schemathesis generates requests from /api/openapi.json and checks
every answer against the document (status codes, content types, response schemas, no 5xx).

Bounded: a few examples per operation, no deadline, on the small hand-made store.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from webfixtures import build_fixture_store

schemathesis = pytest.importorskip("schemathesis")

from brinkwatch.web.app import create_app  # noqa: E402


def _app(tmp_path_factory=None):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="bw-schemathesis-"))
    return create_app(build_fixture_store(folder / "valdoria.db"))


schema = schemathesis.openapi.from_asgi("/api/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    case.call_and_validate()
