"""The cast for the runner pages and API tests (healthchecks' Alice/Bob/Charlie).

Alice owns an onboarded record; Bob is another runner who must never reach it;
Charlie is a clinician whom Alice granted read-only access.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from runback.web.runners.models import AccessGrant, Injury, Runner
from runback.web.runners.vocabulary import GrantRole, OnboardingStep

PASSWORD = "correct horse battery staple"


def make_user(username: str) -> User:
    return User.objects.create_user(username, f"{username}@example.org", PASSWORD)


def onboard(runner: Runner, *, onset_days_ago: int = 21, pain_free: int | None = 10) -> Runner:
    """Fill in the wizard's answers the way a runner with an Achilles niggle would."""
    today = timezone.localdate()
    runner.age = 34
    runner.sex = "female"
    runner.weekly_km_before = 40
    runner.runs_per_week_before = 4
    runner.longest_run_km_before = 16
    runner.previous_injuries = 1
    runner.sleep_hours = 7.5
    runner.stress = 3
    runner.fear_of_reinjury = 3
    runner.fuelling_ok = True
    runner.days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    runner.minutes_per_day = 45
    runner.equipment = ["home"]
    runner.red_flags = []
    runner.screened_at = timezone.now()
    runner.onboarding_step = OnboardingStep.DONE
    runner.save()
    Injury.objects.update_or_create(
        runner=runner,
        defaults={
            "site": "achilles",
            "kind": "tendinopathy",
            "onset": today - dt.timedelta(days=onset_days_ago),
            "last_run": today - dt.timedelta(days=7),
            "pain_free_run_minutes": pain_free,
            "pain_rest": 0,
            "pain_walking": 1,
            "stiffness_baseline": 2,
            "aggravators": ["speed", "hills"],
        },
    )
    return runner


def new_runner(username: str, *, onboarded: bool = True) -> Runner:
    runner = Runner.objects.create(user=make_user(username))
    return onboard(runner) if onboarded else runner


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: tests share no state through it (the
    local-memory cache lives as long as the test process)."""
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """argon2 is deliberately slow; tests that check the hasher set it back."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(db: None) -> Runner:
    return new_runner("alice")


@pytest.fixture
def bob(db: None) -> Runner:
    return new_runner("bob")


@pytest.fixture
def charlie(alice: Runner) -> User:
    user = make_user("charlie")
    AccessGrant.objects.create(runner=alice, grantee=user, role=GrantRole.VIEWER)
    return user
