"""factory_boy factories for the domain models."""

import datetime

import factory
from django.contrib.auth.models import Group

from plans.models import (
    ActionItem,
    ApprovalStep,
    Headcount,
    HeadlineTarget,
    Municipality,
    OrgUnit,
    Plan,
    PlanDirection,
    PlanSection,
    ProgressReport,
    Strategy,
    Task,
    TaskObjective,
    User,
)
from portal import roles


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"시험시{n}")
    slug = factory.Sequence(lambda n: f"test-city-{n}")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"시험{n}과")
    kind = OrgUnit.Kind.DIVISION
    head_title = "과장"
    head_name = factory.Sequence(lambda n: f"홍길{n}")


class HeadcountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Headcount

    unit = factory.SubFactory(OrgUnitFactory)
    as_of = datetime.date(2026, 1, 6)
    authorized = 20
    current = 19


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    unit = factory.SubFactory(OrgUnitFactory)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role=roles.STAFF)` puts the user in that role's group."""
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def staff_user(unit, role=roles.STAFF, **kwargs):
    """A staff member of `unit` in the given role (the role groups must exist)."""
    return UserFactory(unit=unit, role=role, **kwargs)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    municipality = factory.SubFactory(MunicipalityFactory)
    owner_unit = factory.SubFactory(OrgUnitFactory, municipality=factory.SelfAttribute("..municipality"))
    slug = factory.Sequence(lambda n: f"test-plan-{n}")
    title = factory.Sequence(lambda n: f"시험 업무계획 {n}")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 1)
    vision = "시험 비전"


class HeadlineTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeadlineTarget

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"핵심 목표 {n}")
    value = 66
    unit = "개"
    year = 2022


class ApprovalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalStep

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n)
    kind = ApprovalStep.Kind.APPROVAL
    title = "주무관"
    name = factory.Sequence(lambda n: f"결재자{n}")


class PlanSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanSection

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"본문 {n}")
    body = "추진배경 본문"


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"시험 추진전략 {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    strategy = factory.SubFactory(StrategyFactory)
    code = factory.Sequence(lambda n: f"9-{n}")
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"시험 과제 {n}")
    type = Task.Type.NEW
    lead_unit = factory.SubFactory(OrgUnitFactory, municipality=factory.SelfAttribute("..strategy.plan.municipality"))
    content = "시험 사업내용"

    @factory.post_generation
    def co_units(self, create, extracted, **kwargs):
        """`TaskFactory(co_units=[unit, …])` sets the co-owning units."""
        if create and extracted:
            self.co_units.set(extracted)


class PlanDirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanDirection

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"업무추진 방향 {n}")
    bullets = factory.LazyFunction(lambda: ["방향 하나", "방향 둘"])


class TaskObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskObjective

    task = factory.SubFactory(TaskFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"추진목표 {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    task = factory.SubFactory(TaskFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"추진계획 {n}")
    detail = "- 세부 내용"


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A draft by default; `ProgressReportFactory(approved=True)` is one citizens may read."""

    class Meta:
        model = ProgressReport

    class Params:
        approved = factory.Trait(
            state=ProgressReport.State.APPROVED,
            submitted_at=datetime.datetime(2026, 4, 3, 9, 0, tzinfo=datetime.UTC),
            reviewed_at=datetime.datetime(2026, 4, 7, 9, 0, tzinfo=datetime.UTC),
        )

    task = factory.SubFactory(TaskFactory)
    year = 2026
    quarter = 1
    status = ProgressReport.Status.ON_TRACK
    progress = 50
    narrative = factory.Sequence(lambda n: f"추진실적 {n}")
    state = ProgressReport.State.DRAFT
