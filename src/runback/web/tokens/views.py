"""The API tokens page (reached from "Your data"): make, list and revoke tokens.

Only the signed-in user's own tokens are ever listed or revoked; a new token's
secret is rendered once, in the response to the POST that made it, never stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from runback.web.tokens import keys
from runback.web.tokens.forms import NewTokenForm
from runback.web.tokens.models import ApiToken, TokenAccess


def _user(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise Http404("sign in first")
    return user


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = NewTokenForm(request.POST if request.method == "POST" else None)
    secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            issued = keys.issue(
                user,
                form.cleaned_data["name"],
                TokenAccess(form.cleaned_data["access"]),
                form.chosen_areas(),
                form.lifetime(),
            )
            secret = issued.secret
            form = NewTokenForm()
        else:
            status = 422
    context = {
        "nav": "exports",
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.filter(user_id=user.pk),
        "now": timezone.now(),
    }
    response = render(request, "tokens/index.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the page may carry a token's secret
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not keys.revoke(_user(request), pk):
        raise Http404("no such token")
    messages.success(request, "Revoked the token: it no longer works.")
    return redirect("tokens:index")
