"""Public plan pages: content on the seed data, filters, approved-only progress, search, 404s and query counts."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from plans.models import OrgUnit, Plan, ProgressReport, Task
from tests.factories import (
    ActionItemFactory,
    ApprovalStepFactory,
    HeadlineTargetFactory,
    OrgUnitFactory,
    PlanDirectionFactory,
    PlanFactory,
    PlanSectionFactory,
    ProgressReportFactory,
    StrategyFactory,
    TaskFactory,
    TaskObjectiveFactory,
)

pytestmark = pytest.mark.django_db

NAMYANGJU = "namyangju-2026-planning-office"
PLAN_URL = f"/namyangju/plans/{NAMYANGJU}/"
Status = ProgressReport.Status
State = ProgressReport.State


def html_of(client, url, **params):
    """The page's HTML with the whitespace between tags taken out (text keeps its own)."""
    response = client.get(url, params)
    assert response.status_code == 200, url
    return re.sub(r">\s+<", "><", response.content.decode())


def seed_task(code):
    return Task.objects.get(strategy__plan__slug=NAMYANGJU, code=code)


def seed_unit(name):
    return OrgUnit.objects.get(municipality__slug="namyangju", name=name)


def task_codes_listed(html, plan_slug=NAMYANGJU):
    """Codes of the tasks linked from a page, in page order, each once."""
    found = re.findall(rf'href="/namyangju/plans/{plan_slug}/tasks/([^/"]+)/"', html)
    return list(dict.fromkeys(found))


def approve(
    task, *, year=2026, quarter=3, status=Status.ON_TRACK, progress=65, narrative="정책현장투어 3회 실시", **kw
):
    reviewed_at = datetime.datetime(year, min(12, quarter * 3 + 1), 12, 1, 0, tzinfo=datetime.UTC)
    return ProgressReportFactory(
        task=task,
        year=year,
        quarter=quarter,
        status=status,
        progress=progress,
        narrative=narrative,
        state=State.APPROVED,
        reviewed_at=reviewed_at,
        **kw,
    )


# --- plans by municipality -------------------------------------------------------------


def test_home_card_links_each_municipality_to_its_plans(client, seeded):
    html = html_of(client, reverse("plans:home"))
    assert 'href="/namyangju/plans/"' in html
    assert "남양주시 업무계획" in html


def test_plan_list_shows_title_owning_unit_period_and_counts(client, seeded):
    html = html_of(client, reverse("plans:plan_list", kwargs={"slug": "namyangju"}))
    assert f'href="{PLAN_URL}">2026년 기획조정실 업무계획</a>' in html
    assert ">기획조정실</a>" in html
    assert "<dd>2026. 1. ~ 12.</dd>" in html
    assert "<dt>추진전략</dt><dd>5개</dd>" in html
    assert "<dt>중점 추진과제</dt><dd>17개</dd>" in html


def test_plan_list_leaves_out_unpublished_plans(client, db):
    shown = PlanFactory(title="공개된 계획")
    PlanFactory(municipality=shown.municipality, title="비공개 계획", is_published=False)
    html = html_of(client, reverse("plans:plan_list", kwargs={"slug": shown.municipality.slug}))
    assert "공개된 계획" in html
    assert "비공개 계획" not in html


def test_main_menu_links_the_municipality_plans_where_one_is_in_context(client, seeded):
    html = html_of(client, reverse("plans:organisation", kwargs={"slug": "namyangju"}))
    menu = html.split('class="portal-main-menu"')[1].split("</nav>")[0]
    assert 'href="/namyangju/plans/"' in menu
    home_menu = html_of(client, reverse("plans:home")).split('class="portal-main-menu"')[1].split("</nav>")[0]
    assert "/plans/" not in home_menu


# --- plan page -----------------------------------------------------------------------


def test_plan_page_shows_vision_strategies_and_tasks_under_the_plans_own_labels(client, seeded):
    html = html_of(client, PLAN_URL)
    assert "<h1>2026년 기획조정실 업무계획</h1>" in html
    assert "시민체감, 성과로 완성하는 미래형 자족도시" in html
    assert "자료 기준: 2026. 1. ~ 12. 계획 문서" in html
    for number in range(1, 6):
        assert f'<span class="level-label">추진전략 {number}</span>' in html
    assert "<h4>중점 추진과제</h4>" in html
    assert "추진전략 · 중점 추진과제" in html
    assert len(task_codes_listed(html.split('id="tasks"')[1])) == 17
    assert "법과 제도로 신뢰받는 책임 행정 실현" in html
    assert ">의회법무과</a>" in html


