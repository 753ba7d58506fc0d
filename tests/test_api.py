"""The open-data API as a whole: OpenAPI schema, docs page, cache and CORS headers, rate limit, schemathesis."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from config.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 100


def walk_properties(schema, path=""):
    """(path, property schema) for every property of every component, nested ones included."""
    for name, prop in schema.get("properties", {}).items():
        yield f"{path}.{name}", prop
        yield from walk_properties(prop, f"{path}.{name}")
        yield from walk_properties(prop.get("items", {}), f"{path}.{name}[]")


def test_schema_is_openapi_3_and_describes_every_field_in_korean(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/tasks/", "/api/v1/pledges/{id}/", "/api/v1/budget-rollups/"} <= set(schema["paths"])
    undescribed = [
        f"{component}{path}"
        for component, body in schema["components"]["schemas"].items()
        if body.get("type") == "object"
        for path, prop in walk_properties(body)
        if not prop.get("description") and "$ref" not in prop and "allOf" not in prop
    ]
    assert undescribed == []
    hangul = [
        prop["description"]
        for body in schema["components"]["schemas"].values()
        for _, prop in walk_properties(body)
        if prop.get("description") and any("가" <= char <= "힣" for char in prop["description"])
    ]
    assert len(hangul) > 100
    parameters = schema["paths"]["/api/v1/tasks/"]["get"]["parameters"]
    assert [p["name"] for p in parameters if not p.get("description")] == ["format"]  # its enum says it all


def test_schema_documents_only_reads(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    methods = {method for path in schema["paths"].values() for method in path}
    assert methods == {"get"}


def test_docs_page_is_served_from_our_own_static_files(client, db):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn." not in html
    assert "https://" not in html.replace("https://swagger.io", "")
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


def test_list_answers_carry_etag_and_cache_headers_and_answer_304_when_unchanged(client, seeded):
    first = client.get("/api/v1/tasks/")
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    etag = first["ETag"]
    again = client.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/api/v1/tasks/", {"page_size": 1}, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cors_allows_reads_from_any_origin_without_credentials(client, db):
    response = client.get("/api/v1/municipalities/", HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/municipalities/",
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/namyangju/plans/", HTTP_ORIGIN="https://x.example")


def test_writes_are_refused_and_set_no_cookie(client, seeded):
    for method in (client.post, client.put, client.patch, client.delete):
        assert method("/api/v1/tasks/").status_code == 405
    assert not client.get("/api/v1/tasks/").cookies


def test_anonymous_rate_limit_answers_429_with_retry_after(client, db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    cache.clear()
    codes = [client.get("/api/v1/municipalities/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/municipalities/")["Retry-After"]
    cache.clear()


@pytest.fixture
def wsgi_app():
    """The real WSGI app, sharing the test transaction: no connection closing between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def fuzz(operation):
    """Run EXAMPLES_PER_OPERATION generated requests against one operation; the status codes seen."""
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
        response = case.call()
        codes.append(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text[:500])
        case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])

    check()
    return codes


@pytest.mark.fuzz
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(wsgi_app, seeded):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures, runs = {}, {}
    for operation in operations:
        try:
            runs[operation.label] = fuzz(operation)
        except Exception as error:  # collect every operation's failure, then report them all
            failures[operation.label] = error
    assert failures == {}
    assert all(len(codes) >= EXAMPLES_PER_OPERATION for codes in runs.values()), {k: len(v) for k, v in runs.items()}
    print(f"schemathesis: {len(runs)} operations, {sum(map(len, runs.values()))} requests, no failure")


@pytest.mark.parametrize("code", ["1-2", "가-1", "a b", "x&y"])
def test_url_pattern_builds_what_reverse_builds(code):
    from django.urls import reverse

    from portal.api import url_pattern

    build = url_pattern("pledges:pledge", "slug", "code", numbers=["term"])
    assert build(slug="goyang", term=987_654_321_000, code=code) == reverse(
        "pledges:pledge", kwargs={"slug": "goyang", "term": 987_654_321_000, "code": code}
    )
