"""Who is reminded of what on a given day: one message per person, only on days something is due.

A person hears of each outstanding obligation of their unit (and the units below it) on
the days `REMINDER_OFFSETS` before its due date, on the due day, then weekly while it is
overdue until it locks. The coordinating office hears of every other unit's obligation once
it is more than `REMINDER_ESCALATION_DAYS` overdue, then weekly up to the first such day on
or after the lock. On the 1st, the month's and next month's roadmap milestones are listed
too. Everything is read in a fixed number of queries, whatever the number of people.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string

from kpis.models import EvaluationMilestone
from kpis.obligations import Obligation, ObligationState
from plans.models import OrgUnit, User
from portal import roles
from portal.periods import add_months


@dataclass
class Planned:
    """One person's message of the day, before it is written to the outbox."""

    user: User
    day: datetime.date
    items: list = field(default_factory=list)
    escalated: list = field(default_factory=list)
    milestones_now: list = field(default_factory=list)
    milestones_next: list = field(default_factory=list)

    @property
    def key(self):
        """The outbox key: one reminder message per person and day."""
        return f"reminder:{self.user.pk}:{self.day:%Y-%m-%d}"

    @property
    def count(self):
        """How many lines the message holds."""
        return len(self.items) + len(self.escalated) + len(self.milestones_now) + len(self.milestones_next)

    @property
    def subject(self):
        """The subject line, with the number of items and of those past their due date."""
        late = sum(1 for item in self.items if item["days_left"] < 0) + len(self.escalated)
        tail = f", 기한 지남 {late}건" if late else ""
        return f"[시정계획 포털] {self.day:%Y-%m-%d} 업무 알림 ({self.count}건{tail})"

    def lines(self):
        """Every item with its due date, for the dry run."""
        for item in [*self.items, *self.escalated]:
            yield f"{item['kind_label']} {item['title']} ({item['period']}) 기한 {item['due']} {item['when']}"
        for item in [*self.milestones_now, *self.milestones_next]:
            yield f"성과관리 일정 {item['title']} ({item['detail']})"

    def as_items(self):
        """What the outbox row keeps of it (JSON)."""
        return [*self.items, *self.escalated, *self.milestones_now, *self.milestones_next]

    def render(self):
        """(text, html) bodies."""
        context = {"planned": self, "user": self.user, "day": self.day}
        return render_to_string("kpis/email/reminder.txt", context), render_to_string(
            "kpis/email/reminder.html", context
        )


def reminder_offsets() -> tuple[int, ...]:
    """Days before the due date on which people are reminded, from settings (e.g. 7 and 1)."""
    return tuple(sorted({int(days) for days in settings.REMINDER_OFFSETS if int(days) > 0}, reverse=True))


def is_personal_day(days_left: int, lock_days: int | None) -> bool:
    """True on a reminder day of the owner: an offset before, the due day, each week overdue until the lock."""
    if days_left >= 0:
        return days_left == 0 or days_left in reminder_offsets()
    overdue = -days_left
    return overdue % 7 == 0 and (lock_days is None or overdue < lock_days)


def is_escalation_day(days_left: int, lock_days: int | None) -> bool:
    """True on an escalation day: first past the threshold, then weekly up to the first on or after the lock."""
    first = settings.REMINDER_ESCALATION_DAYS + 1
    overdue = -days_left
    if overdue < first or (overdue - first) % 7:
        return False
    return overdue == first or lock_days is None or overdue - 7 < lock_days


def candidate_due_dates(day: datetime.date) -> list[datetime.date]:
    """Due dates an obligation may have to be mentioned on `day` (a handful: the query stays indexed)."""
    grace = settings.PERIOD_LOCK_GRACE_DAYS + 1
    back = max(grace, settings.REMINDER_ESCALATION_DAYS + 1) + 14
    return sorted(
        day + datetime.timedelta(days=days_left)
        for days_left in range(-back, max(reminder_offsets(), default=0) + 1)
        if is_personal_day(days_left, grace) or is_escalation_day(days_left, grace)
    )


