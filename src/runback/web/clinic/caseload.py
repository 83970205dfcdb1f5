"""The caseload: one row per runner who granted access, with alerts, in a fixed number of queries.

Everything is read in bulk (grants with their runners and injuries, then the last
four weeks of mornings, decisions and logged sessions for all those runners at
once, and each runner's stored :class:`CaseSummary` of the engine-derived columns)
and grouped in Python, so the page costs the same handful of queries for 10
runners or 500 (``tests/web/test_clinic_caseload.py`` counts them). Summaries made
stale by a write or a new day are recomputed (:mod:`.summary`) and written back in
one statement.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Protocol, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import CharField
from django.db.models.functions import Cast

from runback.engine.enums import Action, Phase
from runback.web.clinic.models import AlertAcknowledgement, CaseSummary, Clinic, StaffRole
from runback.web.clinic.summary import summaries_for
from runback.web.runners.freshness import version_key
from runback.web.runners.models import AccessGrant, DayEntry, DecisionRecord, LogEntry, Runner
from runback.web.runners.vocabulary import GrantRole

TREND_DAYS = 28
ADHERENCE_DAYS = 14
SILENT_DAYS = 7
BACK_OFF_WINDOW = 7
STALLED = "stalled_progress_see_professional"
SPIKE_DAYS = 7
"""A single-run spike this recent raises the load-spike alert."""


class Urgency(IntEnum):
    """Lower is more urgent: the caseload sorts on the most urgent open alert.

    The names (lower case) are stored with acknowledgements: add, never rename.
    """

    REFERRAL = 0
    STALLED = 1
    GATE_FAILED = 2
    FLARE = 3
    LOAD_SPIKE = 4
    BACK_OFFS = 5
    SILENT = 6


#: Where on the clinician's runner page each alert's evidence is (an anchor).
EVIDENCE = {
    Urgency.REFERRAL: "clearances",
    Urgency.STALLED: "decisions",
    Urgency.GATE_FAILED: "tests",
    Urgency.FLARE: "timeline",
    Urgency.LOAD_SPIKE: "timeline",
    Urgency.BACK_OFFS: "decisions",
    Urgency.SILENT: "journal",
}


#: How long an acknowledged alert stays quiet.
ACK_DAYS = 7


@dataclass(frozen=True)
class Alert:
    """An open alert: why (``text``, with the rule's reason) and where the evidence is."""

    urgency: Urgency
    text: str

    @property
    def kind(self) -> str:
        return self.urgency.name.lower()

    @property
    def evidence(self) -> str:
        """The anchor of the runner page's section that shows what raised it."""
        return EVIDENCE[self.urgency]


@dataclass
class CaseRow:
    """What a clinician scans for one runner (no engine run: stored answers only)."""

    runner: Runner
    name: str
    role: str
    pathway: str
    last_decision: DecisionRecord | None
    pains: list[tuple[dt.date, int]]
    sessions_done: int
    days_since_checkin: int | None
    summary: CaseSummary | None = None
    today: dt.date | None = None
    alerts: list[Alert] = field(default_factory=list)

    @property
    def phase(self) -> str:
        return self.summary.phase if self.summary is not None else ""

    @property
    def days_in_phase(self) -> int | None:
        if self.summary is None or self.summary.phase_since is None or self.today is None:
            return None
        return (self.today - self.summary.phase_since).days

    @property
    def phase_since_exact(self) -> bool:
        return self.summary is None or self.summary.phase_since_exact

    @property
    def planned(self) -> int | None:
        return None if self.summary is None else self.summary.planned_sessions

    @property
    def done(self) -> int:
        return 0 if self.summary is None else self.summary.done_sessions

    @property
    def adherence(self) -> float | None:
        """Sessions done / planned in the last 14 days (None without a plan to compare)."""
        if not self.planned:
            return None
        return self.done / self.planned

    @property
    def load_flags(self) -> list[dict[str, Any]]:
        return [] if self.summary is None else list(self.summary.load_flags)

    @property
    def acute_chronic(self) -> float | None:
        return None if self.summary is None else self.summary.acute_chronic

    @property
    def gates(self) -> tuple[int, int]:
        """(open, of) readiness gates."""
        return (0, 0) if self.summary is None else (
            self.summary.gates_open, self.summary.gates_total
        )  # fmt: skip

    @property
    def urgency(self) -> int:
        return min((a.urgency for a in self.alerts), default=len(Urgency))

    @property
    def reason_codes(self) -> list[str]:
        if self.last_decision is None:
            return []
        return [str(r.get("code", "")) for r in self.last_decision.reasons if isinstance(r, dict)]

    @property
    def sparkline(self) -> str:
        """SVG polyline points for the morning pain of the last 4 weeks (0-10, up is worse)."""
        if not self.pains:
            return ""
        first = self.pains[-1][0] - dt.timedelta(days=TREND_DAYS - 1)
        return " ".join(
            f"{(day - first).days * 100 / (TREND_DAYS - 1):.1f},{30 - pain * 3:.1f}"
            for day, pain in self.pains
        )


PHASE_ORDER: dict[str, int] = {p.value: i for i, p in enumerate(Phase)}
#: The caseload's sort orders: each a key on a row (ties broken by name).
SORTS: dict[str, Any] = {
    "urgency": lambda r: (r.urgency, r.name),
    "name": lambda r: r.name,
    "checkin": lambda r: (
        -(r.days_since_checkin if r.days_since_checkin is not None else 10**6),
        r.name,
    ),
    "sessions": lambda r: (r.sessions_done, r.name),
    "phase": lambda r: (PHASE_ORDER.get(r.phase, len(PHASE_ORDER)), r.name),
    "days_in_phase": lambda r: (-(r.days_in_phase if r.days_in_phase is not None else -1), r.name),
    "adherence": lambda r: (r.adherence if r.adherence is not None else 10.0, r.name),
    "load": lambda r: (-len(r.load_flags), -(r.acute_chronic or 0.0), r.name),
    "gates": lambda r: (r.gates[0], r.name),
}
#: The caseload's sort choices as the page offers them.
SORT_LABELS = (
    ("urgency", "Most urgent"),
    ("name", "Name"),
    ("phase", "Phase"),
    ("days_in_phase", "Longest in their phase"),
    ("adherence", "Lowest adherence"),
    ("load", "Most load flags"),
    ("gates", "Fewest readiness gates passed"),
    ("checkin", "Longest without a check-in"),
    ("sessions", "Fewest sessions"),
)


class Shown(Protocol):
    """What a caseload row offers to filter on (:class:`CaseRow` and :class:`RowView`)."""

    @property
    def phase(self) -> str: ...
    @property
    def load_flags(self) -> Sequence[Any]: ...
    @property
    def alerts(self) -> Sequence[Any]: ...


_Row = TypeVar("_Row", bound=Shown)


@dataclass(frozen=True)
class CaseloadQuery:
    """Which runners of a caseload to show, in which order: the page's and the API's
    choices, checked once (an unknown sort is the default, an unknown phase none)."""

    search: str = ""
    """Part of the runner's name."""
    sort: str = "urgency"
    alerts_only: bool = False
    """Only runners with an open alert."""
    phase: str = ""
    """Only runners in this phase."""
    flagged_only: bool = False
    """Only runners with a load flag."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "search", self.search.strip()[:150])
        object.__setattr__(self, "sort", self.sort if self.sort in SORTS else "urgency")
        object.__setattr__(self, "phase", self.phase if self.phase in PHASE_ORDER else "")

    def keep(self, rows: Iterable[_Row]) -> list[_Row]:
        """The rows the filters keep, in the chosen order."""
        kept = [
            r for r in rows
            if (not self.alerts_only or r.alerts)
            and (not self.phase or r.phase == self.phase)
            and (not self.flagged_only or r.load_flags)
        ]  # fmt: skip
        return sorted(kept, key=SORTS[self.sort])


def rows_for(
    user: AbstractBaseUser, today_for_all: dt.date, query: CaseloadQuery = CaseloadQuery()
) -> list[CaseRow]:
    """The user's caseload as ``query`` chooses: most urgent first by default, then by name."""
    grants = (
        AccessGrant.objects.filter(grantee_id=user.pk, revoked__isnull=True)
        .select_related("runner__user", "runner__injury")
        .order_by("runner__user__username")
    )
    if query.search:
        grants = grants.filter(runner__user__username__icontains=query.search)
    roles = {g.runner_id: g.get_role_display() for g in grants}
    runners = [g.runner for g in grants]
    rows = build_rows(runners, today_for_all)
    for row in rows:
        row.role = roles[row.runner.pk]
    return query.keep(rows)


def row_for(runner: Runner, today: dt.date) -> CaseRow:
    return build_rows([runner], today)[0]


def build_rows(runners: Iterable[Runner], today: dt.date) -> list[CaseRow]:
    runners = list(runners)
    ids = [r.pk for r in runners]
    since = today - dt.timedelta(days=TREND_DAYS - 1)
    pains: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    last_checkin: dict[int, dt.date] = {}
    for runner_id, day, pain in (
        DayEntry.objects.filter(runner_id__in=ids, date__gte=since, date__lte=today)
        .order_by("date")
        .values_list("runner_id", "date", "pain")
    ):
        if pain is not None:
            pains[runner_id].append((day, pain))
            last_checkin[runner_id] = day
    decisions: dict[int, list[DecisionRecord]] = defaultdict(list)
    for decision in DecisionRecord.objects.filter(
        runner_id__in=ids, date__gte=since, date__lte=today
    ).order_by("-date"):
        decisions[decision.runner_id].append(decision)
        last_checkin[decision.runner_id] = max(
            decision.date, last_checkin.get(decision.runner_id, decision.date)
        )
    done: dict[int, int] = defaultdict(int)
    for runner_id, _day in LogEntry.objects.filter(
        runner_id__in=ids, date__gt=today - dt.timedelta(days=ADHERENCE_DAYS), date__lte=today
    ).values_list("runner_id", "date"):
        done[runner_id] += 1
    quiet: dict[int, set[str]] = defaultdict(set)
    for runner_id, kind in AlertAcknowledgement.objects.filter(
        runner_id__in=ids, created__date__gt=today - dt.timedelta(days=ACK_DAYS)
    ).values_list("runner_id", "kind"):
        quiet[runner_id].add(kind)
    summaries = summaries_for(runners, today)
    rows = []
    for runner in runners:
        checked = last_checkin.get(runner.pk)
        row = CaseRow(
            runner=runner,
            name=runner.user.get_username(),
            role="",
            pathway=_pathway(runner),
            last_decision=next(iter(decisions[runner.pk]), None),
            pains=pains[runner.pk],
            sessions_done=done[runner.pk],
            days_since_checkin=None if checked is None else (today - checked).days,
            summary=summaries.get(runner.pk),
            today=today,
        )
        row.alerts = [
            a for a in _alerts(runner, row, decisions[runner.pk], today)
            if a.kind not in quiet[runner.pk]
        ]  # fmt: skip
        rows.append(row)
    return rows


def _pathway(runner: Runner) -> str:
    injury: Any = getattr(runner, "injury", None)
    if injury is None:
        return "not set up yet"
    # "Achilles tendon: tendon problem (tendinopathy)", not "Achilles tendon tendon ..."
    return f"{injury.get_site_display()}: {injury.get_kind_display().lower()}"


def _alerts(
    runner: Runner, row: CaseRow, decisions: list[DecisionRecord], today: dt.date
) -> Iterable[Alert]:
    if runner.is_referred:
        yield Alert(Urgency.REFERRAL, "Red flag at screening: referred, no guided plan")
    if STALLED in row.reason_codes:
        yield Alert(Urgency.STALLED, "Progress stalled: the engine advises seeing a professional")
    for escalation in row.summary.escalations if row.summary is not None else []:
        yield Alert(Urgency.GATE_FAILED, f"Readiness gate failed twice: {escalation['text']}")
    recent = row.pains[-4:]
    if len(recent) == 4 and all(
        (b[0] - a[0]).days == 1 and b[1] > a[1] for a, b in itertools.pairwise(recent)
    ):
        yield Alert(Urgency.FLARE, "Morning pain rose 3 days running")
    spike_since = today - dt.timedelta(days=SPIKE_DAYS)
    spikes = [
        f for f in row.load_flags
        if f.get("spike") and dt.date.fromisoformat(str(f["date"])) > spike_since
    ]  # fmt: skip
    if spikes:
        yield Alert(Urgency.LOAD_SPIKE, f"Load spike on {spikes[0]['date']}: {spikes[0]['text']}")
    window = today - dt.timedelta(days=BACK_OFF_WINDOW)
    back_offs = sum(1 for d in decisions if d.action == Action.BACK_OFF and d.date > window)
    if back_offs >= 2:
        yield Alert(Urgency.BACK_OFFS, f"{back_offs} back-offs in 7 days")
    if runner.is_onboarded and (
        row.days_since_checkin is None or row.days_since_checkin >= SILENT_DAYS
    ):
        yield Alert(Urgency.SILENT, f"No check-in for {SILENT_DAYS} days or more")


def clinic_runner_names(clinic: Clinic) -> list[tuple[str, str]]:
    """(runner, clinician) for every live grant to a clinician of ``clinic``: names only."""
    staff = clinic.members.filter(role=StaffRole.CLINICIAN).values("user_id")
    return list(
        AccessGrant.objects.filter(grantee_id__in=staff, revoked__isnull=True)
        .order_by("runner__user__username")
        .values_list("runner__user__username", "grantee__username")
    )


# --- the page: rows rendered once per record version and day ------------------------

ROW_CACHE_SECONDS = 26 * 3600


@dataclass(frozen=True)
class RowView:
    """A caseload row as the page keeps it: what it sorts and filters on, and its HTML.

    Everything on a row derives from the record (its data version moves with every
    write: log, mornings, decisions, acknowledgements, grants) and the day, so the
    rendered row is cached under both and the clinician's role; a page of 500 rows
    whose records did not change renders none of them again.
    """

    runner_id: int
    name: str
    urgency: int
    days_since_checkin: int | None
    sessions_done: int
    phase: str
    days_in_phase: int | None
    adherence: float | None
    load_flags: tuple[dict[str, Any], ...]
    acute_chronic: float | None
    gates: tuple[int, int]
    alerts: tuple[str, ...]
    html: str

    @classmethod
    def of(cls, row: CaseRow) -> RowView:
        from django.template.loader import render_to_string

        return cls(
            runner_id=row.runner.pk, name=row.name, urgency=row.urgency,
            days_since_checkin=row.days_since_checkin, sessions_done=row.sessions_done,
            phase=row.phase, days_in_phase=row.days_in_phase, adherence=row.adherence,
            load_flags=tuple(row.load_flags), acute_chronic=row.acute_chronic, gates=row.gates,
            alerts=tuple(a.kind for a in row.alerts),
            html=render_to_string("clinic/_caseload_row.html", {"row": row}),
        )  # fmt: skip


def page_rows(
    user: AbstractBaseUser,
    today: dt.date,
    query: CaseloadQuery = CaseloadQuery(),
    *,
    live: list[tuple[int, str, str]] | None = None,
) -> list[RowView]:
    """The caseload page's rows (as :func:`rows_for`), from the row cache where it can.

    One query for the grants (unless ``live`` brings them) and one cache read for all
    rows; the rows of records that changed (or a new day) are built together by
    :func:`build_rows` and put back: a fixed number of queries either way.
    """
    from django.core.cache import cache

    if live is None:
        live = _live_grants(user, query.search)
    keys = {
        runner_id: f"runback:caseload-row:{version}:{today.isoformat()}:{role}"
        for runner_id, version, role in live
    }
    found: dict[str, RowView] = cache.get_many(list(keys.values())) if keys else {}
    missing = [runner_id for runner_id, key in keys.items() if key not in found]
    if missing:
        roles = {runner_id: GrantRole(role).label for runner_id, _, role in live}
        runners = Runner.objects.filter(pk__in=missing).select_related("user", "injury")
        made = {}
        for row in build_rows(runners, today):
            row.role = roles[row.runner.pk]
            made[keys[row.runner.pk]] = RowView.of(row)
        cache.set_many(made, ROW_CACHE_SECONDS)
        found |= made
    return query.keep(found[key] for key in keys.values())


def _live_grants(user: AbstractBaseUser, search: str) -> list[tuple[int, str, str]]:
    """(runner id, the record's :func:`version_key`, role) of each live grant to ``user``."""
    grants = AccessGrant.objects.filter(grantee_id=user.pk, revoked__isnull=True)
    if search:
        grants = grants.filter(runner__user__username__icontains=search)
    # The creation time as the database spells it: the key needs it only as text.
    found = grants.annotate(runner_created=Cast("runner__created", CharField())).values_list(
        "runner_id", "runner_created", "runner__data_version", "role"
    )
    return sorted(
        (runner_id, version_key(runner_id, created, version), role)
        for runner_id, created, version, role in found
    )


@dataclass(frozen=True)
class CaseloadPage:
    """The caseload table's body as the page shows it, and who is on it (for the log)."""

    readers: tuple[int, ...]
    """The runner ids of the rows, in the page's order."""
    html: str


def page(
    user: AbstractBaseUser, today: dt.date, query: CaseloadQuery = CaseloadQuery()
) -> CaseloadPage:
    """The whole sorted, filtered table body, cached under the caseload's state.

    The key is made of every (runner, data version, role) on the caseload, the day and
    the page's choices: any write to any record on it, a new grant or a revoked one
    changes the key, so a cached page is never stale. A hit costs the grants query and
    one cache read, however many runners; a miss builds it from the row cache.
    """
    import hashlib

    from django.core.cache import cache
    from django.utils.safestring import mark_safe

    live = _live_grants(user, query.search)
    state = repr((user.pk, live, today, query))
    key = "runback:caseload-page:" + hashlib.sha256(state.encode()).hexdigest()
    found: CaseloadPage | None = cache.get(key)
    if found is None:
        views = page_rows(user, today, query, live=live)
        html = mark_safe("".join(v.html for v in views))  # noqa: S308 (rendered, escaped rows)
        found = CaseloadPage(tuple(v.runner_id for v in views), html)
        cache.set(key, found, ROW_CACHE_SECONDS)
    return found
