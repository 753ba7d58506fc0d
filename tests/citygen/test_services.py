"""The generated city: its sizes, the same rows for the same seed, replacement and the models' own rules."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from budgets.models import BudgetLine
from citygen.services import city_generate
from kpis.models import EvaluationMilestone, Indicator, Measurement, Target
from plans.models import Municipality, OrgUnit, Plan, ProgressReport, Strategy, Task, User
from pledges.models import (
    CardEntry,
    CardEvent,
    ChangeComment,
    CitizenPanel,
    EvidenceFile,
    ManagementRules,
    PanelMeeting,
    PanelMember,
    PanelOpinion,
    ParticipationCount,
    Pledge,
    PledgeCard,
    PledgeChange,
)

# Each generated model and the path from it to its municipality.
MODELS = {
    OrgUnit: "municipality",
    User: "unit__municipality",
    Plan: "municipality",
    Strategy: "plan__municipality",
    Task: "strategy__plan__municipality",
    ProgressReport: "task__strategy__plan__municipality",
    Pledge: "term__municipality",
    PledgeCard: "pledge__term__municipality",
    CardEntry: "card__pledge__term__municipality",
    CardEvent: "entry__card__pledge__term__municipality",
    EvidenceFile: "entry__card__pledge__term__municipality",
    ParticipationCount: "card__pledge__term__municipality",
    BudgetLine: "municipality",
    Indicator: "municipality",
    Target: "indicator__municipality",
    Measurement: "indicator__municipality",
    EvaluationMilestone: "municipality",
    ManagementRules: "municipality",
    CitizenPanel: "municipality",
    PanelMember: "panel__municipality",
    PanelMeeting: "panel__municipality",
    PanelOpinion: "meeting__panel__municipality",
    PledgeChange: "pledge__term__municipality",
    ChangeComment: "change__pledge__term__municipality",
}
NATURAL_KEYS = (
    "key",
    "slug",
    "username",
    "code",
    "name",
    "label",
    "title",
    "agenda",
    "proposed_title",
    "adjusted_title",
)


def rows(model, slug):
    """The model's rows of one city as sorted tuples: own fields, and related rows by their natural key."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            natural = next(n for n in NATURAL_KEYS if any(f.name == n for f in field.related_model._meta.fields))
            columns.append(f"{field.name}__{natural}")
        else:
            columns.append(field.name)
    queryset = model.objects.filter(**{MODELS[model]: Municipality.objects.get(slug=slug)})
    return sorted(queryset.values_list(*columns), key=repr)


def city_rows(slug):
    """Every generated model's rows of one city."""
    return {model.__name__: rows(model, slug) for model in MODELS}


def count(model, slug):
    """How many rows of `model` the city `slug` has."""
    return model.objects.filter(**{MODELS[model]: Municipality.objects.get(slug=slug)}).count()


def test_scale_one_is_about_the_size_of_the_seed_documents(roles_synced):
    city_generate(slug="gen", scale=1, seed=7)
    assert count(Task, "gen") == 40
    assert 150 <= count(ProgressReport, "gen") <= 240
    assert 400 <= count(BudgetLine, "gen") <= 700
    assert count(Pledge, "gen") in (2, 3)
    assert count(Indicator, "gen") == 48
    assert count(EvaluationMilestone, "gen") == 24
    assert count(User, "gen") == 10


def test_rows_grow_with_the_scale_and_hold_every_state_and_unknown_amounts(roles_synced):
    city_generate(slug="gen", scale=2, seed=7)
    assert count(Task, "gen") == 80
    reports = ProgressReport.objects.filter(task__strategy__plan__municipality__slug="gen")
    assert set(reports.values_list("state", flat=True)) == set(ProgressReport.State.values)
    assert reports.values("year", "quarter").distinct().count() >= 6
    lines = BudgetLine.objects.filter(municipality__slug="gen")
    assert lines.filter(planned__isnull=True).exclude(planned_text="").exists()
    assert set(lines.exclude(source="").values_list("source", flat=True)) >= {"국비", "도비", "시비"}
    assert lines.values("year").distinct().count() >= 4
    assert Plan.objects.filter(municipality__slug="gen").values("period_start__year").distinct().count() == 2
    cards = PledgeCard.objects.filter(pledge__term__municipality__slug="gen")
    assert 4 <= cards.count() <= 5 * count(Pledge, "gen")
    assert CardEvent.objects.filter(entry__card__in=cards).exists()
    assert EvidenceFile.objects.filter(entry__card__in=cards).exclude(size=None).exists()
    assert ParticipationCount.objects.filter(card__in=cards).count() == 5 * cards.count()
    assert Target.objects.filter(indicator__municipality__slug="gen").exists()
    assert Measurement.objects.filter(indicator__municipality__slug="gen", value__isnull=False).exists()
    staff = User.objects.filter(unit__municipality__slug="gen")
    assert {name for user in staff for name in user.role_names} == {"부서 담당자", "부서장", "총괄부서"}
    assert all(unit.kind == OrgUnit.Kind.DIVISION for unit in OrgUnit.objects.filter(members__in=staff))


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows(roles_synced):
    city_generate(slug="gen", scale=0.5, seed=3)
    first = city_rows("gen")
    city_generate(slug="gen", scale=0.5, seed=3)
    assert city_rows("gen") == first
    city_generate(slug="gen", scale=0.5, seed=4)
    assert city_rows("gen")["Task"] != first["Task"]


def test_generating_again_replaces_the_city_and_leaves_other_cities_alone(roles_synced, seeded):
    before = {model: model.objects.exclude(**{MODELS[model]: None}).count() for model in (Task, BudgetLine)}
    city_generate(slug="gen", scale=1, seed=1)
    old_task_ids = set(Task.objects.filter(strategy__plan__municipality__slug="gen").values_list("pk", flat=True))
    call_command("generate_city", scale=0.5, municipality="gen", seed=1, verbosity=0)
    assert count(Task, "gen") == 20
    assert not Task.objects.filter(pk__in=old_task_ids).exists()
    assert Municipality.objects.filter(slug="gen").count() == 1
    for model, number in before.items():
        assert model.objects.exclude(**{MODELS[model]: Municipality.objects.get(slug="gen")}).count() == number


@pytest.mark.parametrize("slug", ["a-very-long-municipality", ""])
def test_a_bad_slug_is_refused_with_a_message_and_nothing_changes(roles_synced, slug):
    with pytest.raises(CommandError):
        call_command("generate_city", scale=1, municipality=slug, verbosity=0)
    assert not Municipality.objects.filter(slug=slug).exists()


def test_a_scale_of_zero_is_refused(roles_synced):
    with pytest.raises(ValidationError):
        city_generate(slug="gen", scale=0)


def test_generated_rows_pass_the_models_full_clean(roles_synced):
    city_generate(slug="gen", scale=1, seed=5)
    for model in MODELS:
        queryset = model.objects.filter(**{MODELS[model]: Municipality.objects.get(slug="gen")})
        sample = list(queryset.order_by("?")[:40]) if queryset.count() > 40 else list(queryset)
        assert sample, model
        for row in sample:
            row.full_clean()


def test_generated_municipality_has_a_korean_name_and_one_coordinating_office(roles_synced):
    city_generate(slug="gen", scale=1, seed=1, name="가온시")
    municipality = Municipality.objects.get(slug="gen")
    assert municipality.name == "가온시"
    assert OrgUnit.objects.filter(municipality=municipality, is_coordinating=True).count() == 1
