"""A planned session can be skipped with a reason, and the coaching reads the reason."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from runback.web.runners.models import LogEntry, Runner
from tests.web.conftest import client_for


def _first_slot(client: object, runner: Runner) -> tuple[int, str]:
    today = client.get(f"/api/runners/{runner.pk}/today").json()  # type: ignore[attr-defined]
    session = next(s for s in today["sessions"] if s["kind"] != "rest")
    return session["slot"], session["kind"]


def test_a_run_skipped_for_pain_is_kept_and_read_as_a_reason_to_hold(alice: Runner) -> None:
    client = client_for(alice.user)
    slot, kind = _first_slot(client, alice)
    url = reverse("runners:skip_session", args=[alice.pk, slot])
    assert client.post(url, {"reason": "pain"})["Location"] == reverse(
        "runners:today", args=[alice.pk]
    )
    entry = LogEntry.objects.get(runner=alice, date=timezone.localdate(), slot=slot)
    assert (entry.skipped, entry.run_minutes, entry.checked_in) == ("pain", None, False)
    case = client.get(f"/api/runners/{alice.pk}/case-file").json()
    assert {"date": timezone.localdate().isoformat(), "kind": entry.kind, "skipped": "pain"} in (
        case["log"]
    )
    page = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert "Skipped: it hurt, or i expected it to." in page
    if kind in {"run", "run_walk"}:
        decision = client.get(f"/api/runners/{alice.pk}/decision").json()
        assert decision["action"] in {"hold", "back_off", "refer"}


def test_done_after_all_turns_a_skip_into_a_done_session(alice: Runner) -> None:
    client = client_for(alice.user)
    slot, _ = _first_slot(client, alice)
    client.post(reverse("runners:skip_session", args=[alice.pk, slot]), {"reason": "time"})
    client.post(reverse("runners:log_session", args=[alice.pk, slot]))
    entry = LogEntry.objects.get(runner=alice, slot=slot)
    assert entry.skipped == ""
    assert entry.planned is not None


def test_a_done_session_cannot_be_skipped_and_a_reason_is_required(alice: Runner) -> None:
    client = client_for(alice.user)
    slot, _ = _first_slot(client, alice)
    url = reverse("runners:skip_session", args=[alice.pk, slot])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"reason": "bored"}).status_code == 400
    assert not LogEntry.objects.exists()
    client.post(reverse("runners:log_session", args=[alice.pk, slot]))
    client.post(url, {"reason": "illness"})
    assert LogEntry.objects.get(slot=slot).skipped == ""


def test_another_runner_cannot_skip_for_alice(alice: Runner, bob: Runner) -> None:
    slot, _ = _first_slot(client_for(alice.user), alice)
    url = reverse("runners:skip_session", args=[alice.pk, slot])
    assert client_for(bob.user).post(url, {"reason": "pain"}).status_code in {403, 404}
    assert not LogEntry.objects.exists()
