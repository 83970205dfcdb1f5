"""Consent: invitations both ways, one-click revocation, roles, and the access log.

Real database, real sessions: revocation is checked on a second signed-in device,
and the access log is read back from the runner's page and the data export.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.web.clinic.models import (
    AccessLogEntry,
    Clinic,
    ClinicianNote,
    Invitation,
    InvitationKind,
    Membership,
    StaffRole,
)
from runback.web.runners.casefile import case_dict
from runback.web.runners.models import AccessGrant, Clearance, Runner
from runback.web.runners.vocabulary import ClearedBy, GrantRole
from tests.web.conftest import PASSWORD, client_for, make_user


@pytest.fixture
def clinic(db: None) -> Clinic:
    return Clinic.objects.create(name="Riverside Physio")


def clinician(clinic: Clinic, name: str = "dana") -> User:
    user = make_user(name)
    Membership.objects.create(clinic=clinic, user=user, role=StaffRole.CLINICIAN)
    return user


def share(runner: Runner, role: GrantRole, email: str = "") -> Invitation:
    response = client_for(runner.user).post(
        reverse("clinic:share"), {"role": role.value, "email": email}
    )
    assert response.status_code == 302
    return Invitation.objects.filter(runner=runner).latest("created")


def test_a_runner_invites_a_clinician_by_code_and_the_clinician_sees_the_record(
    alice: Runner, clinic: Clinic
) -> None:
    dana = clinician(clinic)
    invitation = share(alice, GrantRole.VIEWER)
    dana_client = client_for(dana)
    today = reverse("runners:today", args=[alice.pk])
    assert dana_client.get(today).status_code == 404  # nothing open before acceptance

    typed = dana_client.post(reverse("clinic:join"), {"code": invitation.code.lower()})
    assert typed.status_code == 302
    assert dana_client.post(typed["Location"]).status_code == 302

    grant = AccessGrant.objects.get(runner=alice, grantee=dana, revoked__isnull=True)
    assert grant.role == GrantRole.VIEWER
    assert dana_client.get(today).status_code == 200
    # The code is spent: a second use is refused.
    other = clinician(clinic, "erin")
    page = client_for(other).get(reverse("clinic:invitation", args=[invitation.code]))
    assert page.status_code == 404


def test_the_invitation_can_be_e_mailed_as_a_link(alice: Runner, clinic: Clinic) -> None:
    invitation = share(alice, GrantRole.EDITOR, "dana@example.org")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@example.org"]
    assert f"/clinic/join/{invitation.code}/" in mail.outbox[0].body


def test_only_a_clinician_can_accept_a_runners_invitation(alice: Runner, bob: Runner) -> None:
    invitation = share(alice, GrantRole.EDITOR)
    client_for(bob.user).post(reverse("clinic:invitation", args=[invitation.code]))
    assert not AccessGrant.objects.filter(runner=alice, grantee=bob.user).exists()
    assert Invitation.objects.get(pk=invitation.pk).used_at is None


def test_a_clinician_asks_and_nothing_opens_until_the_runner_accepts(
    alice: Runner, clinic: Clinic
) -> None:
    dana = clinician(clinic)
    dana_client = client_for(dana)
    dana_client.post(reverse("clinic:ask"), {"role": "editor", "email": ""})
    invitation = Invitation.objects.get(kind=InvitationKind.CLINICIAN_TO_RUNNER)
    assert dana_client.get(reverse("runners:today", args=[alice.pk])).status_code == 404

    # The runner decides the role: she lets Dana view only.
    url = reverse("clinic:invitation", args=[invitation.code])
    assert client_for(alice.user).post(url, {"role": "viewer"}).status_code == 302
    grant = AccessGrant.objects.get(runner=alice, grantee=dana)
    assert grant.role == GrantRole.VIEWER
    assert dana_client.get(reverse("runners:today", args=[alice.pk])).status_code == 200


def test_revoking_takes_effect_on_the_next_request_on_every_device(
    alice: Runner, clinic: Clinic
) -> None:
    dana = clinician(clinic)
    grant = AccessGrant.objects.create(runner=alice, grantee=dana, role=GrantRole.EDITOR)
    laptop, phone = Client(), Client()
    for device in (laptop, phone):  # two real sign-ins: two sessions
        signed = device.post(reverse("accounts:login"), {"username": "dana", "password": PASSWORD})
        assert signed.status_code == 302
    today = reverse("runners:today", args=[alice.pk])
    assert laptop.get(today).status_code == phone.get(today).status_code == 200

    page = client_for(alice.user).get(reverse("exports:index"))
    assert reverse("clinic:revoke", args=[grant.pk]) in page.content.decode()
    client_for(alice.user).post(reverse("clinic:revoke", args=[grant.pk]))

    assert laptop.get(today).status_code == 404
    assert phone.get(today).status_code == 404
    assert phone.post(reverse("clinic:add_note", args=[alice.pk]), {"text": "x"}).status_code == 404
    assert AccessGrant.objects.get(pk=grant.pk).revoked is not None  # kept as history


def test_nobody_else_can_revoke_a_grant(alice: Runner, bob: Runner, clinic: Clinic) -> None:
    grant = AccessGrant.objects.create(runner=alice, grantee=clinician(clinic))
    assert client_for(bob.user).post(reverse("clinic:revoke", args=[grant.pk])).status_code == 404
    assert AccessGrant.objects.get(pk=grant.pk).revoked is None


def test_a_clinic_admin_invites_staff_and_sees_names_but_no_health_data(
    alice: Runner, clinic: Clinic
) -> None:
    boss = make_user("boss")
    Membership.objects.create(clinic=clinic, user=boss, role=StaffRole.ADMIN)
    boss_client = client_for(boss)
    boss_client.post(reverse("clinic:clinic_admin", args=[clinic.pk]), {"email": ""})
    invitation = Invitation.objects.get(kind=InvitationKind.CLINIC_TO_STAFF)
    frank = make_user("frank")
    client_for(frank).post(reverse("clinic:invitation", args=[invitation.code]))
    assert Membership.objects.filter(clinic=clinic, user=frank, role=StaffRole.CLINICIAN).exists()

    AccessGrant.objects.create(runner=alice, grantee=frank, role=GrantRole.VIEWER)
    page = boss_client.get(reverse("clinic:clinic_admin", args=[clinic.pk])).content.decode()
    assert "alice" in page
    assert "frank" in page
    for url in (
        reverse("runners:today", args=[alice.pk]),
        reverse("runners:journal", args=[alice.pk]),
        reverse("clinic:runner", args=[alice.pk]),
        f"/api/runners/{alice.pk}/case-file",
    ):
        assert boss_client.get(url).status_code in (401, 404), url


def test_another_clinics_admin_cannot_open_the_clinic_page(clinic: Clinic) -> None:
    other = Clinic.objects.create(name="Hillside")
    boss = make_user("boss")
    Membership.objects.create(clinic=other, user=boss, role=StaffRole.ADMIN)
    assert client_for(boss).get(reverse("clinic:clinic_admin", args=[clinic.pk])).status_code == 404


def test_every_read_and_write_by_a_clinician_is_in_the_runners_access_log(
    alice: Runner, clinic: Clinic
) -> None:
    dana = clinician(clinic)
    AccessGrant.objects.create(runner=alice, grantee=dana, role=GrantRole.EDITOR)
    dana_client = client_for(dana)
    dana_client.get(reverse("runners:journal", args=[alice.pk]), REMOTE_ADDR="203.0.113.9")
    dana_client.post(reverse("clinic:add_note", args=[alice.pk]), {"text": "Easy week, please"})
    dana_client.get(f"/api/runners/{alice.pk}/case-file")
    # The runner's own visits are not "someone else".
    client_for(alice.user).get(reverse("runners:journal", args=[alice.pk]))

    entries = list(AccessLogEntry.objects.filter(runner=alice, actor=dana).order_by("pk"))
    reads = [e for e in entries if e.additional_data and not e.additional_data["write"]]
    writes = [e for e in entries if e.additional_data and e.additional_data["write"]]
    assert [e.additional_data["path"] for e in reads][:1] == [
        reverse("runners:journal", args=[alice.pk])
    ]
    assert reads[0].remote_addr == "203.0.113.9"
    assert any(e.additional_data["path"].startswith("/api/") for e in reads)
    assert writes
    assert writes[0].additional_data["method"] == "POST"
    # auditlog's own change row for the note, tied to Alice.
    note_rows = AccessLogEntry.objects.filter(runner=alice, object_repr__startswith="note by")
    assert note_rows.exists()
    assert not AccessLogEntry.objects.filter(runner=alice, actor=alice.user).exists()

    log = client_for(alice.user).get(reverse("clinic:access_log")).content.decode()
    for seen in ("dana", "203.0.113.9", "changed"):
        assert seen in log


def test_the_access_log_is_append_only(alice: Runner, clinic: Clinic) -> None:
    dana = clinician(clinic)
    AccessGrant.objects.create(runner=alice, grantee=dana)
    client_for(dana).get(reverse("runners:journal", args=[alice.pk]))
    entry = AccessLogEntry.objects.get(runner=alice)
    entry.changes_text = "nothing happened"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(runner=alice).update(remote_addr=None)
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(runner=alice).delete()
    # Deleting the account still removes the runner's log with everything else.
    alice.user.delete()
    assert not AccessLogEntry.objects.exists()


def test_the_access_log_and_private_notes_are_in_the_data_export(
    alice: Runner, clinic: Clinic
) -> None:
    dana = clinician(clinic)
    AccessGrant.objects.create(runner=alice, grantee=dana, role=GrantRole.EDITOR)
    client_for(dana).post(
        reverse("clinic:add_note", args=[alice.pk]), {"text": "Watch the calf", "private": "on"}
    )
    client_for(dana).get(reverse("clinic:home"))  # alice on dana's caseload: a sighting
    response = client_for(alice.user).get(reverse("exports:my_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    tables = json.loads(archive.read("runback-export/record.json"))["tables"]
    assert any(row["actor"] == dana.pk for row in tables["clinic.accesslogentry"])
    caseload_reads = [
        row
        for row in tables["clinic.accesslogentry"]
        if (row["additional_data"] or {}).get("view") == "caseload"
    ]
    assert len(caseload_reads) == 1
    assert caseload_reads[0]["runner"] is None
    sightings = [(r["entry"], r["runner"]) for r in tables["clinic.caseloadsighting"]]
    assert sightings == [(caseload_reads[0]["id"], alice.pk)]
    assert tables["clinic.cliniciannote"][0]["text"] == "Watch the calf"
    # ... but a private note is not on the runner's own pages.
    page = client_for(alice.user).get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert "Watch the calf" not in page


def test_a_viewer_cannot_write_notes_or_clear_a_referral(alice: Runner, charlie: User) -> None:
    alice.red_flags = ["night_pain"]
    alice.save()
    client = client_for(charlie)
    assert (
        client.post(reverse("clinic:add_note", args=[alice.pk]), {"text": "x"}).status_code == 403
    )
    response = client.post(reverse("clinic:clear", args=[alice.pk]), {"cleared_by": "doctor"})
    assert response.status_code == 403
    assert not ClinicianNote.objects.exists()
    assert Runner.objects.get(pk=alice.pk).red_flags == ["night_pain"]


def test_a_clinician_without_a_grant_sees_nothing(alice: Runner, clinic: Clinic) -> None:
    client = client_for(clinician(clinic))
    assert client.get(reverse("clinic:runner", args=[alice.pk])).status_code == 404
    assert "alice" not in client.get(reverse("clinic:home")).content.decode()


def test_an_editor_notes_and_clears_and_the_runner_sees_both(alice: Runner, clinic: Clinic) -> None:
    dana = clinician(clinic)
    AccessGrant.objects.create(runner=alice, grantee=dana, role=GrantRole.EDITOR)
    alice.red_flags = ["night_pain"]
    alice.save()
    client = client_for(dana)
    client.post(reverse("clinic:add_note", args=[alice.pk]), {"text": "Keep walks short"})
    client.post(
        reverse("clinic:clear", args=[alice.pk]),
        {"cleared_by": "physiotherapist", "note": "Scan clear; restart gently"},
    )
    alice.refresh_from_db()
    assert alice.red_flags == []
    your_data = client_for(alice.user).get(reverse("exports:index")).content.decode()
    assert reverse("clinic:runner", args=[alice.pk]) in your_data
    page = client_for(alice.user).get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert "Keep walks short" in page
    assert "Scan clear; restart gently" in page
    assert "dana" in page


def test_a_runner_cannot_write_clinician_notes_on_their_own_record(alice: Runner) -> None:
    response = client_for(alice.user).post(
        reverse("clinic:add_note", args=[alice.pk]), {"text": "x"}
    )
    assert response.status_code == 403


def test_a_stranger_cannot_cancel_someone_elses_invitation(alice: Runner, bob: Runner) -> None:
    invitation = share(alice, GrantRole.VIEWER)
    assert (
        client_for(bob.user).post(reverse("clinic:cancel", args=[invitation.pk])).status_code == 404
    )
    client_for(alice.user).post(reverse("clinic:cancel", args=[invitation.pk]))
    assert Invitation.objects.get(pk=invitation.pk).cancelled is not None


def test_a_bad_code_says_so(alice: Runner) -> None:
    page = client_for(alice.user).get(reverse("clinic:invitation", args=["NOPE"]))
    assert page.status_code == 404
    assert "No invitation has this code" in page.content.decode()


def test_the_clinicians_page_of_a_runner_carries_the_engines_reading(
    alice: Runner, charlie: User
) -> None:
    page = client_for(charlie).get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    # The pathway in words (the steering card's), not the engine's code ("acute").
    assert "Pathway: Recent injury (the first three weeks)." in page
    assert "Pathway: acute" not in page
    # The phase in words too, in the engine's reading and the summary above it.
    words = "|".join(re.escape(label) for label in ("Settle", "Capacity", "Return to running",
                                                     "Back to normal training"))  # fmt: skip
    assert len(re.findall(rf"Phase: ({words})[.,]", page)) == 2
    assert not re.search(r"Phase: (settle|capacity|return|integrate)\b", page)
    assert "Readiness gates open:" in page
    # The runner's own view of the page is about what clinicians wrote, not the engine.
    own = client_for(alice.user).get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert "Pathway: " not in own


def test_the_clinicians_clearance_form_and_list_speak_of_the_runner_not_as_the_runner(
    alice: Runner, clinic: Clinic
) -> None:
    dana = clinician(clinic)
    AccessGrant.objects.create(runner=alice, grantee=dana, role=GrantRole.EDITOR)
    Clearance.objects.create(
        runner=alice, cleared_by=ClearedBy.SURGEON, clinician_name="Ms Okafor",
        cleared_on=timezone.localdate(),
    )  # fmt: skip
    page = client_for(dana).get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    form = page[page.index('id="clearances"') :]
    assert '<option value="surgeon">The runner&#x27;s surgeon</option>' in form
    assert "The runner&#x27;s surgeon (Ms Okafor)" in form
    assert "My surgeon" not in page
    # The runner's own pages keep the runner's words.
    own = client_for(alice.user)
    own_page = own.get(reverse("clinic:runner", args=[alice.pk])).content.decode()
    assert "My surgeon (Ms Okafor)" in own_page
    runner_form = own.get(reverse("runners:clearance", args=[alice.pk])).content.decode()
    assert "My surgeon" in runner_form
    assert "The runner&#x27;s surgeon" not in runner_form


def test_deleting_the_account_leaves_no_log_row_behind(alice: Runner, clinic: Clinic) -> None:
    dana = clinician(clinic)
    AccessGrant.objects.create(runner=alice, grantee=dana, role=GrantRole.EDITOR)
    client_for(dana).post(reverse("clinic:add_note", args=[alice.pk]), {"text": "Rest"})
    assert AccessLogEntry.objects.filter(runner=alice).count() >= 2
    alice.user.delete()
    assert not AccessLogEntry.objects.exists()
    assert not ClinicianNote.objects.exists()


def test_an_editor_records_a_return_to_run_clearance_the_engine_reads(
    alice: Runner, clinic: Clinic
) -> None:
    dana = clinician(clinic)
    AccessGrant.objects.create(runner=alice, grantee=dana, role=GrantRole.EDITOR)
    response = client_for(dana).post(
        reverse("clinic:clear", args=[alice.pk]),
        {"cleared_by": "physiotherapist", "note": "Hop test passed"},
    )
    assert response.status_code == 302
    clearance = alice.clearances.get()
    assert clearance.clinician_name == "dana"
    assert clearance.red_flags == []
    injury = case_dict(alice, clearance.cleared_on)["injury"]
    assert injury["cleared_on"] == clearance.cleared_on.isoformat()
