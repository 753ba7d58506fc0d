"""factory_boy factories for the domain models."""

import datetime

import factory
from django.contrib.auth.models import Group

from plans import roles
from plans.models import Headcount, Municipality, OrgUnit, User


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
