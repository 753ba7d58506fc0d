"""CSV downloads: headers in the page's language, a file name that says what and as of when."""

import csv
import io
import re
from urllib.parse import unquote

import pytest
from django.utils import timezone

from portal import generation

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def download(client, path, **params):
    response = client.get(path, {"format": "csv", **params})
    assert response.status_code == 200
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def file_name(response):
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    if "filename*=" in disposition:
        encoded = disposition.split("filename*=", 1)[1]
        charset, _, value = encoded.split("'", 2)
        assert charset.lower() == "utf-8"
        return unquote(value)
    return disposition.split('filename="', 1)[1].rstrip('"')


def as_of():
    return timezone.localdate(generation.current()[1]).isoformat()


@pytest.mark.parametrize(
    ("path", "params", "korean", "english"),
    [
        ("/api/v1/tasks/", {"plan": "namyangju-2026-planning-office"}, "과제명", "Task title"),
        ("/api/v1/pledges/", {"municipality": "goyang"}, "공약명", "Pledge title"),
        ("/api/v1/budget-lines/", {"municipality": "namyangju"}, "재원", "Funding source"),
        ("/api/v1/units/", {"municipality": "namyangju"}, "조직명", "Unit name"),
    ],
)
def test_headers_follow_the_page_language(client, seeded, path, params, korean, english):
    _response, rows = download(client, path, lang="ko", **params)
    assert korean in rows[0]
    _response, rows = download(client, path, lang="en", **params)
    assert english in rows[0]
    assert not [title for title in rows[0] if HANGUL.search(title)]


def test_without_a_language_programs_keep_the_column_names(client, seeded):
    _response, rows = download(client, "/api/v1/tasks/", plan="namyangju-2026-planning-office")
    assert {"code", "title", "lead_unit.name"} <= set(rows[0])


def test_nested_columns_name_their_parent_once(client, seeded):
    _response, rows = download(client, "/api/v1/tasks/", lang="en", plan="namyangju-2026-planning-office")
    assert "Lead unit name" in rows[0]
    _response, rows = download(client, "/api/v1/tasks/", lang="ko", plan="namyangju-2026-planning-office")
    assert "주관 부서 조직명" in rows[0]


def test_file_name_says_what_which_and_as_of_when_in_korean_with_rfc_6266(client, seeded):
    response, _rows = download(client, "/api/v1/tasks/", lang="ko", plan="namyangju-2026-planning-office")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert file_name(response) == f"과제_namyangju-2026-planning-office_{as_of()}-기준.csv"
    response, _rows = download(client, "/api/v1/tasks/", lang="en", plan="namyangju-2026-planning-office")
    assert file_name(response) == f"Task_namyangju-2026-planning-office_as-of-{as_of()}.csv"


def test_a_filter_value_cannot_break_out_of_the_file_name(client, seeded):
    response, _rows = download(client, "/api/v1/pledges/", lang="en", municipality='go"yang/../x;')
    name = file_name(response)
    assert name.endswith(".csv") and not re.search(r'["/;\\]', name)


def test_pages_link_their_download_in_their_own_language(client, seeded):
    korean = client.get("/namyangju/plans/namyangju-2026-planning-office/").content.decode()
    english = client.get("/en/namyangju/plans/namyangju-2026-planning-office/").content.decode()
    assert "format=csv&amp;plan=namyangju-2026-planning-office&amp;lang=ko" in korean
    assert "format=csv&amp;plan=namyangju-2026-planning-office&amp;lang=en" in english
