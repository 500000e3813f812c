"""factory_boy factories for the organisation spine."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from zi_portal.models import Assessment, Cycle, Membership, ReviewerAssignment, Unit

PASSWORD = "rahasia-uji-123"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@uji.local")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Unit Kerja {n}")
    code = factory.Sequence(lambda n: f"U{n:04d}")
    slug = factory.Sequence(lambda n: f"unit-kerja-{n}")
    parent = None


class CycleFactory(DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("year",)

    year = 2026
    name = factory.LazyAttribute(lambda c: f"Pembangunan ZI {c.year}")
    self_assessment_start = factory.LazyAttribute(lambda c: datetime.date(c.year, 1, 1))
    self_assessment_end = factory.LazyAttribute(lambda c: datetime.date(c.year + 1, 12, 31))
    review_start = factory.LazyAttribute(lambda c: datetime.date(c.year, 1, 1))
    review_end = factory.LazyAttribute(lambda c: datetime.date(c.year + 1, 12, 31))
    submission_deadline = factory.LazyAttribute(lambda c: datetime.date(c.year, 5, 31))


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    unit = factory.SubFactory(UnitFactory)
    cycle = factory.SubFactory(CycleFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "tim_kerja"


class ReviewerAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = ReviewerAssignment

    reviewer = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    cycle = factory.SubFactory(CycleFactory)
