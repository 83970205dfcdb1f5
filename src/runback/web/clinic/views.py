"""The clinic's pages: sharing a record, invitations, the caseload, a runner's page.

Who may see what is decided in two places only: the runner's grants
(:func:`runback.web.runners.access.get_runner_for`, through ``runner_view``) for
anything in a record, and clinic membership for the clinic's own pages, which hold
names and counts, never health data.
"""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from typing import Any

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from runback.web.blankforms import blank_form_html
from runback.web.capacity.models import LiftRecord, ReadinessRecord, SelfAssessmentRecord
from runback.web.clinic import alerts, audit, caseload, consent, notes, twofactor
from runback.web.clinic.consent import not_the_runner
from runback.web.clinic.forms import (
    AcceptForm,
    AcknowledgeForm,
    AskForm,
    ClinicianClearanceForm,
    CodeForm,
    NoteForm,
    ShareForm,
    StaffInviteForm,
    TokenForm,
)
from runback.web.clinic.models import (
    AccessLogEntry,
    Clinic,
    Invitation,
    InvitationKind,
    StaffRole,
)
from runback.web.clinic.picture import engine_view
from runback.web.clinic.timeline import timeline
from runback.web.runners import services
from runback.web.runners.access import own_runner
from runback.web.runners.freshness import record_key
from runback.web.runners.models import AccessGrant, Runner, today_for
from runback.web.runners.views import runner_view
from runback.web.runners.vocabulary import GrantRole


