"""Two-factor sign-in: optional for a clinician, compulsory when the clinic says so."""

from __future__ import annotations

import time

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from runback.web.accounts.models import AccountSession
from runback.web.clinic.models import Clinic, Membership, StaffRole
from runback.web.runners.models import Runner
from tests.web.conftest import PASSWORD, make_user


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def code_for(device: TOTPDevice, *, ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead
    return f"{totp.token():06d}"


def staff(clinic: Clinic, name: str, role: StaffRole = StaffRole.CLINICIAN) -> User:
    user = make_user(name)
    Membership.objects.create(clinic=clinic, user=user, role=role)
    return user


def test_a_clinic_that_requires_it_makes_its_staff_set_it_up(db: None) -> None:
    clinic = Clinic.objects.create(name="Riverside Physio")
    staff(clinic, "boss", StaffRole.ADMIN)
    staff(clinic, "dana")
    dana_before = sign_in("dana")  # signed in before the rule: signed out by it
    boss_client = sign_in("boss")
    boss_client.post(reverse("clinic:clinic_admin", args=[clinic.pk]), {"require_two_factor": "on"})
    assert Clinic.objects.get(pk=clinic.pk).require_two_factor
    assert (
        not AccountSession.objects.filter(user_id__in=[m.user_id for m in clinic.members.all()])
        .exclude(session_key=boss_client.session.session_key)
        .exists()
    )
    assert dana_before.get(reverse("clinic:home"))["Location"].startswith(reverse("accounts:login"))
    # The admin too must set it up before going anywhere else.
    assert boss_client.get(reverse("clinic:home"))["Location"] == reverse("clinic:two_factor_setup")

    dana = sign_in("dana")
    assert dana.get(reverse("clinic:home"))["Location"] == reverse("clinic:two_factor_setup")
    assert dana.get(reverse("exports:index"))["Location"] == reverse("clinic:two_factor_setup")
    assert dana.get(reverse("clinic:two_factor_setup")).status_code == 200
    device = TOTPDevice.objects.get(user__username="dana", confirmed=False)
    wrong = code_for(device, ahead=3600)
    assert dana.post(reverse("clinic:two_factor_setup"), {"token": wrong}).status_code == 400
    # django-otp throttles after a miss; skip the wait rather than sleep.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert (
        dana.post(reverse("clinic:two_factor_setup"), {"token": code_for(device)}).status_code
        == 302
    )
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert dana.get(reverse("clinic:home")).status_code == 200


def test_a_clinician_with_a_device_must_type_a_code_at_each_sign_in(db: None) -> None:
    clinic = Clinic.objects.create(name="Riverside Physio")
    dana = staff(clinic, "dana")
    device = TOTPDevice.objects.create(user=dana, name="phone", confirmed=True)
    client = sign_in("dana")
    assert client.get(reverse("clinic:home"))["Location"] == reverse("clinic:two_factor_verify")
    wrong = client.post(
        reverse("clinic:two_factor_verify"), {"token": code_for(device, ahead=3600)}
    )
    assert wrong.status_code == 400
    assert client.get(reverse("clinic:home")).status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post(reverse("clinic:two_factor_verify"), {"token": code_for(device)})
    assert right.status_code == 302
    assert client.get(reverse("clinic:home")).status_code == 200


def test_a_runner_without_a_device_is_never_asked(alice: Runner) -> None:
    client = sign_in("alice")
    assert client.get(reverse("exports:index")).status_code == 200
    assert client.get(reverse("runners:journal", args=[alice.pk])).status_code == 200
