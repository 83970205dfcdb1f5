"""Self-checks in the browser: rest test, stride video, mobility and core activation."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.web.capacity.models import SelfAssessmentRecord
from runback.web.runners.models import Runner
from tests.web.conftest import client_for


def _post(client: Client, runner: Runner, kind: str, **values: object) -> object:
    data: dict[str, object] = {f"{kind}-{k}": v for k, v in values.items()}
    data.setdefault(f"{kind}-date", timezone.localdate().isoformat())
    return client.post(reverse("capacity:self_check", args=[runner.pk, kind]), data)


def _page(client: Client, runner: Runner) -> str:
    return client.get(reverse("capacity:self_checks", args=[runner.pk])).content.decode()


def test_the_page_explains_each_check(alice: Runner) -> None:
    page = _page(client_for(alice.user), alice)
    for title in ("Rest test", "Stride video", "Mobility self-test", "Core activation"):
        assert f">{title}</h2>" in page
    assert "the foot lands far ahead of the hips" in page  # the stride checklist


def test_a_quick_rest_test_return_is_read_as_a_movement_problem(alice: Runner) -> None:
    client = client_for(alice.user)
    response = _post(client, alice, "rest_test", rest_days=8, runs_since=2,
                     pain_returned_after_runs=2)  # fmt: skip
    assert response.status_code == 302
    assert "suggests a movement problem" in _page(client, alice)
    case = client.get(f"/api/runners/{alice.pk}/case-file").json()
    assert case["self_assessments"] == [
        {
            "kind": "rest_test",
            "date": timezone.localdate().isoformat(),
            "rest_days": 8,
            "runs_since": 2,
            "pain_returned_after_runs": 2,
        }
    ]


def test_stride_video_mobility_and_core_checks_are_kept_and_read(alice: Runner) -> None:
    client = client_for(alice.user)
    _post(client, alice, "stride_video", views=["side"], signs=["overstriding"],
          looks_like_my_normal="true")  # fmt: skip
    _post(client, alice, "mobility", test="knee_to_wall", left=12, right=8, unit="cm")
    _post(client, alice, "core_activation", region="glutes", not_felt="on")
    page = _page(client, alice)
    assert "Stride video (side view): overstriding. Still to film: front view." in page
    assert "the right side is stiffer" in page
    assert "the glutes were not felt at all" in page
    assert SelfAssessmentRecord.objects.filter(runner=alice).count() == 3


def test_a_bad_self_check_is_refused_whole_with_the_problem_named(alice: Runner) -> None:
    client = client_for(alice.user)
    response = _post(client, alice, "core_activation", region="glutes")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Enter the seconds, or tick" in response.content.decode()  # type: ignore[attr-defined]
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = _post(client, alice, "rest_test", rest_days=7, date=future)
    assert "cannot be in the future" in response.content.decode()  # type: ignore[attr-defined]
    response = _post(client, alice, "stride_video", signs=["overstriding"])
    assert "This field is required" in response.content.decode()  # type: ignore[attr-defined]
    assert not SelfAssessmentRecord.objects.exists()


def test_another_runner_cannot_reach_the_self_checks(alice: Runner, bob: Runner) -> None:
    client = client_for(bob.user)
    assert client.get(reverse("capacity:self_checks", args=[alice.pk])).status_code in {403, 404}
    response = _post(client, alice, "rest_test", rest_days=8)
    assert response.status_code in {403, 404}  # type: ignore[attr-defined]
    assert not SelfAssessmentRecord.objects.exists()
