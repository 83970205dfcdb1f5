"""Two-factor sign-in (TOTP, django-otp) for clinicians, which a clinic can require.

Whether a session still owes a second factor is decided once, at sign-in, and kept
in the session (:data:`SESSION_KEY`): a runner without a device pays nothing on any
request. A session that owes one reaches only the two-factor pages and sign-out
until a code from the user's authenticator app is entered. When a clinic admin
makes it compulsory, the clinic's staff are signed out everywhere
(:func:`require_for_clinic`), so their next sign-in asks for the code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from runback.web.accounts.models import AccountSession
from runback.web.clinic.models import Clinic, Membership

SESSION_KEY = "runback_second_factor"
VERIFY = "verify"
SET_UP = "setup"


def owed(user: Any) -> str | None:
    """``verify`` (has a device), ``setup`` (a clinic requires one, none yet) or None."""
    if user_has_device(user, confirmed=True):
        return VERIFY
    required = Membership.objects.filter(user_id=user.pk, clinic__require_two_factor=True)
    return SET_UP if required.exists() else None


def on_sign_in(sender: Any, request: HttpRequest, user: Any, **_: Any) -> None:
    due = owed(user)
    if due is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = due


def connect() -> None:
    user_logged_in.connect(on_sign_in, dispatch_uid="runback-clinic-second-factor")


def require_for_clinic(clinic: Clinic, required: bool, keep_session: str | None) -> int:
    """Turn the requirement on or off; turning it on signs the staff out everywhere else."""
    clinic.require_two_factor = required
    clinic.save(update_fields=["require_two_factor"])
    if not required:
        return 0
    staff = clinic.members.values("user_id")
    ended, _ = (
        AccountSession.objects.filter(user_id__in=staff)
        .exclude(session_key=keep_session or "")
        .delete()
    )
    return ended


def new_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    return device


#: Paths a session that owes a second factor may still reach.
def _allowed(path: str) -> bool:
    return path.startswith(
        (
            reverse("clinic:two_factor_verify"),
            reverse("clinic:two_factor_setup"),
            reverse("accounts:logout"),
            "/static/",
        )
    )


class SecondFactorMiddleware:
    """After django-otp's ``OTPMiddleware``: hold a session that owes a code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        due = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if due and not _allowed(request.path):
            user: Any = request.user
            if user.is_authenticated and not user.is_verified():
                target = "clinic:two_factor_verify" if due == VERIFY else "clinic:two_factor_setup"
                return redirect(target)
        return self.get_response(request)