def test_plan_page_shows_work_directions_linked_to_their_task(client, seeded):
    html = html_of(client, PLAN_URL)
    directions = html.split('id="plan-directions"')[1].split('id="tasks"')[0]
    assert "<h3>기능중심·시민시장중심 조직관리체계 마련</h3>" in directions
    assert "왕숙신도시 입주, 첨단산업단지 개발에 대비한 조직, 인력 보강" in directions
    assert f'href="{PLAN_URL}tasks/1-2/"' in directions
    # the direction that covers two tasks links to none
    assert "<h3>스마트 도시관제시스템 시설 확대 및 개선</h3>" in directions


def test_plan_page_shows_headline_targets_approval_metadata_and_chain(client, db):
    plan = PlanFactory(
        title="서울 시험 추진계획",
        goal="혁신이 만드는 기회의 도시",
        level1_label="프로젝트",
        level2_label="전략과제",
        document_number="경제정책과-2332",
        approved_on=datetime.date(2018, 2, 24),
        disclosure="대시민공개",
        policy_number="서울특별시장 방침 제29호",
        retention="영구",
        producing_unit="경제진흥본부 경제기획관 경제정책과",
        management_number="D0000032884260",
        classification="경제 > 지역산업",
        licence="공공누리 제4유형",
    )
    HeadlineTargetFactory(plan=plan, text="좋은 일자리 62,533개 창출", value=62533, unit="개", year=2022)
    ApprovalStepFactory(plan=plan, kind="결재", title="행정1부시장", name="윤준병", signed="02/24")
    ApprovalStepFactory(plan=plan, kind="협조", title="기획조정실장", name="김용복")
    PlanSectionFactory(plan=plan, title="추진배경", body="첫 줄\n  - 둘째 줄")
    StrategyFactory(
        plan=plan,
        number=1,
        title="도심제조 활력 도시",
        background="배경 한 줄\n배경 두 줄",
        main_projects="주요사업 원문",
    )
    html = html_of(client, plan.get_absolute_url())
    assert "자료 기준: 2018. 2. 24. 결재된 계획 문서" in html
    assert "혁신이 만드는 기회의 도시" in html
    assert "<caption>서울 시험 추진계획의 핵심 목표</caption>" in html
    assert '<th scope="row">좋은 일자리 62,533개 창출</th>' in html
    assert '<td class="num">62,533</td>' in html
    for label, value in [
        ("문서번호", "경제정책과-2332"),
        ("결재일자", "2018. 2. 24."),
        ("공개여부", "대시민공개"),
        ("방침번호", "서울특별시장 방침 제29호"),
        ("보존기간", "영구"),
        ("생산부서", "경제진흥본부 경제기획관 경제정책과"),
        ("관리번호", "D0000032884260"),
        ("분류정보", "경제 &gt; 지역산업"),
        ("이용조건", "공공누리 제4유형"),
    ]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html
    assert "<caption>서울 시험 추진계획의 결재·협조 경로 (문서에 적힌 순서)</caption>" in html
    assert '<td>결재</td><th scope="row">행정1부시장</th><td>윤준병</td><td>02/24</td>' in html
    assert '<th scope="row">기획조정실장</th>' in html
    assert '<div class="keep-lines">첫 줄\n  - 둘째 줄</div>' in html
    assert '<span class="level-label">프로젝트 1</span> 도심제조 활력 도시' in html
    assert "<h4>전략과제</h4>" in html
    assert '<div class="keep-lines">배경 한 줄\n배경 두 줄</div>' in html
    assert "주요사업 원문" in html


def test_plan_without_approval_metadata_shows_no_document_section(client, seeded):
    html = html_of(client, PLAN_URL)
    assert 'id="plan-approval"' not in html
    assert "문서번호" not in html


