"""The readiness tests in the browser: how to do each, results per leg, the gates they open."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from runback.web.capacity.models import ReadinessRecord
from runback.web.runners.models import Runner
from tests.web.builders import local_today
from tests.web.conftest import client_for


def _post(client: Client, runner: Runner, name: str, **values: object) -> object:
    data = {f"{name}-{k}": v for k, v in values.items()}
    data.setdefault(f"{name}-date", local_today().isoformat())
    return client.post(reverse("capacity:record", args=[runner.pk, name]), data)


def test_the_page_shows_every_test_with_how_to_do_it_and_the_gates(alice: Runner) -> None:
    client = client_for(alice.user)
    page = client.get(reverse("capacity:tests", args=[alice.pk])).content.decode()
    assert "Single-leg calf raise" in page
    assert "How to do it." in page
    assert "Left leg (reps)" in page
    assert "Right leg (reps)" in page
    assert "Result (minutes)" in page  # the brisk walk is done on both legs at once
    assert 'data-gate="plyometrics"' in page
    assert 'data-gate="return"' in page
    assert "Not done yet: do it when you can" in page


def test_a_result_is_stored_judged_and_fed_to_the_engine(alice: Runner) -> None:
    client = client_for(alice.user)
    response = _post(client, alice, "single_leg_calf_raise", left=25, right=18, pain=1)
    assert response.status_code == 302
    record = ReadinessRecord.objects.get(runner=alice)
    assert (record.left, record.right, record.pain) == (25, 18, 1)

    page = client.get(reverse("capacity:tests", args=[alice.pk])).content.decode()
    assert "symmetry <strong>72%</strong>" in page  # 18 / 25
    case = client.get(f"/api/runners/{alice.pk}/case-file").json()
    assert case["tests"] == [
        {
            "date": local_today().isoformat(),
            "name": "single_leg_calf_raise",
            "unit": "reps",
            "left": 25.0,
            "right": 18.0,
            "pain": 1,
        }
    ]


def test_a_test_that_passes_opens_no_gate_on_its_own_and_the_page_says_which_holds(
    alice: Runner,
) -> None:
    client = client_for(alice.user)
    _post(client, alice, "brisk_walk", left=30, pain=0)
    page = client.get(reverse("capacity:tests", args=[alice.pk])).content.decode()
    walk = page.split('id="brisk_walk"', 1)[1].split("</section>", 1)[0]
    assert '<li class="met">' in walk
    gates = page.split('class="gates"', 1)[1].split("</ul>", 1)[0]
    assert "held back by" in gates
    assert "Brisk walk" not in gates.split('data-gate="return"', 1)[1].split("</li>", 1)[0]


def test_a_sided_test_needs_both_legs_and_nothing_is_saved_until_it_has_them(
    alice: Runner,
) -> None:
    client = client_for(alice.user)
    response = _post(client, alice, "single_leg_calf_raise", left=25)
    assert response.status_code == 400
    assert "Enter the other leg too" in response.content.decode()
    assert not ReadinessRecord.objects.exists()


def test_a_future_date_or_a_negative_result_is_refused(alice: Runner) -> None:
    client = client_for(alice.user)
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    response = _post(client, alice, "brisk_walk", left=30, date=tomorrow)
    assert "cannot be in the future" in response.content.decode()
    response = _post(client, alice, "brisk_walk", left=-3)
    assert "greater than or equal to 0" in response.content.decode()
    assert not ReadinessRecord.objects.exists()


def test_the_same_test_on_the_same_day_is_a_correction_said_back(alice: Runner) -> None:
    client = client_for(alice.user)
    _post(client, alice, "single_leg_calf_raise", left=25, right=18)
    response = _post(client, alice, "single_leg_calf_raise", left=25, right=22)
    page = client.get(response["Location"]).content.decode()
    assert "You changed an earlier answer. Right leg (reps): 18 \u2192 22." in page
    assert ReadinessRecord.objects.get().right == 22


def test_a_retest_is_due_two_weeks_after_a_result_that_did_not_open_the_gate(
    alice: Runner,
) -> None:
    ReadinessRecord.objects.create(
        runner=alice,
        date=local_today() - dt.timedelta(days=15),
        name="single_leg_calf_raise",
        left=12,
        right=10,
    )
    page = client_for(alice.user).get(reverse("capacity:tests", args=[alice.pk])).content
    assert "Retest due: last done 15 days ago." in page.decode()


def test_another_runner_can_neither_see_nor_write_the_results(alice: Runner, bob: Runner) -> None:
    client = client_for(bob.user)
    assert client.get(reverse("capacity:tests", args=[alice.pk])).status_code in {403, 404}
    response = _post(client, alice, "brisk_walk", left=30)
    assert response.status_code in {403, 404}  # type: ignore[attr-defined]
    assert not ReadinessRecord.objects.exists()