def _user(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise Http404("sign in first")
    return user


def _join_link(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("clinic:join"))


# --- the runner's side ---------------------------------------------------------


@login_required
@require_POST
def share(request: HttpRequest) -> HttpResponse:
    """The runner invites a clinician, as viewer or editor: a code, and a mail if asked."""
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what they may do, and check the e-mail address.")
        return redirect("exports:index")
    invitation = consent.invite(
        kind=InvitationKind.RUNNER_TO_CLINICIAN,
        by=_user(request),
        role=GrantRole(form.cleaned_data["role"]),
        email=form.cleaned_data["email"],
        runner=own_runner(_user(request)),
        link=_join_link(request),
    )
    messages.success(
        request,
        f"Invitation code {invitation.code}: your clinician types it on runback "
        "(Clinic, then Join) within 7 days.",
    )
    return redirect("exports:index")


@login_required
@require_POST
def revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    """One click: the grant ends, on the next request, on every device."""
    grant = get_object_or_404(AccessGrant, pk=grant_id, revoked__isnull=True)
    try:
        consent.revoke(grant, _user(request))
    except PermissionDenied as error:
        raise Http404("no such grant") from error
    messages.success(request, f"{grant.grantee} can no longer see your record.")
    if grant.grantee_id == request.user.pk:
        return redirect("clinic:home")
    return redirect("exports:index")


@login_required
@require_POST
def cancel(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, invited_by_id=request.user.pk)
    consent.cancel(invitation, _user(request))
    messages.info(request, "Invitation cancelled.")
    return redirect(request.POST.get("next") or "exports:index")


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Every read and write of my record by someone else, newest first."""
    runner = own_runner(_user(request))
    entries = (
        AccessLogEntry.about(runner)
        .exclude(actor_id=request.user.pk)
        .order_by("-timestamp")
        .select_related("actor")[:500]
    )
    return render(request, "clinic/access_log.html", {"entries": entries, "nav": "exports"})


# --- invitations, either way ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Type an invitation code (or arrive from the e-mailed link)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("clinic:invitation", form.cleaned_data["code"])
    return render(request, "clinic/join.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, code: str) -> HttpResponse:
    """What the invitation offers, and the button that accepts it."""
    user = _user(request)
    try:
        found = consent.open_invitation(code)
    except ValidationError as error:
        return render(
            request, "clinic/join.html", {"form": CodeForm(), "problem": error.message}, status=404
        )
    kind = InvitationKind(found.kind)
    form = AcceptForm(request.POST or None, initial={"role": found.role})
    if request.method == "POST" and (
        kind is not InvitationKind.CLINICIAN_TO_RUNNER or form.is_valid()
    ):
        role = GrantRole(form.cleaned_data["role"]) if form.is_bound and form.is_valid() else None
        try:
            consent.accept(found, user, role)
        except (ValidationError, PermissionDenied) as error:
            text = error.message if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
            return redirect("clinic:join")
        messages.success(request, "Accepted.")
        if kind is InvitationKind.CLINICIAN_TO_RUNNER:
            return redirect("exports:index")
        return redirect("clinic:home")
    context = {"invitation": found, "kind": kind, "form": form, "kinds": InvitationKind}
    return render(request, "clinic/invitation.html", context)


# --- the clinician's side ------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The caseload: every runner who granted this user access, most urgent first."""
    user = _user(request)
    if not consent.is_clinician(user) and not consent.admin_clinics(user):
        return redirect("clinic:join")
    query = caseload.CaseloadQuery(
        search=request.GET.get("q", ""),
        sort=request.GET.get("sort", "urgency"),
        alerts_only=request.GET.get("alerts") == "1",
        phase=request.GET.get("phase", ""),
        flagged_only=request.GET.get("flags") == "1",
    )
    table = caseload.page(user, timezone.localdate(), query)
    audit.log_caseload_read(table.readers, user)
    context = {
        "rows": table.readers,
        "rows_html": table.html,
        "search": query.search,
        "sort": query.sort,
        "alerts_only": query.alerts_only,
        "flagged_only": query.flagged_only,
        "phase": query.phase,
        "phases": list(caseload.PHASE_ORDER),
        "sorts": caseload.SORT_LABELS,
        "ask_form": AskForm(),
        "admin_of": consent.admin_clinics(user),
        "pending": Invitation.objects.filter(
            invited_by_id=user.pk, used_at__isnull=True, cancelled__isnull=True
        )[:50],
        "nav": "clinic",
    }
    return render(request, "clinic/caseload.html", context)


@login_required
@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    """A clinician asks a runner for access; nothing opens until the runner accepts."""
    user = _user(request)
    if not consent.is_clinician(user):
        raise PermissionDenied("only clinicians can ask runners for access")
    form = AskForm(request.POST)
    if form.is_valid():
        found = consent.invite(
            kind=InvitationKind.CLINICIAN_TO_RUNNER,
            by=user,
            role=GrantRole(form.cleaned_data["role"]),
            email=form.cleaned_data["email"],
            link=_join_link(request),
        )
        messages.success(request, f"Give the runner the code {found.code} (valid 7 days).")
    return redirect("clinic:home")


@login_required
@require_http_methods(["GET", "POST"])
def clinic_admin(request: HttpRequest, clinic_id: int) -> HttpResponse:
    """A clinic admin's page: staff, staff invitations, the clinic's caseload by name.

    Names only: the admin reaches a runner's health data only if that runner granted
    the admin access, like anyone else.
    """
    clinic = get_object_or_404(
        Clinic, pk=clinic_id, members__user_id=request.user.pk, members__role=StaffRole.ADMIN
    )
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST":
        if "require_two_factor" in request.POST:
            required = request.POST["require_two_factor"] == "on"
            twofactor.require_for_clinic(clinic, required, request.session.session_key)
            if required and twofactor.owed(request.user) == twofactor.SET_UP:
                request.session[twofactor.SESSION_KEY] = twofactor.SET_UP
        elif form.is_valid():
            found = consent.invite(
                kind=InvitationKind.CLINIC_TO_STAFF,
                by=_user(request),
                clinic=clinic,
                email=form.cleaned_data["email"],
                link=_join_link(request),
            )
            messages.success(request, f"Staff invitation code {found.code} (valid 7 days).")
        return redirect("clinic:clinic_admin", clinic.pk)
    context = {
        "clinic": clinic,
        "form": form,
        "members": clinic.members.select_related("user").order_by("role", "user__username"),
        "runners": caseload.clinic_runner_names(clinic),
        "nav": "clinic",
    }
    return render(request, "clinic/clinic_admin.html", context)


@runner_view()
@require_GET
def runner_page(request: HttpRequest, runner: Runner) -> HttpResponse:
    """A runner's record for a clinician (and for the runner: what clinicians wrote)."""
    own = runner.user_id == request.user.pk
    shown = notes.notes_seen_by(runner, request.user)
    grant = (
        None
        if own
        else runner.grants.filter(grantee_id=request.user.pk, revoked__isnull=True).first()
    )
    today = today_for(runner)
    context: dict[str, object] = {
        "runner": runner,
        "own": own,
        "editor": own is False and grant is not None and grant.role == GrantRole.EDITOR,
        "notes": shown[:100],
        "clearances": runner.clearances.all()[:20],
        "note_form_html": blank_form_html(NoteForm),
        "acks": runner.alert_acks.all()[:20],
        "clearance_form_html": blank_form_html(ClinicianClearanceForm),
    }
    if not own:
        context |= _record_for_clinician(runner, today)
    else:
        context["row"] = caseload.row_for(runner, today)
    return render(request, "clinic/runner.html", context)


#: How many of each kind of entry the clinician's runner page lists (newest first).
RECENT = 30


#: Seconds the engine's reading and the timeline of a record stay cached (a write to
#: the record makes a new key long before that).
ENGINE_CACHE_SECONDS = 6 * 3600


def _engine_and_timeline(runner: Runner, today: dt.date) -> dict[str, Any]:
    """The costly part of the page (engine runs over the whole log, the caseload row's
    reading of the last four weeks), cached on the record.

    Keyed on the record's data version and the day, like Today's body: a write to the
    record, or a new day, makes a new key; nothing stale can be found. Reads by
    clinicians do not change the version (:mod:`.audit`).
    """
    key = f"runback:clinic-runner:{record_key(runner)}:{today.isoformat()}"
    found: dict[str, Any] | None = cache.get(key)
    if found is None:
        found = {
            "engine": engine_view(runner, today),
            "timeline": timeline(runner, today),
            "row": caseload.row_for(runner, today),
        }
        cache.set(key, found, ENGINE_CACHE_SECONDS)
    return found


def _record_for_clinician(runner: Runner, today: dt.date) -> dict[str, object]:
    """The whole picture: timeline, engine's reading, decisions, strength, tests, journal.

    The lists are lazy querysets: the template renders them inside a fragment cached
    on the record's data version and the day, so a repeat visit never runs them.
    """
    return {
        **_engine_and_timeline(runner, today),
        "record_key": record_key(runner),
        "today": today,
        "record_seconds": ENGINE_CACHE_SECONDS,
        "decisions": runner.decisions.filter(date__lte=today).order_by("-date")[:RECENT],
        "lifts": LiftRecord.objects.filter(runner=runner, date__lte=today).order_by(
            "-date", "exercise"
        )[:RECENT],
        "tests": ReadinessRecord.objects.filter(runner=runner, date__lte=today).order_by(
            "-date", "name"
        )[:RECENT],
        "self_checks": SelfAssessmentRecord.objects.filter(runner=runner, date__lte=today).order_by(
            "-date"
        )[:RECENT],
        "journal": runner.day_entries.filter(date__lte=today)
        .exclude(notes="")
        .order_by("-date")[:RECENT],
    }


@runner_view()
@require_POST
def add_note(request: HttpRequest, runner: Runner) -> HttpResponse:
    """An editor's note on the record (``runner_view`` refuses viewers a write)."""
    user = _user(request)
    not_the_runner(runner, user, notes.RUNNER_WRITES)
    form = NoteForm(request.POST)
    if form.is_valid():
        notes.write_note(
            runner, user, form.cleaned_data["text"], private=form.cleaned_data["private"]
        )
        messages.success(request, "Note saved.")
    else:
        messages.error(request, "A note needs some text (at most 4000 characters).")
    return redirect("clinic:runner", runner.pk)


@runner_view()
@require_POST
def clear(request: HttpRequest, runner: Runner) -> HttpResponse:
    """An editor records a go-ahead: it ends a referral, or clears a return to running.

    A referred runner goes back to the safety check (``clear_referral``); for anyone
    else it is the return-to-run clearance the engine reads as ``injury.cleared_on``
    (after surgery, a bone stress injury or a referral read off the log).
    """
    if runner.user_id == request.user.pk:
        raise PermissionDenied("the runner records their own go-ahead on Today")
    form = ClinicianClearanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say who gave the go-ahead.")
        return redirect("clinic:runner", runner.pk)
    data = {
        "cleared_by": form.cleaned_data["cleared_by"],
        "clinician_name": _user(request).get_username(),
        "cleared_on": today_for(runner),
        "note": form.cleaned_data["note"],
    }
    if runner.is_referred:
        services.clear_referral(runner, data)
        messages.success(request, "Clearance recorded: the runner redoes the safety check.")
    else:
        services.record_clearance(runner, data)
        messages.success(request, "Return-to-run clearance recorded.")
    return redirect("clinic:runner", runner.pk)


@runner_view()
@require_POST
def acknowledge(request: HttpRequest, runner: Runner) -> HttpResponse:
    """An editor acknowledges an open alert with a note: quiet for a week."""
    user = _user(request)
    not_the_runner(runner, user, alerts.RUNNER_ACKNOWLEDGES)
    form = AcknowledgeForm(request.POST)
    kind = alerts.alert_kind(form.cleaned_data["kind"]) if form.is_valid() else None
    if kind is not None:
        alerts.acknowledge(runner, user, kind, form.cleaned_data["note"])
        messages.success(request, "Alert acknowledged: it stays quiet for a week.")
    else:
        messages.error(request, "No such alert.")
    return redirect("clinic:runner", runner.pk)


# --- two-factor sign-in ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: type the key (or open the otpauth link), confirm a code."""
    user = _user(request)
    device = twofactor.new_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[twofactor.SESSION_KEY] = twofactor.VERIFY
            messages.success(request, "Two-factor sign-in is on.")
            return redirect("clinic:home")
        form.add_error("token", "That code does not match: check the app's clock and try again.")
    context = {
        "form": form,
        "key": b32encode(device.bin_key).decode(),
        "url": device.config_url,
        "required": request.session.get(twofactor.SESSION_KEY) == twofactor.SET_UP,
    }
    return render(
        request, "clinic/two_factor_setup.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the 6-digit code from the authenticator app."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect("runners:home")
        form.add_error("token", "That code does not match (or too many tries: wait a little).")
    status = 400 if form.errors else 200
    return render(request, "clinic/two_factor_verify.html", {"form": form}, status=status)