def test_long_strategy_text_folds_under_details_after_its_first_lines(client, db):
    long_text = "\n".join(f"○ 주요사업 {n}번째 줄" for n in range(30))
    strategy = StrategyFactory(main_projects=long_text)
    html = html_of(client, strategy.plan.get_absolute_url())
    assert '<div class="keep-lines">○ 주요사업 0번째 줄\n○ 주요사업 1번째 줄\n○ 주요사업 2번째 줄</div>' in html
    assert "<summary>주요사업 나머지 내용 펼쳐 보기</summary>" in html
    assert "○ 주요사업 29번째 줄" in html.split("<details")[1]


def test_plan_page_shows_each_tasks_latest_approved_status_with_number_quarter_and_date(client, seeded):
    task = seed_task("1-1")
    approve(task, quarter=2, status=Status.ON_TRACK, progress=50)
    approve(task, quarter=3, status=Status.DELAYED, progress=65)
    html = html_of(client, PLAN_URL)
    card = html.split('id="tasks"')[1].split(f'href="{PLAN_URL}tasks/1-1/"')[1].split('<li class="task-card">')[0]
    assert "지연" in card
    assert 'value="65"' in card
    assert "추진률 65%" in card
    assert "2026년 3분기 기준 · 2026. 10. 12. 승인" in card
    assert "추진률 50%" not in html


def test_tasks_without_an_approved_report_say_so_and_show_no_number(client, seeded):
    html = html_of(client, PLAN_URL)
    assert html.count("아직 승인된 실적이 없습니다") == 17
    assert "추진률" not in html.split('<section class="strategy"', 1)[1]
    assert "승인된 분기 실적이 아직 없어 추진률을 계산하지 않습니다." in html
    assert "<progress" not in html


# --- filters -------------------------------------------------------------------------


def test_unit_filter_lists_only_the_tasks_that_unit_leads(client, seeded):
    unit = seed_unit("정보통신과")
    html = html_of(client, PLAN_URL, unit=unit.pk)
    assert task_codes_listed(html.split('id="tasks"')[1]) == ["4-1", "4-2", "4-3"]
    assert f'<option value="{unit.pk}" selected>정보통신과</option>' in html
    assert "조건에 맞는 중점 추진과제 3개" in html
    assert "법과 제도로 신뢰받는 책임 행정 실현" not in html.split('id="tasks"')[1]


def test_status_filter_follows_each_tasks_latest_approved_report(client, seeded):
    approve(seed_task("1-1"), quarter=2, status=Status.ON_TRACK)
    approve(seed_task("1-1"), quarter=3, status=Status.DELAYED)
    approve(seed_task("2-1"), quarter=3, status=Status.ON_TRACK)
    ProgressReportFactory(task=seed_task("3-1"), quarter=3, status=Status.ON_TRACK, state=State.SUBMITTED)

    def tasks_of(**params):
        return task_codes_listed(html_of(client, PLAN_URL, **params).split('id="tasks"')[1])

    assert tasks_of(status="on_track") == ["2-1"]
    assert tasks_of(status="delayed") == ["1-1"]
    assert tasks_of(status="done") == []
    without = tasks_of(status="none")
    assert len(without) == 15
    assert "1-1" not in without
    assert "3-1" in without


def test_filters_combine_and_unknown_values_filter_nothing(client, seeded):
    approve(seed_task("1-1"), status=Status.DONE, progress=100)
    approve(seed_task("2-1"), status=Status.DONE, progress=100)
    policy = seed_unit("정책기획과")
    assert task_codes_listed(html_of(client, PLAN_URL, unit=policy.pk, status="done").split('id="tasks"')[1]) == ["1-1"]
    html = html_of(client, PLAN_URL, unit="99999999999999999999999", status="<script>")
    assert len(task_codes_listed(html.split('id="tasks"')[1])) == 17
    assert "<script>" not in html


def test_filter_with_no_match_says_so(client, seeded):
    html = html_of(client, PLAN_URL, status="stopped")
    assert "조건에 맞는 과제가 없습니다" in html
    assert task_codes_listed(html.split('id="tasks"')[1]) == []


def test_filter_form_is_a_plain_get_form_with_labelled_selects(client, seeded):
    html = html_of(client, PLAN_URL)
    form = html.split('<form class="task-filter"')[1].split("</form>")[0]
    assert 'method="get"' in form
    assert '<label for="filter-unit">' in form and 'id="filter-unit" name="unit"' in form
    assert '<label for="filter-status">' in form and 'id="filter-status" name="status"' in form
    for value, label in ProgressReport.Status.choices:
        assert f'<option value="{value}">{label}</option>' in form
    assert '<option value="none">승인된 실적 없음</option>' in form
    assert 'type="submit"' in form
    assert "csrfmiddlewaretoken" not in html


