"""Sign up, sign in and out, password reset: Django's auth views with our templates.

Signing up creates the runner's record at once and opens the onboarding wizard.
Sign-in goes through django-axes (see settings), which locks a username and
address pair after repeated failures.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from runback.web.accounts.backends import BACKEND
from runback.web.accounts.forms import SignUpForm
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
