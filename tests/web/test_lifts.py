"""Strength logging per exercise: pre-filled with the prescription, stored for the engine."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from runback.engine import Session
from runback.web.capacity.models import LiftRecord
from runback.web.runners import services
from runback.web.runners.models import LogEntry, Runner
from tests.web.conftest import client_for


def _strength_session(runner: Runner) -> Session:
    """A strength session from the runner's plan, with its exercises."""
    plan = services.plan_for(runner, timezone.localdate(), weeks=1)
    for day in plan.days:
        for session in day.sessions:
            if session.kind.value == "strength" and session.exercises:
                return session
    pytest.fail("no strength session planned in a week")


@pytest.fixture
def session_done(alice: Runner) -> tuple[LogEntry, Session]:
    """Today's strength session ticked off as done, as the Done button stores it."""
    session = _strength_session(alice)
    entry = services.log_planned_session(alice, timezone.localdate(), 1, session)
    return entry, session


def _answers(session: Session, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {}
    for dose in session.exercises or []:
        data |= {
            f"{dose.exercise}-done": "on",
            f"{dose.exercise}-sets": dose.sets,
            f"{dose.exercise}-reps": dose.hold_s or dose.reps,
            f"{dose.exercise}-load_kg": dose.load_kg or 0,
        }
    return data | changes


def test_the_page_is_prefilled_with_the_prescription_and_says_how(
    alice: Runner, session_done: tuple[LogEntry, Session]
) -> None:
    entry, session = session_done
    page = client_for(alice.user).get(reverse("capacity:lifts", args=[alice.pk, entry.pk]))
    html = page.content.decode()
    first = (session.exercises or [])[0]
    assert first.name in html
    assert "How to do it" in html
    assert f'name="{first.exercise}-sets" value="{first.sets}"' in html
    assert " \u00d7 1," not in html  # holds are said as holds, never "3 x 1"
    # The load advice sits under the exercise's heading: it does not name it again.
    card = html[html.index(f'id="lift-{first.exercise}"') :]
    prescribed = card[card.index("Prescribed:") : card.index("</p>")]
    assert "find a load you can" in prescribed
    assert first.name not in prescribed


def test_each_exercise_is_stored_for_the_engine_and_the_heaviest_load_kept(
    alice: Runner, session_done: tuple[LogEntry, Session]
) -> None:
    entry, session = session_done
    doses = session.exercises or []
    first = doses[0]
    client = client_for(alice.user)
    url = reverse("capacity:lifts", args=[alice.pk, entry.pk])
    data = _answers(session, **{f"{first.exercise}-load_kg": "22.5", f"{first.exercise}-rir": "2"})
    assert client.post(url, data)["Location"] == reverse("runners:today", args=[alice.pk])
    assert LiftRecord.objects.filter(runner=alice).count() == len(doses)
    lift = LiftRecord.objects.get(runner=alice, exercise=first.exercise)
    assert (lift.load_kg, lift.rir, lift.sets) == (22.5, 2, first.sets)
    entry.refresh_from_db()
    assert entry.load_kg == max(22.5, *(d.load_kg or 0 for d in doses))
    case = client.get(f"/api/runners/{alice.pk}/case-file").json()
    logged = {e["exercise"]: e for e in case["strength_log"]}
    assert logged[first.exercise]["load_kg"] == 22.5


def test_an_unticked_exercise_is_not_logged_and_a_bad_number_saves_nothing(
    alice: Runner, session_done: tuple[LogEntry, Session]
) -> None:
    entry, session = session_done
    doses = session.exercises or []
    client = client_for(alice.user)
    url = reverse("capacity:lifts", args=[alice.pk, entry.pk])
    bad = _answers(session, **{f"{doses[-1].exercise}-reps": "-3"})
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
    assert not LiftRecord.objects.exists()
    skipped = _answers(session)
    del skipped[f"{doses[0].exercise}-done"]
    client.post(url, skipped)
    assert not LiftRecord.objects.filter(exercise=doses[0].exercise).exists()
    assert LiftRecord.objects.count() == len(doses) - 1


def test_logging_again_corrects_and_says_so(
    alice: Runner, session_done: tuple[LogEntry, Session]
) -> None:
    entry, session = session_done
    first = (session.exercises or [])[0]
    client = client_for(alice.user)
    url = reverse("capacity:lifts", args=[alice.pk, entry.pk])
    client.post(url, _answers(session, **{f"{first.exercise}-load_kg": "20"}))
    response = client.post(url, _answers(session, **{f"{first.exercise}-load_kg": "25"}))
    page = client.get(response["Location"]).content.decode()
    assert f"You changed an earlier answer. {first.exercise} load_kg: 20 \u2192 25." in page
    assert LiftRecord.objects.get(exercise=first.exercise).load_kg == 25


def test_another_runner_cannot_log_or_see_the_session(
    alice: Runner, bob: Runner, session_done: tuple[LogEntry, Session]
) -> None:
    entry, session = session_done
    client = client_for(bob.user)
    url = reverse("capacity:lifts", args=[alice.pk, entry.pk])
    assert client.get(url).status_code in {403, 404}
    assert client.post(url, _answers(session)).status_code in {403, 404}
    assert not LiftRecord.objects.exists()


def test_progress_charts_each_exercise_with_its_estimated_strength(
    alice: Runner, session_done: tuple[LogEntry, Session]
) -> None:
    entry, session = session_done
    first = (session.exercises or [])[0]
    client = client_for(alice.user)
    url = reverse("capacity:lifts", args=[alice.pk, entry.pk])
    data = _answers(session, **{f"{first.exercise}-load_kg": "30", f"{first.exercise}-reps": "6"})
    client.post(url, data)
    page = client.get(reverse("runners:progress", args=[alice.pk])).content.decode()
    assert page.count('class="card exercise-chart"') == len(session.exercises or [])
    assert "6 reps at 30 kg, estimated one-rep maximum 36 kg" in page  # 30 x (1 + 6/30)
