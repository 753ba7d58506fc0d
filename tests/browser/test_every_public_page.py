"""Every public page template in a real browser, on a phone (390 px) and a desktop (1366 px).

Each page: no WCAG 2.1 AA violation by axe-core, nothing wider than the screen but tables
(which scroll inside their own frame with their first column kept in view), every link and
field reachable by the keyboard, and a screenshot kept for people to look at.
"""

import datetime

import pytest
from django.utils import timezone

from kpis.models import Indicator
from plans.models import OrgUnit, Plan, SourceDocument
from pledges.models import (
    ChangeComment,
    CitizenPanel,
    ManagementRules,
    PanelMeeting,
    PanelMember,
    PanelOpinion,
    Pledge,
    PledgeChange,
)
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1366}


def public_paths():
    """One address of every public template, from the seed data."""
    plan = Plan.objects.select_related("municipality").get(slug="namyangju-2026-planning-office")
    task = plan.strategies.order_by("number").first().tasks.order_by("order").first()
    pledge = Pledge.objects.select_related("term__municipality").first()
    indicator = Indicator.objects.select_related("municipality").filter(municipality__slug="seoul").first()
    unit = OrgUnit.objects.filter(municipality__slug="namyangju", parent__isnull=False).order_by("order").first()
    return {
        "home": "/",
        "city": "/namyangju/",
        "plan-list": "/namyangju/plans/",
        "plan": plan.get_absolute_url(),
        "task": task.get_absolute_url(),
        "organisation": "/namyangju/organisation/",
        "unit": unit.get_absolute_url(),
        "budget": "/namyangju/budgets/",
        "unit-budget": f"/namyangju/budgets/units/{unit.pk}/",
        "tracker": "/goyang/pledges/",
        "evaluation": "/goyang/pledges/evaluation/",
        "pledge": pledge.get_absolute_url(),
        "indicators": "/seoul/indicators/",
        "indicator": indicator.get_absolute_url(),
        "calendar": "/namyangju/calendar/",
        "search": "/search/?q=정책",
        "updates": "/namyangju/updates/",
        "source": SourceDocument.objects.get(key="004").get_absolute_url(),
        "english-city": "/en/seoul/",
        "not-found": "/no-such-city/plans/none/",
    }


def procedure_paths(pledge):
    """The 관리 규정, a panel with a meeting and a 변경안 open for comments (the seeds hold none), and their pages."""
    city = pledge.term.municipality
    today = timezone.localdate()
    rules = ManagementRules.objects.create(
        municipality=city,
        title=f"{city.name} 공약사항 관리 규정",
        enacted_on=datetime.date(2022, 9, 1),
        body="제1조(목적)",
    )
    panel = CitizenPanel.objects.create(
        municipality=city,
        term=pledge.term,
        kind="evaluation",
        name="공약이행평가단",
        founded_on=datetime.date(2022, 9, 1),
    )
    for name, category, consent in [
        ("김시민", "citizen", True),
        ("이전문", "expert", False),
        ("박청년", "youth", True),
    ]:
        PanelMember.objects.create(panel=panel, name=name, category=category, consent=consent)
    meeting = PanelMeeting.objects.create(
        panel=panel,
        held_on=today,
        agenda="상반기 공약 추진상황 점검",
        summary="추진상황 보고",
        state="approved",
        reviewed_at=timezone.now(),
    )
    meeting.pledges.set([pledge])
    PanelOpinion.objects.create(meeting=meeting, order=1, opinion="진행 공개 확대", city_response="분기마다 공개")
    change = PledgeChange.objects.create(
        pledge=pledge,
        reason_class="conditions",
        reason="여건 변화",
        original_title=pledge.title,
        proposed_title=f"{pledge.title} (조정안)",
        state="open",
        submitted_at=timezone.now(),
        reviewed_at=timezone.now(),
        comment_start=today,
        comment_end=today + datetime.timedelta(days=14),
    )
    ChangeComment.objects.create(change=change, text="찬성합니다", state="published", answer="반영하겠습니다")
    slug = city.slug
    return {
        "rules": rules.get_absolute_url(),
        "panels": f"/{slug}/pledges/panels/",
        "panel-meeting": meeting.get_absolute_url(),
        "open-changes": f"/{slug}/pledges/changes/",
        "change": f"/{slug}/pledges/changes/{change.pk}/",
    }


@pytest.fixture
def pages(seeded):
    paths = public_paths()
    return {**paths, **procedure_paths(Pledge.objects.select_related("term__municipality").first())}


@pytest.fixture(params=sorted(WIDTHS))
def sized_page(request, browser):
    width = WIDTHS[request.param]
    context = browser.new_context(
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        viewport={"width": width, "height": 900},
        is_mobile=request.param == "phone",
        has_touch=request.param == "phone",
        bypass_csp=True,  # axe-core is injected as a script; the CSP itself is tested on its own
    )
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    if (element.closest('.krds-table-wrap')) continue;
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) wide.push(element.tagName + '.' + element.className);
  }
  return wide.slice(0, 5);
}"""

HIDDEN_KEY_COLUMNS = """() => {
  const hidden = [];
  for (const wrap of document.querySelectorAll('.krds-table-wrap')) {
    if (wrap.scrollWidth <= wrap.clientWidth + 1) continue;
    wrap.scrollLeft = wrap.scrollWidth;
    const first = wrap.querySelector('tbody tr > :first-child');
    if (first) {
      const cell = first.getBoundingClientRect(), frame = wrap.getBoundingClientRect();
      if (cell.left < frame.left - 1 || cell.right <= frame.left) hidden.push(wrap.querySelector('caption')?.innerText || 'table');
    }
    wrap.scrollLeft = 0;
  }
  return hidden;
}"""

# The comment form's trap field for robots is meant to be out of people's reach.
UNREACHABLE = """() => [...document.querySelectorAll('a[href], button, input, select, textarea')]
  .filter(e => !e.closest('.trap'))
  .filter(e => e.offsetParent !== null && (e.tabIndex < 0 || e.disabled && e.tagName !== 'BUTTON'))
  .map(e => e.outerHTML.slice(0, 80)).slice(0, 5)"""


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "city",
        "plan-list",
        "plan",
        "task",
        "organisation",
        "unit",
        "budget",
        "unit-budget",
        "tracker",
        "evaluation",
        "pledge",
        "indicators",
        "indicator",
        "calendar",
        "search",
        "updates",
        "source",
        "english-city",
        "rules",
        "panels",
        "panel-meeting",
        "open-changes",
        "change",
        "not-found",
    ],
)
def test_every_public_page_reads_on_a_phone_and_a_desktop(live_server, pages, sized_page, name):
    response = sized_page.goto(f"{live_server.url}{pages[name]}")
    assert response.status == (404 if name == "not-found" else 200)
    violations = axe_violations(sized_page)
    print(f"{name} at {sized_page.width_name}: axe violations {violations}")
    assert violations == []
    assert sized_page.evaluate(OVERFLOW) == []
    assert sized_page.evaluate(HIDDEN_KEY_COLUMNS) == []
    assert sized_page.evaluate(UNREACHABLE) == []
    assert sized_page.evaluate("document.documentElement.lang") in ("ko", "en")
    screenshot(sized_page, f"every-page-{name}-{sized_page.width_name}")