def _item(obligation, day, *, escalation=False):
    days_left = (obligation.due_date - day).days
    when = "오늘 마감" if days_left == 0 else f"D-{days_left}" if days_left > 0 else f"{-days_left}일 지남"
    if obligation.lock_date and day >= obligation.lock_date:
        when += f", {obligation.lock_date:%Y-%m-%d} 마감됨"
    return {
        "obligation": obligation.key,
        "kind": obligation.kind,
        "kind_label": obligation.get_kind_display(),
        "title": obligation.title,
        "period": obligation.period_label,
        "unit": obligation.unit.name,
        "due": f"{obligation.due_date:%Y-%m-%d}",
        "lock": f"{obligation.lock_date:%Y-%m-%d}" if obligation.lock_date else "",
        "days_left": days_left,
        "when": when,
        "state": str(ObligationState(obligation.state).label),
        "escalation": escalation,
    }


def _milestone(milestone):
    return {
        "kind": "milestone",
        "title": milestone.title,
        "detail": f"{milestone.get_track_display()} · {milestone.months_label}",
        "unit": milestone.responsible_unit.name,
    }


class OrgIndex:
    """The unit tree and the recipients, loaded once: who covers which unit."""

    def __init__(self, recipients):
        """Index `recipients` (users) by unit and find the coordinators among them (two queries)."""
        units = list(OrgUnit.objects.values_list("pk", "parent_id", "municipality_id"))
        self.parent = {pk: parent for pk, parent, _city in units}
        self.city = {pk: city for pk, _parent, city in units}
        self.children = defaultdict(list)
        for pk, parent, _city in units:
            if parent:
                self.children[parent].append(pk)
        coordinators = set(User.objects.filter(groups__name=roles.COORDINATOR).values_list("pk", flat=True).order_by())
        self.recipients = recipients
        self.is_coordinator = {user.pk: user.is_superuser or user.pk in coordinators for user in recipients}
        self.by_unit = defaultdict(list)
        for user in recipients:
            self.by_unit[user.unit_id].append(user)
        self.coordinators_of = defaultdict(list)
        for user in recipients:
            if self.is_coordinator[user.pk]:
                self.coordinators_of[self.city.get(user.unit_id)].append(user)

    def owners(self, unit_id):
        """People reminded of what `unit_id` owes: its members and those of the units above it, not coordinators."""
        found, current, depth = [], unit_id, 0
        while current is not None and depth < 50:
            found.extend(
                user for user in self.by_unit[current] if current == unit_id or not self.is_coordinator[user.pk]
            )
            current, depth = self.parent.get(current), depth + 1
        return found

    def scope(self, user):
        """Units whose milestones a person sees: the city's for coordinators, else their subtree."""
        if self.is_coordinator[user.pk]:
            city = self.city.get(user.unit_id)
            return {pk for pk, unit_city in self.city.items() if unit_city == city}
        found, stack = set(), [user.unit_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(self.children[current])
        return found


def reminder_recipients():
    """Active staff with an e-mail address and a unit."""
    return User.objects.filter(is_active=True, is_staff=True, unit__isnull=False).exclude(email="").order_by("pk")


def plan_day(day: datetime.date) -> list[Planned]:
    """Every message of `day`, one per person who has something due, in the order of the people's ids."""
    recipients = list(reminder_recipients())
    index = OrgIndex(recipients)
    planned = {}

    def message_of(user):
        return planned.setdefault(user.pk, Planned(user=user, day=day))

    due = Obligation.objects.outstanding(day).filter(due_date__in=candidate_due_dates(day))
    for obligation in due.order_by("due_date", "kind", "title", "pk"):
        days_left = (obligation.due_date - day).days
        lock_days = (obligation.lock_date - obligation.due_date).days if obligation.lock_date else None
        if is_personal_day(days_left, lock_days):
            for user in index.owners(obligation.unit_id):
                message_of(user).items.append(_item(obligation, day))
        if is_escalation_day(days_left, lock_days):
            for user in index.coordinators_of[obligation.municipality_id]:
                if user.unit_id != obligation.unit_id:
                    message_of(user).escalated.append(_item(obligation, day, escalation=True))
    if day.day == 1:
        _add_milestones(day, index, message_of)
    return [planned[pk] for pk in sorted(planned)]


def _add_milestones(day, index, message_of):
    now = list(EvaluationMilestone.objects.active_in(day).select_related("responsible_unit"))
    upcoming = list(EvaluationMilestone.objects.starting_in(add_months(day, 1)).select_related("responsible_unit"))
    for user in index.recipients:
        scope = index.scope(user)
        mine_now = [_milestone(m) for m in now if m.responsible_unit_id in scope]
        mine_next = [_milestone(m) for m in upcoming if m.responsible_unit_id in scope]
        if mine_now or mine_next:
            message = message_of(user)
            message.milestones_now, message.milestones_next = mine_now, mine_next
