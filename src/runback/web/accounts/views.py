"""Sign up, sign in and out, password reset: Django's auth views with our templates.

Signing up creates the runner's record at once and opens the onboarding wizard.
Sign-in goes through django-axes (see settings), which locks a username and
address pair after repeated failures. Sign-up and password reset are throttled per
client address (and reset e-mails per recipient), and neither tells a stranger
whether an e-mail address has an account. A signed-in runner can sign out every
other device at once.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from runback.web.accounts import throttle
from runback.web.accounts.addresses import client_address
from runback.web.accounts.backends import BACKEND
from runback.web.accounts.forms import SignUpForm
from runback.web.accounts.models import AccountSession
from runback.web.runners.models import Runner

log = logging.getLogger(__name__)

#: Reset e-mails one address may receive per hour, however many people ask.
RESET_MAILS_PER_ADDRESS = 3


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create the account and the runner's record, then start onboarding.

    An e-mail address that already belongs to an account gets the same answer as a
    new one (saying "taken" would tell anyone who has an account): the new account
    is created without the address, and the address's owner is told by e-mail.
    """
    if request.user.is_authenticated:
        return redirect("runners:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        limit = throttle.Limit("signup", settings.RUNBACK_SIGNUPS_PER_HOUR)
        if not throttle.allow(limit, client_address(request)):
            return render(request, "accounts/throttled.html", {"what": "sign-ups"}, status=429)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        owner = get_user_model().objects.filter(email__iexact=email).first()
        with transaction.atomic():
            user = form.save(commit=False)
            if owner is not None:
                user.email = ""
            user.save()
            Runner.objects.create(user=user)
        if owner is not None:
            _tell_owner(request, owner, user.get_username())
        login(request, user, backend=BACKEND)
        return redirect("runners:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


def _tell_owner(request: HttpRequest, owner: Any, new_username: str) -> None:
    """E-mail the address's owner that someone signed up with it (perhaps they did)."""
    context = {
        "owner": owner.get_username(),
        "new": new_username,
        "reset_url": request.build_absolute_uri(reverse("accounts:password_reset")),
    }
    try:
        send_mail(
            "Your e-mail address was used to sign up to runback",
            render_to_string("accounts/signup_address_in_use.txt", context),
            None,
            [owner.email],
        )
    except OSError:  # smtplib's errors included: the new account stands either way
        log.exception("could not tell the owner of an e-mail address about a sign-up")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, throttled per client address and per recipient.

    Past the recipient's limit the answer is the usual "sent" page and no e-mail
    goes out, exactly as for an unknown address.
    """

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        limit = throttle.Limit("reset", settings.RUNBACK_RESETS_PER_HOUR)
        if not throttle.allow(limit, client_address(self.request)):
            return render(
                self.request, "accounts/throttled.html", {"what": "reset requests"}, status=429
            )
        recipient = throttle.Limit("reset-mail", RESET_MAILS_PER_ADDRESS)
        if not throttle.allow(recipient, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    """Sign out every other device (a lost phone, a shared computer); keep this one."""
    ended, _ = AccountSession.others(request.user.pk, request.session.session_key).delete()
    if ended:
        noun = "device" if ended == 1 else "devices"
        messages.success(request, f"Signed out of {ended} other {noun}.")
    else:
        messages.info(request, "No other device was signed in.")
    return redirect("exports:index")
