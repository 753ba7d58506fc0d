"""Both seed plans are held completely: every strategy, task and item the documents give."""

import datetime

import pytest

from plans.models import Plan, Task

pytestmark = pytest.mark.django_db

NAMYANGJU = "namyangju-2026-planning-office"
SEOUL = "seoul-2018-innovation-growth"


def test_namyangju_plan_has_its_vision_five_strategies_and_seventeen_tasks(seeded):
    plan = Plan.objects.get(slug=NAMYANGJU)
    assert plan.vision == "시민체감, 성과로 완성하는 미래형 자족도시"
    assert (plan.level1_label, plan.level2_label) == ("추진전략", "중점 추진과제")
    assert list(plan.strategies.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    per_unit = {}
    for code, unit in Task.objects.filter(strategy__plan=plan).values_list("code", "lead_unit__name"):
        per_unit.setdefault(unit, []).append(code)
    assert per_unit == {
        "정책기획과": ["1-1", "1-2", "1-3", "1-4"],
        "의회법무과": ["2-1", "2-2"],
        "인사과": ["3-1", "3-2", "3-3"],
        "예산과": ["3-4", "3-5"],
        "정보통신과": ["4-1", "4-2", "4-3"],
        "스마트도시과": ["5-1", "5-2", "5-3"],
    }


def test_namyangju_task_details_are_kept_as_the_document_gives_them(seeded):
    task = Task.objects.get(strategy__plan__slug=NAMYANGJU, code="4-1")
    assert task.title == "2027~2029년 남양주 디지털 전략 수립"
    assert (task.period_start, task.period_end, task.period_text) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 10, 1),
        "2026. 3. ~ 10.",
    )
    halves = list(task.objectives.values_list("half", flat=True))
    assert halves == ["상반기", "하반기"]
    population = Task.objects.get(strategy__plan__slug=NAMYANGJU, code="1-4")
    assert [item.title for item in population.action_items.all()] == [
        "인구정책 추진 기반강화",
        "시민참여형 인식개선",
        "생애주기 맞춤형 인구정책 (기금활용)",
    ]
    assert "7,209백만원 → 9,561백만원" in population.action_items.last().detail


def test_namyangju_work_directions_are_linked_to_their_tasks(seeded):
    plan = Plan.objects.get(slug=NAMYANGJU)
    first = plan.directions.first()
    assert (first.heading, first.task.code) == ("미래형 자족도시를 향한 정책기획 네트워크 강화", "1-1")
    assert len(first.bullets) == 3
    assert plan.directions.count() == 16


def test_seoul_plan_has_its_approval_metadata_and_chain(seeded):
    plan = Plan.objects.get(slug=SEOUL)
    assert (plan.document_number, plan.approved_on, plan.policy_number, plan.retention) == (
        "경제정책과-2332",
        datetime.date(2018, 2, 24),
        "서울특별시장 방침 제29호",
        "영구",
    )
    assert plan.disclosure == "대시민공개"
    assert "제4유형" in plan.licence
    chain = list(plan.approval_steps.values_list("kind", "title", "name"))
    assert chain[0] == ("결재", "주무관", "김형근")
    assert ("결재", "서울특별시장", "박원순") in chain
    assert ("협조", "경제정책팀장", "박주선") in chain
    assert len(chain) == 11


def test_seoul_plan_has_three_targets_six_projects_and_23_typed_tasks(seeded):
    plan = Plan.objects.get(slug=SEOUL)
    targets = list(plan.headline_targets.values_list("value", "unit", "year"))
    assert [(int(v), u, y) for v, u, y in targets] == [(66, "개", 2022), (9396, "개", 2022), (62533, "개", 2022)]
    assert plan.strategies.count() == 6
    tasks = Task.objects.filter(strategy__plan=plan)
    assert tasks.count() == 23
    assert tasks.filter(type="신규").count() == 19
    assert set(tasks.filter(type="확대").values_list("code", flat=True)) == {"2-1", "3-2", "3-5", "5-2"}
    joint = tasks.get(code="5-3")
    assert joint.lead_unit.name == "경제정책과"
    assert set(joint.co_units.values_list("name", flat=True)) == {"디지털창업과", "서울산업진흥원"}
    assert all(strategy.main_projects for strategy in plan.strategies.all())
