"""schemathesis over HTTP against a live server: every operation, 100 examples each, 0 × 5xx, 0 mismatches."""

import time

import pytest
import schemathesis
from django.utils.http import content_disposition_header
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES_PER_OPERATION = 100
CHECKS = [response_schema_conformance, content_type_conformance, response_headers_conformance, status_code_conformance]


def fuzz(operation, base_url):
    """EXAMPLES_PER_OPERATION generated requests over HTTP against one operation; the status codes seen."""
    codes = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(base_url=base_url, timeout=30)
        codes.append(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text[:500])
        case.validate_response(response, checks=CHECKS)

    check()
    return codes


@pytest.mark.fuzz
def test_schemathesis_over_http_finds_no_server_error_and_no_answer_outside_the_schema(live_server, seeded):
    started = time.monotonic()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures, runs = {}, {}
    for operation in operations:
        try:
            runs[operation.label] = fuzz(operation, live_server.url)
        except (Exception, BaseExceptionGroup) as error:  # collect every operation's failure, then report them all
            failures[operation.label] = error
    total = sum(len(codes) for codes in runs.values())
    print(f"\n{len(operations)} operations, {total} requests over HTTP in {time.monotonic() - started:.0f} s")
    assert failures == {}, {label: str(error).splitlines()[:12] for label, error in failures.items()}
    assert all(len(codes) >= EXAMPLES_PER_OPERATION for codes in runs.values()), {k: len(v) for k, v in runs.items()}


def test_schema_file_name_is_sent_as_rfc_6266_filename_star(client, db):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == content_disposition_header(False, "시정계획 포털 공공데이터 API.json")
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")


def test_every_operation_documents_its_error_answers(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert {"200", "400", "404", "406", "429"} <= set(operation["responses"]), path