# --- task page -----------------------------------------------------------------------


def test_task_page_groups_objectives_by_half_and_shows_period_content_effects_and_directions(client, seeded):
    html = html_of(client, f"{PLAN_URL}tasks/4-1/")
    assert "<h1>2027~2029년 남양주 디지털 전략 수립</h1>" in html
    objectives = html.split('id="task-objectives"')[1].split("</section>")[0]
    assert objectives.index("<h3>상반기</h3>") < objectives.index("지능정보화 기본계획 수립 용역 발주")
    assert objectives.index("<h3>하반기</h3>") < objectives.index("디지털 신기술 적용 신규 정보화 사업 발굴")
    assert objectives.index("지능정보화 기본계획") < objectives.index("<h3>하반기</h3>")
    assert "<dt>사업기간</dt><dd>2026. 3. ~ 10.</dd>" in html
    assert "시민과 공무원의 의견이 반영된 AI·디지털 기반의 실천가능한 과제 발굴" in html
    assert "<li>국가 공모사업 대응력 강화 및 국·도비 확보 기반 조성</li>" in html
    assert "중장기 지능정보화 로드맵 마련으로 정보화 정책의 일관성과 지속가능성 확보" in html
    assert f'href="{seed_unit("정보통신과").get_absolute_url()}">정보통신과</a>' in html


def test_task_page_without_halves_lists_objectives_without_half_headings(client, seeded):
    html = html_of(client, f"{PLAN_URL}tasks/1-2/")
    objectives = html.split('id="task-objectives"')[1].split("</section>")[0]
    assert "<h3>" not in objectives
    assert "기능 중심의 유연한 조직 및 관리체계 확립" in objectives


def test_task_page_without_its_own_period_names_the_plan_period_as_such(client, seeded):
    html = html_of(client, f"{PLAN_URL}tasks/1-1/")
    assert "과제별 기간은 문서에 없음 (계획 기간 2026. 1. ~ 12.)" in html


def test_task_page_lists_action_items_in_order_with_schedule_and_line_breaks(client, seeded):
    html = html_of(client, f"{PLAN_URL}tasks/4-2/")
    actions = html.split('id="task-actions"')[1].split("</section>")[0]
    first = actions.index("중요데이터 통합백업 테이프 노후장비 교체")
    second = actions.index("모의훈련 및 역량교육")
    third = actions.index("행정전산실 정보시스템 수시·정기점검")
    assert first < second < third
    assert "일정: 2026. 1. ~ 6." in actions
    assert "- 사업기간 : 2026. 1. ~ 6.\n- 교체효과 : 저장 및 복구시간 19시간 단축" in actions


def test_task_page_links_co_owning_units(client, seeded):
    task = seed_task("1-1")
    partner = seed_unit("예산과")
    task.co_units.add(partner)
    html = html_of(client, task.get_absolute_url())
    assert (
        f'<dt>협업 부서·기관</dt><dd><ul class="inline-list"><li><a href="{partner.get_absolute_url()}">예산과</a>'
        in html
    )


def test_task_page_timeline_shows_approved_reports_newest_first_with_their_details(client, seeded):
    task = seed_task("1-1")
    approve(
        task, quarter=1, progress=25, narrative="현안회의 12회 운영", problems="참여 저조", next_steps="워크숍 개최"
    )
    approve(task, quarter=2, progress=50, narrative="정책워크숍 1회 개최")
    html = html_of(client, task.get_absolute_url())
    timeline = html.split('id="task-progress"')[1].split("</section>")[0]
    assert timeline.index("2026년 2분기") < timeline.index("2026년 1분기")
    assert "추진률 50%" in timeline and "추진률 25%" in timeline
    assert "2026년 1분기 기준 · 2026. 4. 12. 승인" in timeline
    assert "정상추진" in timeline
    for text in ["현안회의 12회 운영", "참여 저조", "워크숍 개최", "<h4>문제점</h4>", "<h4>향후계획</h4>"]:
        assert text in timeline


