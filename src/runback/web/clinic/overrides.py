"""The clinician's overrides on record, and the case file's ``clinician`` block from them.

Kept as :class:`~runback.web.clinic.models.ClinicianSteering` rows, one per setting,
never changed in place: setting an override again or lifting it ends the row in
force, so the history of who set what, when and why stays. Read by the case-file
assembly (``web/runners/casefile.py``) and written by the clinic's steering routes
(:mod:`.steering`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from runback.engine.steering import Override
from runback.web.clinic.models import ClinicianSteering
from runback.web.runners.models import Clearance, Runner
from runback.web.runners.vocabulary import ClearedBy, SteeringKey

HISTORY_ROWS = 30
REPLACED = "set again"
LIFTED = "lifted"
ACCESS_ENDED = "access to the record ended"


#: What the runner is told when they try to steer their own comeback.
RUNNER_STEERS = "your clinicians steer the plan; you see their reasons on Today"


def steerable(key: str) -> Override | None:
    """The override ``key`` names if a clinician sets it by steering, else None.

    Every engine :class:`Override` but ``cleared_to_run``, which the clinic's
    clearance form records (:data:`~runback.web.runners.vocabulary.SteeringKey`).
    """
    return Override(key) if key in SteeringKey else None


def in_force(runner: Runner) -> list[ClinicianSteering]:
    """The overrides in force on ``runner``'s comeback, in the block's order."""
    rows = {row.key: row for row in runner.steering.filter(ended__isnull=True)}
    return [rows[key] for key in SteeringKey.values if key in rows]


def set_override(
    runner: Runner, key: Override, value: dict[str, Any], reason: str, by: AbstractBaseUser
) -> ClinicianSteering:
    """Store a new setting of ``key``; the one in force before it ends (kept, never edited)."""
    with transaction.atomic():
        _end(runner, key, by, REPLACED)
        return ClinicianSteering.objects.create(
            runner=runner,
            key=key,
            value=value,
            reason=reason,
            set_by_id=by.pk,
            set_by_name=by.get_username(),
        )


def lift_override(runner: Runner, key: Override, by: AbstractBaseUser, why: str = "") -> bool:
    """End the setting of ``key`` in force, if any: the engine's own rule applies again."""
    with transaction.atomic():
        return _end(runner, key, by, why.strip()[:500] or LIFTED)


def lift_all_set_by(runner: Runner, setter_id: int, by: AbstractBaseUser) -> int:
    """End every override ``setter_id`` set that is still in force (their access ended).

    One save per row (there are at most a handful), so the data version and the access
    log see each, like any other change.
    """
    rows = list(runner.steering.filter(set_by_id=setter_id, ended__isnull=True))
    for row in rows:
        _close(row, by, ACCESS_ENDED)
    return len(rows)


def _end(runner: Runner, key: Override, by: AbstractBaseUser, why: str) -> bool:
    row = runner.steering.select_for_update().filter(key=key, ended__isnull=True).first()
    if row is None:
        return False
    _close(row, by, why)
    return True


def _close(row: ClinicianSteering, by: AbstractBaseUser, why: str) -> None:
    row.ended = timezone.now()
    row.ended_by_name = by.get_username()
    row.ended_reason = why
    # A save, not an update: the data version moves and the access log sees it.
    row.save(update_fields=["ended", "ended_by_name", "ended_reason"])


def clinician_block(runner: Runner, clearance: Clearance | None) -> dict[str, Any]:
    """The case file's ``clinician`` block for ``runner`` (empty when nobody steers).

    ``clearance`` is the go-ahead the case file already carries as
    ``injury.cleared_on``: a clinician's note with it becomes ``cleared_to_run``.
    """
    rows = in_force(runner)
    block: dict[str, Any] = {row.key: row.as_case_entry() for row in rows}
    names = {row.set_by_name for row in rows}
    if len(names) == 1:
        block["name"] = names.pop()
    if clearance is not None and clearance.note and clearance.cleared_by != ClearedBy.SURGEON:
        block[Override.CLEARED_TO_RUN] = {"reason": clearance.note[:500]}
    return block
