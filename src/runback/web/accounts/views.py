"""Sign up, sign in and out, password reset: Django's auth views with our templates.

Signing up creates the runner's record at once and opens the onboarding wizard.
Sign-in goes through django-axes (see settings), which locks a username and
address pair after repeated failures. A signed-in runner can sign out every other
device at once.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from runback.web.accounts.backends import BACKEND
from runback.web.accounts.forms import SignUpForm
from runback.web.accounts.models import AccountSession
from runback.web.runners.models import Runner


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("runners:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            Runner.objects.create(user=user)
        login(request, user, backend=BACKEND)
        return redirect("runners:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


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