def test_task_page_with_no_approved_report_says_so(client, seeded):
    html = html_of(client, f"{PLAN_URL}tasks/1-3/")
    assert "아직 승인된 실적이 없습니다" in html.split('id="task-progress"')[1]
    assert "추진률" not in html


def test_task_page_has_marked_budget_and_kpi_slots_that_a_child_template_fills(client, seeded):
    html = html_of(client, f"{PLAN_URL}tasks/3-1/")
    assert "<!-- 소요예산:" in html and "<!-- 성과지표:" in html
    template = Template(
        '{% extends "plans/task_detail.html" %}'
        "{% block task_budget %}<section>예산 칸</section>{% endblock %}"
        "{% block task_kpis %}<section>성과지표 칸</section>{% endblock %}"
    )
    task = Task.objects.for_public_page().get(pk=seed_task("3-1").pk)
    request = RequestFactory().get(task.get_absolute_url())
    plan = task.strategy.plan
    rendered = template.render(
        Context({"request": request, "task": task, "plan": plan, "municipality": plan.municipality})
    )
    assert rendered.index("예산 칸") < rendered.index("성과지표 칸")
    assert rendered.index("추진계획") < rendered.index("예산 칸")


# --- the approved-only rule ----------------------------------------------------------


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.RETURNED])
def test_unapproved_report_never_appears_on_any_public_page(client, seeded, state):
    task = seed_task("1-1")
    ProgressReportFactory(
        task=task,
        quarter=3,
        status=Status.DONE,
        progress=87,
        narrative="비공개 초안 서술문",
        problems="비공개 문제점",
        next_steps="비공개 향후계획",
        state=state,
    )
    pages = [
        reverse("plans:plan_list", kwargs={"slug": "namyangju"}),
        PLAN_URL,
        f"{PLAN_URL}?status=done",
        task.get_absolute_url(),
        task.lead_unit.get_absolute_url(),
        reverse("plans:search") + "?q=자족",
    ]
    for url in pages:
        html = html_of(client, url)
        for secret in ["비공개 초안 서술문", "비공개 문제점", "비공개 향후계획", "87%", 'value="87"']:
            assert secret not in html, (url, secret)
        assert "bg-light-success" not in html, url
    assert "아직 승인된 실적이 없습니다" in html_of(client, task.get_absolute_url())


def test_only_the_approved_quarter_shows_when_a_later_quarter_is_still_a_draft(client, seeded):
    task = seed_task("1-1")
    approve(task, quarter=2, progress=50, narrative="승인된 2분기 실적")
    ProgressReportFactory(task=task, quarter=3, progress=87, narrative="작성중 3분기 실적", state=State.DRAFT)
    for url in [PLAN_URL, task.get_absolute_url(), task.lead_unit.get_absolute_url()]:
        html = html_of(client, url)
        assert "추진률 50%" in html
        assert "2026년 2분기 기준" in html
        assert "87%" not in html
        assert "작성중 3분기 실적" not in html
        assert "2026년 3분기" not in html


# --- unit page -----------------------------------------------------------------------


def test_unit_page_lists_the_tasks_it_leads_and_those_it_shares_with_status(client, seeded):
    policy = seed_unit("정책기획과")
    approve(seed_task("1-1"), progress=65)
    seed_task("3-4").co_units.add(policy)
    html = html_of(client, policy.get_absolute_url())
    section = html.split('id="led-tasks"')[1]
    led, shared = section.split("<h3>협업하는 과제</h3>")
    assert task_codes_listed(led) == ["1-1", "1-2", "1-3", "1-4"]
    assert task_codes_listed(shared) == ["3-4"]
    assert f'href="{PLAN_URL}">2026년 기획조정실 업무계획</a>' in led
    assert "추진률 65%" in led and "2026년 3분기 기준" in led
    assert "아직 승인된 실적이 없습니다" in shared


def test_unit_page_says_so_when_it_has_no_tasks_and_hides_unpublished_plans(client, db):
    unit = OrgUnitFactory()
    TaskFactory(
        lead_unit=unit, strategy=StrategyFactory(plan=PlanFactory(municipality=unit.municipality, is_published=False))
    )
    html = html_of(client, unit.get_absolute_url())
    assert "이 조직이 주관하는 공개 과제가 없습니다." in html
    assert "이 조직이 협업 부서·기관으로 참여하는 공개 과제가 없습니다." in html


