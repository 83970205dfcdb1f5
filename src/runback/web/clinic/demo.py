"""Demo data for a clinic: runners whose logs come from following runback's own plans.

A handful of archetypes (a quick responder, slow tissue that flares when the week
outgrows it, a runner who skips, a bone stress injury, a runner who stopped
checking in, one who worsens whatever the load) each follow the engine's plan week
by week for the whole history: the case file as of the evening before, the plan's
sessions done (or skipped), each run logged with the pain the archetype's tissue
gives. The engine's ``decide`` gives the last four weeks' decisions. Every demo
runner then takes one archetype's history, with its own noise (a few more sessions
skipped, pain a point up or down), so 10,000 runners cost a few engine runs per
archetype, not per runner.

The first :data:`TEMPLATES` runners are written row by row from their histories
(through the ORM, in bulk) and their caseload summaries worked out; every runner
after them is a copy of one of those templates, with their rows copied inside the
database by one ``INSERT ... SELECT`` per table. Ten thousand runners with two years
each are some twelve million rows: built as Python objects that took hours, copied by
the database it takes minutes.

Only :func:`seed` touches the database (in bulk); the rest is pure and seeded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Model

from runback.engine import SessionKind, TriageStatus, build_plan, decide, parse_case
from runback.web.clinic.models import CaseSummary, Clinic, Membership, StaffRole
from runback.web.clinic.summary import summaries_for
from runback.web.runners.models import (
    AccessGrant,
    DayEntry,
    DecisionRecord,
    Injury,
    LogEntry,
    Runner,
)
from runback.web.runners.vocabulary import GrantRole, OnboardingStep

DAY = dt.timedelta(days=1)
PREFIX = "demo-"
"""Every user seed_demo makes is named so: how it tells its own users from real ones."""
DECISION_DAYS = 28
BATCH = 5000
COPY_CHUNK = 400
"""Runners copied per statement (two parameters each: within SQLite's 999)."""


@dataclass(frozen=True)
class Archetype:
    """How one kind of demo runner's tissue and habits answer the plan."""

    name: str
    site: str
    kind: str
    extra: dict[str, Any] = field(default_factory=dict)
    capacity: float | None = None
    """Run minutes in 7 days the tissue tolerates at first; above it, pain builds."""
    growth: float = 0.0
    skip: float = 0.05
    silent_days: int = 0
    """Stopped checking in (and logging) this many days ago."""
    worsens_days: int = 0
    """Pain has been climbing for this many days, whatever the load."""


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("responder", "achilles", "tendinopathy"),
    Archetype("slow tissue", "patellar_tendon", "tendinopathy", capacity=40, growth=0.05),
    Archetype("skipper", "calf", "strain", skip=0.35),
    Archetype("bone stress", "shin", "bone_stress", {"bone_stress_risk": "low"}),
    Archetype("gone quiet", "plantar_heel", "niggle", silent_days=10),
    Archetype("worsening", "knee", "joint", worsens_days=5),
    Archetype("hamstring", "hamstring", "strain", capacity=70, growth=0.03),
)
RUNNER = {
    "age": 36,
    "sex": "female",
    "weekly_km_before": 30,
    "runs_per_week_before": 4,
    "longest_run_km_before": 14,
    "previous_injuries": 1,
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass
class History:
    """One archetype's log, mornings and recent decisions, dated back from ``today``."""

    archetype: Archetype
    onset: dt.date
    log: list[dict[str, Any]] = field(default_factory=list)
    mornings: dict[dt.date, int] = field(default_factory=dict)
    decisions: list[dict[str, Any]] = field(default_factory=list)


def _injury(a: Archetype, onset: dt.date) -> dict[str, Any]:
    return {
        "site": a.site,
        "kind": a.kind,
        "onset": onset.isoformat(),
        "last_run": (onset - DAY).isoformat(),
        "pain_free_run_minutes": 10,
        "pain_rest": 0,
        "pain_walking": 0,
        "stiffness_baseline": 1,
        "aggravators": [],
        **a.extra,
    }


def _case(a: Archetype, onset: dt.date, day: dt.date, log: list[dict[str, Any]]) -> Any:
    data = {
        "today": day.isoformat(),
        "runner": RUNNER,
        "injury": _injury(a, onset),
        "availability": {"days": WEEKDAYS, "minutes_per_day": 60, "equipment": ["home"]},
        "log": log,
    }
    return parse_case(data, default_today=day)


def follow(a: Archetype, today: dt.date, weeks: int, seed: int = 0) -> History:
    """``a`` follows the engine's plan, asked once a week, from ``weeks`` ago to today."""
    rng = random.Random(f"{a.name}/{seed}")  # noqa: S311 (demo data, not secrets)
    start = today - dt.timedelta(weeks=weeks)
    history = History(a, onset=start - dt.timedelta(days=10))
    silent_from = today - dt.timedelta(days=a.silent_days) if a.silent_days else None
    worse_from = today - dt.timedelta(days=a.worsens_days) if a.worsens_days else None
    day = start
    while day <= today:
        plan = build_plan(_case(a, history.onset, day - DAY, history.log), weeks=1)
        if plan.triage.status is TriageStatus.REFER:
            break
        for planned in plan.days:
            if planned.date > today:
                break
            quiet = silent_from is not None and planned.date >= silent_from
            worse = 0 if worse_from is None else max(0, (planned.date - worse_from).days + 1)
            morning = min(10, max(0, rng.choice((0, 0, 1, 1, 2)) + worse))
            for session in planned.sessions:
                if quiet or session.kind is SessionKind.REST or rng.random() < a.skip:
                    continue
                entry = _done(a, session, planned.date, history, rng, worse)
                if entry is not None:
                    history.log.append(entry)
                    if entry["kind"] == "run":
                        morning = max(morning, int(entry.pop("_morning")))
            if not quiet:
                history.mornings[planned.date + DAY] = morning
        day += dt.timedelta(weeks=1)
    history.mornings = {d: p for d, p in history.mornings.items() if d <= today}
    _decisions(history, today)
    return history


def _done(
    a: Archetype, session: Any, day: dt.date, history: History, rng: random.Random, worse: int
) -> dict[str, Any] | None:
    """The log entry for a planned session done, with the pain the tissue gives."""
    iso = day.isoformat()
    if session.kind is SessionKind.STRENGTH:
        return {"date": iso, "kind": "strength", "minutes": 40}
    if session.kind is SessionKind.PLYOMETRICS:
        return {"date": iso, "kind": "plyometrics", "minutes": 15}
    if session.kind is SessionKind.CROSS_TRAINING:
        return {"date": iso, "kind": "cross_training", "minutes": session.minutes or 30}
    if session.kind is SessionKind.WALK:
        return {"date": iso, "kind": "walk", "walk_minutes": session.walk_minutes or 20}
    if not session.run_minutes:
        return None
    week = session.run_minutes + sum(
        float(e.get("run_minutes") or 0)
        for e in history.log[-14:]
        if e["kind"] == "run" and day - 7 * DAY < dt.date.fromisoformat(e["date"]) < day
    )
    during = rng.choice((0, 0, 1, 1, 2))
    after, morning, pattern = during, max(0, during - 1), "none" if during == 0 else "eased"
    if a.capacity is not None:
        weeks_in = (day - history.onset).days / 7
        if week > a.capacity * (1 + a.growth) ** weeks_in:
            during, after, morning, pattern = 5, 4, 3, "built"
    if worse:
        during, after, morning = min(10, 2 + worse), min(10, 2 + worse), min(10, 1 + worse)
        pattern = "built"
    return {
        "date": iso,
        "kind": "run",
        "run_minutes": session.run_minutes,
        "walk_minutes": session.walk_minutes,
        "pain_before": 0,
        "pain_during_max": during,
        "pain_during_pattern": pattern,
        "pain_after": after,
        "_morning": morning,
    }


def _decisions(history: History, today: dt.date) -> None:
    """The engine's decision on each of the last 4 weeks' run days (as the check-in stores)."""
    days = sorted(
        {dt.date.fromisoformat(e["date"]) for e in history.log if e["kind"] == "run"}
        & {today - dt.timedelta(days=n) for n in range(DECISION_DAYS)}
    )
    for day in days:
        log = [
            {**e, "pain_next_morning": history.mornings.get(dt.date.fromisoformat(e["date"]) + DAY)}
            if e["kind"] == "run" and dt.date.fromisoformat(e["date"]) + DAY in history.mornings
            else e
            for e in history.log
            if dt.date.fromisoformat(e["date"]) <= day
        ]
        decision = decide(_case(history.archetype, history.onset, day, log))
        history.decisions.append(
            {
                "date": day,
                "action": decision.action.value,
                "pattern": decision.pattern.value,
                "reasons": [r.model_dump() for r in decision.reasons],
                "next_run": None if decision.next_run is None else decision.next_run.model_dump(),
            }
        )


# --- the database ------------------------------------------------------------------


def real_users() -> int:
    """Users seed_demo did not make (its own are named ``demo-...``)."""
    return User.objects.exclude(username__startswith=PREFIX).count()


@dataclass(frozen=True)
class Seeded:
    runners: int
    clinicians: list[str]
    caseloads: dict[str, int]
    password: str


def seed(
    runners: int,
    *,
    clinicians: int,
    caseloads: Iterable[int],
    weeks: int,
    today: dt.date,
    password: str,
    seed_value: int = 0,
    progress: Callable[[str], None] = lambda _: None,
) -> Seeded:
    """Make ``runners`` demo runners and ``clinicians`` clinicians at one demo clinic.

    Clinician ``i`` for each ``caseloads[i]`` holds an editor grant from the first
    ``caseloads[i]`` runners; the other clinicians share out the rest as viewers.
    """
    caseloads = list(caseloads)
    clinicians = max(clinicians, len(caseloads), 1)
    rng = random.Random(seed_value)  # noqa: S311 (demo data, not secrets)
    histories = []
    for a in ARCHETYPES:
        progress(f"following the plan as '{a.name}' for {weeks} weeks")
        histories.append(follow(a, today, weeks, seed_value))
    hashed = make_password(password)
    start = User.objects.filter(username__startswith=PREFIX + "runner-").count()
    with transaction.atomic():
        clinic, _ = Clinic.objects.get_or_create(name="runback demo clinic")
        staff = [
            User.objects.get_or_create(
                username=f"{PREFIX}clinician-{i}",
                defaults={"email": f"clinician-{i}@demo.invalid", "password": hashed},
            )[0]
            for i in range(clinicians)
        ]
        for user in staff:
            Membership.objects.get_or_create(
                clinic=clinic, user=user, defaults={"role": StaffRole.CLINICIAN}
            )
        made = 0
        templates = range(start, start + min(runners, TEMPLATES))
        for chunk in _chunks(templates, 500):
            _seed_runners(chunk, histories, staff, caseloads, rng, today, hashed)
            made += len(chunk)
            progress(f"{made} of {runners} runners")
        progress(f"caseload summaries of the {len(templates)} template runners")
        template_ids = _runner_ids(templates)
        shown = Runner.objects.filter(pk__in=template_ids.values()).select_related("user", "injury")
        summaries_for(shown, today)
        for chunk in _chunks(range(templates.stop, start + runners), 2000):
            records = _records(chunk, histories, staff, caseloads, hashed)
            pairs = [
                (template_ids[templates.start + (n - templates.start) % len(templates)], r.pk)
                for n, r in zip(chunk, records, strict=True)
            ]
            _copy_rows(pairs)
            made += len(chunk)
            progress(f"{made} of {runners} runners (copies)")
    return Seeded(
        runners=runners,
        clinicians=[u.username for u in staff],
        caseloads={staff[i].username: min(n, start + runners) for i, n in enumerate(caseloads)},
        password=password,
    )


def _chunks(numbers: range, size: int) -> Iterator[range]:
    for first in range(numbers.start, numbers.stop, size):
        yield range(first, min(first + size, numbers.stop))


TEMPLATES = 7 * 71
"""Runners written from their histories; the rest copy one of them. A multiple of the
number of archetypes, so runner ``n`` and its template share ``n``'s archetype."""
assert TEMPLATES % len(ARCHETYPES) == 0


def _runner_ids(numbers: range) -> dict[int, int]:
    """Runner number -> runner id, for demo runners already written."""
    names = {f"{PREFIX}runner-{n}": n for n in numbers}
    return {
        names[username]: runner_id
        for runner_id, username in Runner.objects.filter(
            user__username__in=list(names)
        ).values_list("pk", "user__username")
    }


def _records(
    numbers: range, histories: list[History], staff: list[User], caseloads: list[int], hashed: str
) -> list[Runner]:
    """Users, runner records, injuries and grants of demo runners ``numbers``."""
    users = User.objects.bulk_create(
        User(username=f"{PREFIX}runner-{n}", email=f"runner-{n}@demo.invalid", password=hashed)
        for n in numbers
    )
    records = Runner.objects.bulk_create(
        Runner(
            user=user, age=25 + n % 30, sex="female" if n % 2 else "male",
            weekly_km_before=20 + n % 40, runs_per_week_before=3 + n % 3,
            longest_run_km_before=10 + n % 12, previous_injuries=n % 3, sleep_hours=7.5,
            stress=3, fear_of_reinjury=3, fuelling_ok=True, days=WEEKDAYS,
            minutes_per_day=60, equipment=["home"], red_flags=[],
            onboarding_step=OnboardingStep.DONE,
        )
        for n, user in zip(numbers, users, strict=True)
    )  # fmt: skip
    injuries, grants = [], []
    rest = staff[len(caseloads) :]
    for n, runner in zip(numbers, records, strict=True):
        h = histories[n % len(histories)]
        a = h.archetype
        injuries.append(
            Injury(
                runner=runner, site=a.site, kind=a.kind,
                bone_stress_risk=a.extra.get("bone_stress_risk", ""), onset=h.onset,
                last_run=h.onset - DAY, pain_free_run_minutes=10, pain_rest=0, pain_walking=0,
                stiffness_baseline=1, aggravators=[],
            )
        )  # fmt: skip
        for i, size in enumerate(caseloads):
            if n < size:
                grants.append(AccessGrant(runner=runner, grantee=staff[i], role=GrantRole.EDITOR))
        if rest:
            grants.append(
                AccessGrant(runner=runner, grantee=rest[n % len(rest)], role=GrantRole.VIEWER)
            )
    Injury.objects.bulk_create(injuries)
    AccessGrant.objects.bulk_create(grants, batch_size=BATCH)
    return records


def _seed_runners(
    numbers: range,
    histories: list[History],
    staff: list[User],
    caseloads: list[int],
    rng: random.Random,
    today: dt.date,
    hashed: str,
) -> None:
    """Template runners: records, then their own log, mornings and decisions (with noise)."""
    records = _records(numbers, histories, staff, caseloads, hashed)
    log, mornings, decisions = [], [], []
    for n, runner in zip(numbers, records, strict=True):
        h = histories[n % len(histories)]
        slots: dict[dt.date, int] = {}
        for e in h.log:
            if rng.random() < 0.03:  # this runner's own skipped sessions
                continue
            day = dt.date.fromisoformat(e["date"])
            slots[day] = slots.get(day, -1) + 1
            log.append(_log_row(runner, e, day, slots[day], rng))
        for day, pain in h.mornings.items():
            if rng.random() < 0.1:  # a missed check-in
                continue
            noisy = min(10, max(0, pain + rng.choice((-1, 0, 0, 0, 1))))
            mornings.append(DayEntry(runner=runner, date=day, pain=noisy, stiffness=1,
                                     sleep_hours=7.5, stress=3))  # fmt: skip
        decisions += [DecisionRecord(runner=runner, **d) for d in h.decisions]
    LogEntry.objects.bulk_create(log, batch_size=BATCH)
    DayEntry.objects.bulk_create(mornings, batch_size=BATCH)
    DecisionRecord.objects.bulk_create(decisions, batch_size=BATCH)


#: What a copied runner takes from their template, row for row.
COPIED: tuple[type[Model], ...] = (LogEntry, DayEntry, DecisionRecord, CaseSummary)


def _copy_rows(pairs: list[tuple[int, int]]) -> None:
    """Copy each (template id, copy id)'s rows of :data:`COPIED` inside the database.

    ``INSERT ... SELECT`` joined to the pairs as a ``VALUES`` list (whose columns both
    SQLite and PostgreSQL name ``column1``, ``column2``): the rows never come to Python.
    The copies' data versions equal their templates' (both new), so the copied caseload
    summaries are as fresh as the originals.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in COPIED:
            fields = [f for f in model._meta.concrete_fields if not f.primary_key]
            columns = [str(f.column) for f in fields]
            runner_column = next(str(f.column) for f in fields if f.name == "runner")
            chosen = ", ".join(
                "pairs.column2" if c == runner_column else f"t.{quote(c)}" for c in columns
            )
            table = quote(model._meta.db_table)
            for first in range(0, len(pairs), COPY_CHUNK):
                chunk = pairs[first : first + COPY_CHUNK]
                values = ", ".join(["(%s, %s)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(map(quote, columns))}) "  # noqa: S608
                    f"SELECT {chosen} FROM {table} AS t "
                    f"JOIN (VALUES {values}) AS pairs ON t.{quote(runner_column)} = pairs.column1",
                    [number for pair in chunk for number in pair],
                )


def _log_row(
    runner: Runner, e: dict[str, Any], day: dt.date, slot: int, rng: random.Random
) -> LogEntry:
    fields = {k: v for k, v in e.items() if k not in {"date", "_morning"}}
    if fields["kind"] == "run":
        for key in ("pain_during_max", "pain_after"):
            fields[key] = min(10, max(0, int(fields[key]) + rng.choice((-1, 0, 0, 1))))
        fields["checked_in"] = True
    return LogEntry(runner=runner, date=day, slot=slot, **fields)
