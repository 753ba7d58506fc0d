"""Content-Security-Policy on every HTML answer, and no inline script or style in our templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from plans.models import User

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def served_templates():
    """Every template of ours that is served over HTTP (e-mail bodies are not)."""
    return [path for path in TEMPLATES.rglob("*.html") if "email" not in path.parts]


@pytest.mark.parametrize("template", served_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_no_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert not found, f"{template}: {', '.join(found)}"


def test_the_policy_allows_nothing_inline_and_nothing_from_other_hosts():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name, sources in directives.items():
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, name
        assert all(source.startswith("'") or source == "data:" for source in sources), (name, sources)
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/en/", "/namyangju/plans/", "/goyang/pledges/", "/seoul/budgets/", "/api/v1/docs/", "/admin/login/"],
)
def test_public_pages_carry_the_policy(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "object-src 'none'" in policy


@pytest.mark.django_db
def test_admin_pages_and_report_downloads_carry_the_policy(client, seeded):
    client.force_login(User.objects.get(username="nyj-coordinator"))
    for url in [reverse("admin:index"), reverse("admin:plans_task_changelist"), reverse("reports:download")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