# --- search --------------------------------------------------------------------------


def test_search_finds_a_word_inside_longer_words_in_plans_and_tasks(client, seeded):
    html = html_of(client, reverse("plans:search"), q="자족")
    plans = Plan.objects.published().search("자족").count()
    tasks = Task.objects.published().search("자족").count()
    assert plans >= 1 and tasks >= 2
    assert f"“자족”: 업무계획 {plans}건, 과제 {tasks}건" in html
    assert f'href="{PLAN_URL}">2026년 기획조정실 업무계획</a>' in html
    # "미래형 자족도시를 향한 …" (title) and "자족도시 실현을 위한 …" (an objective of 1-3)
    assert {"1-1", "1-3"} <= set(task_codes_listed(html))


def test_search_finds_text_of_action_items_and_strips_the_words(client, seeded):
    html = html_of(client, reverse("plans:search"), q="  테이프 노후  ")
    assert task_codes_listed(html) == ["4-2"]
    assert 'value="테이프 노후"' in html


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_search_without_words_asks_for_some_kindly(client, seeded, query):
    html = html_of(client, reverse("plans:search"), q=query)
    assert "찾을 낱말을 입력하세요" in html
    assert 'class="search-summary"' not in html
    assert "<h2>" not in html


def test_search_without_q_parameter_asks_for_words(client, db):
    assert "찾을 낱말을 입력하세요" in html_of(client, reverse("plans:search"))


def test_search_uses_at_most_100_characters_and_says_so(client, seeded):
    html = html_of(client, reverse("plans:search"), q="자족" + "가" * 148)
    assert 'maxlength="100"' in html
    assert f'value="자족{"가" * 98}"' in html
    assert "검색어가 길어 앞의 100자로 찾았습니다." in html


def test_search_leaves_out_unpublished_plans_and_escapes_the_query(client, db):
    hidden = PlanFactory(title="비공개 숨은낱말 계획", is_published=False)
    TaskFactory(strategy=StrategyFactory(plan=hidden), title="비공개 숨은낱말 과제")
    html = html_of(client, reverse("plans:search"), q="숨은낱말")
    assert "비공개" not in html
    assert "업무계획 0건, 과제 0건" in html
    assert "검색어가 들어 있는 업무계획이 없습니다." in html
    assert "검색어가 들어 있는 과제가 없습니다." in html
    assert "<script>alert" not in html_of(client, reverse("plans:search"), q="<script>alert(1)</script>")


def test_header_has_a_labelled_get_search_box_on_every_page(client, seeded):
    for url in [reverse("plans:home"), PLAN_URL, f"{PLAN_URL}tasks/1-1/"]:
        html = html_of(client, url)
        header = html.split("</header>")[0]
        assert 'role="search" method="get" action="/search/"' in header
        assert '<label for="portal-search-q">' in header and 'id="portal-search-q" name="q"' in header
        assert 'type="submit"' in header


# --- 404s ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/nowhere/plans/",
        "/nowhere/plans/namyangju-2026-planning-office/",
        "/namyangju/plans/no-such-plan/",
        "/seoul/plans/namyangju-2026-planning-office/",
        "/namyangju/plans/namyangju-2026-planning-office/tasks/9-9/",
        "/seoul/plans/namyangju-2026-planning-office/tasks/1-1/",
    ],
)
def test_unknown_municipality_plan_or_task_is_404(client, seeded, url):
    assert client.get(url).status_code == 404


def test_unpublished_plan_and_its_tasks_are_404(client, db):
    task = TaskFactory(strategy=StrategyFactory(plan=PlanFactory(is_published=False)))
    assert client.get(task.strategy.plan.get_absolute_url()).status_code == 404
    assert client.get(task.get_absolute_url()).status_code == 404


# --- query counts --------------------------------------------------------------------


