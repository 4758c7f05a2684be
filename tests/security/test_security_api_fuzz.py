"""Hostile input against the API: schemathesis generates requests from the live OpenAPI
schema (valid and invalid parameters alike); no answer may be a server error.

Driven through schemathesis' Python API (its pytest plugin's lazy fixtures do not work with
pytest 9): every operation gets ``EXAMPLES`` generated cases.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# transaction=True: every request commits on its own, as in the server (one failed
# query must not poison the requests after it, as it would inside one test transaction)
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

#: Generated cases per API operation.
EXAMPLES = 20


def _fuzz(operation: Any, tried: dict[str, int], failures: list[str]) -> None:
    label = f"{operation.method.upper()} {operation.path}"
    tried[label] = 0
    strategy = operation.as_strategy()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(strategy)
        response = case.call()
        tried[label] += 1
        if response.status_code >= 500:
            failures.append(f"{label} {case.formatted_path} {case.query}: {response.status_code}")

    run()


def test_api_never_answers_with_a_server_error(demo: Any) -> None:
    from ecc_atlas.web.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    tried: dict[str, int] = {}
    failures: list[str] = []
    for operation in operations:
        _fuzz(operation, tried, failures)
    print("schemathesis:", sum(tried.values()), "requests,", len(failures), "server errors")
    assert not failures, "\n".join(failures[:20])
