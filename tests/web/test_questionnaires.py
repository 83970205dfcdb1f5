"""Outcome questionnaires in the app: stored, validated by the engine, scheduled,
fed to the case file, charted against load, and corrected on the same day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.web.outcomes.models import QuestionnaireRecord
from runback.web.runners.casefile import case_dict, case_for
from runback.web.runners.charts import progress_data
from runback.web.runners.models import LogEntry, Runner
from tests.web.conftest import client_for

TODAY = timezone.localdate


def _post(client: Client, runner: Runner, instrument: str, **values: Any) -> Any:
    data: dict[str, Any] = {f"{instrument}-{k}": v for k, v in values.items()}
    data.setdefault(f"{instrument}-date", TODAY().isoformat())
    return client.post(reverse("outcomes:answer", args=[runner.pk, instrument]), data)


def _page(client: Client, runner: Runner) -> str:
    return client.get(reverse("outcomes:questionnaires", args=[runner.pk])).content.decode()


OSTRC_53 = {
    "participation": "reduced",
    "volume": "moderate",
    "performance": "minor",
    "symptoms": "moderate",
}


def test_the_page_offers_ostrc_tsk_and_the_sites_visa(alice: Runner) -> None:
    page = _page(client_for(alice.user), alice)
    assert "(OSTRC-O2)</h2>" in page
    assert "(TSK-11)</h2>" in page
    assert "VISA-A (Achilles tendinopathy)</h2>" in page  # alice's injury is the Achilles
    assert "VISA-P" not in page
    assert page.count("Due now") == 3  # nothing answered yet


def test_an_ostrc_answer_is_scored_by_the_engine_and_fed_to_the_case_file(
    alice: Runner,
) -> None:
    client = client_for(alice.user)
    response = _post(client, alice, "ostrc_o2", **OSTRC_53)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "score 53" in page
    assert "53 (substantial problem)" in page
    case = case_dict(alice, TODAY())
    assert case["questionnaires"] == [
        {"date": TODAY().isoformat(), "instrument": "ostrc_o2", "answers": OSTRC_53}
    ]
    assert case_for(alice, TODAY()).questionnaires[0].answers.volume == "moderate"


def test_the_engines_gatekeeper_rejects_a_half_answered_ostrc_and_saves_nothing(
    alice: Runner,
) -> None:
    client = client_for(alice.user)
    response = _post(client, alice, "ostrc_o2", participation="reduced", volume="minor")
    assert response.status_code == 400
    assert "is required" in response.content.decode()
    response = _post(
        client, alice, "ostrc_o2", participation="reduced", volume="cannot",
        performance="none", symptoms="mild",
    )  # fmt: skip
    assert response.status_code == 400
    assert "needs participation" in response.content.decode()
    assert not QuestionnaireRecord.objects.exists()


def test_tsk11_and_visa_a_scores(alice: Runner) -> None:
    client = client_for(alice.user)
    items = [3, 2, 3, 1, 2, 4, 3, 2, 3, 2, 1]
    tsk = {f"item_{n}": v for n, v in enumerate(items, start=1)}
    assert _post(client, alice, "tsk_11", **tsk).status_code == 302
    visa = {f"item_{n}": v for n, v in enumerate([5, 6, 4, 7, 8, 6], start=1)}
    visa |= {"sport": "modified", "load_pain": "not_stopping", "load_minutes": "11_20"}
    assert _post(client, alice, "visa_a", **visa).status_code == 302
    history = _page(client, alice)
    assert "<td>26</td>" in history  # Woby 2005 worked example in docs/questionnaires.md
    assert "<td>50</td>" in history  # 36 + 4 + 10
    assert _post(client, alice, "visa_a", **(visa | {"item_1": 11})).status_code == 400


def test_a_region_score_the_injury_does_not_have_is_404(alice: Runner) -> None:
    visa = {f"item_{n}": 5 for n in range(1, 7)}
    visa |= {"sport": "modified", "load_pain": "none", "load_minutes": "nil"}
    assert _post(client_for(alice.user), alice, "visa_p", **visa).status_code == 404
    assert _post(client_for(alice.user), alice, "nonsense").status_code == 404


def test_answering_again_the_same_day_corrects_it_and_says_so(alice: Runner) -> None:
    client = client_for(alice.user)
    _post(client, alice, "ostrc_o2", **OSTRC_53)
    response = _post(client, alice, "ostrc_o2", participation="full_no_problem")
    page = client.get(response["Location"]).content.decode()
    assert "You changed an earlier answer" in page
    assert "score 53 \u2192 0" in page
    assert QuestionnaireRecord.objects.filter(runner=alice).count() == 1
    assert QuestionnaireRecord.objects.get().answers == {"participation": "full_no_problem"}


def test_an_answer_on_another_day_is_a_new_row_and_a_future_date_is_refused(
    alice: Runner,
) -> None:
    client = client_for(alice.user)
    last_week = (TODAY() - dt.timedelta(days=7)).isoformat()
    _post(client, alice, "ostrc_o2", date=last_week, **OSTRC_53)
    response = _post(client, alice, "ostrc_o2", **OSTRC_53)
    assert "You changed" not in client.get(response["Location"]).content.decode()
    assert QuestionnaireRecord.objects.count() == 2
    tomorrow = (TODAY() + dt.timedelta(days=1)).isoformat()
    assert _post(client, alice, "ostrc_o2", date=tomorrow, **OSTRC_53).status_code == 400


def test_today_prompts_for_what_is_due_until_it_is_answered(alice: Runner) -> None:
    client = client_for(alice.user)
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    assert 'id="questionnaires-due"' in today
    assert "OSTRC overuse injury questionnaire (OSTRC-O2)" in today
    _post(client, alice, "ostrc_o2", **OSTRC_53)
    today = client.get(reverse("runners:today", args=[alice.pk])).content.decode()
    prompt = today.split('id="questionnaires-due"')[1].split("</a>")[0]
    assert "OSTRC" not in prompt
    assert "TSK-11" in prompt


def test_scores_are_charted_against_weekly_load(alice: Runner) -> None:
    day = TODAY()
    monday = day - dt.timedelta(days=day.weekday())
    LogEntry.objects.create(runner=alice, date=monday - dt.timedelta(days=7), kind="run",
                            run_minutes=20, pain_during_max=1, checked_in=True)  # fmt: skip
    QuestionnaireRecord.objects.create(
        runner=alice, date=monday - dt.timedelta(days=6), instrument="ostrc_o2", answers=OSTRC_53
    )
    QuestionnaireRecord.objects.create(
        runner=alice, date=day, instrument="ostrc_o2", answers={"participation": "full_no_problem"}
    )
    scores = progress_data(alice, day)["scores"]
    last_week = (monday - dt.timedelta(days=7)).isoformat()
    assert scores["weeks"] == [last_week, monday.isoformat()]
    assert scores["minutes"] == [20, 0]
    assert scores["lines"] == [
        {
            "instrument": "ostrc_o2",
            "label": "OSTRC overuse injury questionnaire (OSTRC-O2)",
            "scores": [53, 0],
        }
    ]
    page = client_for(alice.user).get(reverse("runners:progress", args=[alice.pk]))
    assert 'id="chart-scores"' in page.content.decode()


def test_another_runner_cannot_read_or_answer(alice: Runner, bob: Runner) -> None:
    client = client_for(bob.user)
    assert client.get(reverse("outcomes:questionnaires", args=[alice.pk])).status_code == 404
    assert _post(client, alice, "ostrc_o2", **OSTRC_53).status_code == 404
    assert not QuestionnaireRecord.objects.exists()


def test_a_read_only_clinician_sees_but_cannot_answer(alice: Runner, charlie: Any) -> None:
    client = client_for(charlie)
    assert client.get(reverse("outcomes:questionnaires", args=[alice.pk])).status_code == 200
    assert _post(client, alice, "ostrc_o2", **OSTRC_53).status_code == 403