def grow_plan(size):
    """A published plan of `size` strategies with three tasks each; its first task has `size` of every child."""
    plan = PlanFactory(document_number="시험-1", approved_on=datetime.date(2026, 1, 5))
    city = plan.municipality
    lead = OrgUnitFactory(municipality=city)
    partner = OrgUnitFactory(municipality=city)
    for index in range(size):
        HeadlineTargetFactory(plan=plan)
        ApprovalStepFactory(plan=plan)
        PlanSectionFactory(plan=plan)
        strategy = StrategyFactory(plan=plan, background="배경")
        for _ in range(3):
            other = OrgUnitFactory(municipality=city)
            task = TaskFactory(strategy=strategy, lead_unit=lead if index % 2 else other, co_units=[partner, other])
            PlanDirectionFactory(plan=plan, task=task)
            approve(task, quarter=1, progress=30)
            approve(task, quarter=2, progress=60)
            ProgressReportFactory(task=task, quarter=3, state=State.SUBMITTED)
    first = Task.objects.filter(strategy__plan=plan).order_by("strategy__number", "order").first()
    first.co_units.add(*(OrgUnitFactory(municipality=city) for _ in range(size)))
    for index in range(size):
        TaskObjectiveFactory(task=first, half=["상반기", "하반기", ""][index % 3])
        ActionItemFactory(task=first, schedule="2026. 1.")
        PlanDirectionFactory(plan=plan, task=first)
        approve(first, year=2000 + index, quarter=4)
        ProgressReportFactory(task=first, year=2000 + index, quarter=3, state=State.RETURNED)
        other_plan = PlanFactory(municipality=city)
        approve(TaskFactory(strategy=StrategyFactory(plan=other_plan), lead_unit=lead, co_units=[partner]))
    return plan, first, lead, partner


def page_urls(plan, task, lead, partner):
    city = plan.municipality.slug
    return {
        "home": reverse("plans:home"),
        "plan_list": reverse("plans:plan_list", kwargs={"slug": city}),
        "plan": plan.get_absolute_url(),
        "plan_filtered": f"{plan.get_absolute_url()}?unit={lead.pk}&status=on_track",
        "plan_no_report": f"{plan.get_absolute_url()}?status=none",
        "task": task.get_absolute_url(),
        "unit_lead": lead.get_absolute_url(),
        "unit_partner": partner.get_absolute_url(),
        "search": reverse("plans:search") + "?q=시험",
    }


# The home page gives each city's figures, so it grows with the number of cities (not their data):
# tests/plans/test_city_page.py holds it constant as one city's data grows.
PAGES = ["plan_list", "plan", "plan_filtered", "plan_no_report", "task", "unit_lead", "unit_partner", "search"]


@pytest.mark.parametrize("page", PAGES)
def test_query_count_stays_the_same_when_the_plans_grow_tenfold(client, django_assert_max_num_queries, page):
    counts = []
    for size in (2, 20):
        url = page_urls(*grow_plan(size))[page]
        with django_assert_max_num_queries(15) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    print(f"queries on the {page} page, small and tenfold data:", counts)
    assert counts[0] == counts[1], counts


def test_plan_and_unit_pages_show_the_smart_city_centre_with_its_figures(client, seeded):
    from plans.models import Facility

    centre = Facility.objects.get(name="스마트시티 통합센터")
    assert centre.staff_total == 48 == centre.staff_breakdown_total
    assert [(m.label, m.count) for m in centre.staff.all()] == [
        ("市 공무원", 20),
        ("방범 모니터링", 16),
        ("정보시스템 유지보수", 12),
    ]
    plan = html_of(client, PLAN_URL)
    unit = client.get(reverse("plans:unit", kwargs={"slug": "namyangju", "pk": centre.unit_id})).content.decode()
    for html in (plan, unit):
        facility = html.split('class="facility"')[1].split("</section>")[0]
        for text in ["스마트시티 통합센터", "2016. 7. 27.", "남양주시 별내3로 308", "2층 1,000㎡", "총 연면적 1,895㎡"]:
            assert text in facility, text
        for text in [
            "365일 24시간(방범)",
            "48명",
            "市 공무원(스마트도시과) 20명",
            "방범 모니터링 16명",
            "정보시스템 유지보수 12명",
        ]:
            assert text in facility, text


def test_plan_api_lists_the_facility(client, seeded):
    plan = Plan.objects.get(slug="namyangju-2026-planning-office")
    data = client.get(f"/api/v1/plans/{plan.pk}/").json()
    (centre,) = data["facilities"]
    assert centre["opened_on"] == "2016-07-27" and centre["staff_total"] == 48
    assert [member["count"] for member in centre["staff"]] == [20, 16, 12]
