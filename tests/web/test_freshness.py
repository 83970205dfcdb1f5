"""Every write to a runner's record makes a new data version: no stale cached view.

Cached views (the body of Today) are keyed on ``Runner.data_version``; the one
mechanism that bumps it is :mod:`runback.web.runners.freshness`. A model added
later with a foreign key to the runner must be covered without anyone remembering
to list it: these tests find such models from the runner's side of the relation.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from runback.web.runners import freshness
from runback.web.runners.models import AccessGrant, DayEntry, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole
from tests.web.conftest import make_user


def models_pointing_at_the_runner() -> set[type[Model]]:
    """Found from the runner's reverse relations, not the way freshness finds them."""
    return {rel.related_model for rel in Runner._meta.related_objects}


def test_every_model_with_a_runner_key_is_watched() -> None:
    pointing = models_pointing_at_the_runner()
    assert len(pointing) >= 8  # log, days, injury, decisions, grants, activities, ...
    watched = set(freshness.watched_models())
    assert pointing <= watched
    assert Runner in watched
    for model in watched:
        assert post_save.has_listeners(model), model
        assert post_delete.has_listeners(model), model


def _version(runner: Runner) -> int:
    return Runner.objects.values_list("data_version", flat=True).get(pk=runner.pk)


def test_saving_and_deleting_rows_of_the_record_bump_the_version(alice: Runner) -> None:
    versions = [_version(alice)]
    entry = LogEntry.objects.create(runner=alice, date=timezone.localdate(), kind="walk")
    versions.append(_version(alice))
    entry.walk_minutes = 5
    entry.save()
    versions.append(_version(alice))
    day = DayEntry.objects.create(runner=alice, date=timezone.localdate() - dt.timedelta(days=1))
    versions.append(_version(alice))
    grant = AccessGrant.objects.create(runner=alice, grantee=make_user("dr"), role=GrantRole.VIEWER)
    versions.append(_version(alice))
    day.delete()
    versions.append(_version(alice))
    grant.delete()
    versions.append(_version(alice))
    assert versions == sorted(set(versions)), versions  # each write a new, higher version


def test_a_write_to_one_record_leaves_the_others_alone(alice: Runner, bob: Runner) -> None:
    before = _version(bob)
    LogEntry.objects.create(runner=alice, date=timezone.localdate(), kind="walk")
    assert _version(bob) == before


def test_changing_the_record_itself_bumps_the_version(alice: Runner) -> None:
    before = _version(alice)
    alice.minutes_per_day = 30
    alice.save(update_fields=["minutes_per_day"])
    assert _version(alice) == before + 1


@pytest.mark.parametrize("model", sorted(models_pointing_at_the_runner(), key=str))
def test_each_runner_key_is_known(model: type[Model]) -> None:
    assert freshness.runner_keys(model), model
