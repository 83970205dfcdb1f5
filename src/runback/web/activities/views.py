"""Pages for uploads and activities. Every lookup is scoped to the signed-in runner:
another runner's batch, upload or activity is a 404, never a 403 that confirms it exists.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from runback.web.activities import services
from runback.web.activities.forms import UploadForm
from runback.web.activities.models import Activity, ImportBatch, ImportResult, Outcome, Upload
from runback.web.runners import services as runner_services
from runback.web.runners.models import Runner

RECENT_BATCHES = 5
#: A ten-year Strava export has thousands of entries; the panel is re-sent every
#: second while importing, so it lists the failures first and only this many rows.
SHOWN_RESULTS = 100


class HtmxRequest(HttpRequest):
    """A request that went through django-htmx's middleware."""

    htmx: HtmxDetails


def runner_of(request: HttpRequest) -> Runner:
    """The signed-in user's runner record (created on first use)."""
    runner, _ = Runner.objects.get_or_create(user_id=request.user.pk)
    return runner


@login_required
@require_http_methods(["GET", "POST"])
def activity_list(request: HttpRequest) -> HttpResponse:
    """The runner's activities, recent imports and the upload form."""
    runner = runner_of(request)
    form = UploadForm()
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            batch = services.start_import(runner, form.cleaned_data["uploads"], form.refused)
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(reverse("activities:batch", args=[batch.pk]))
            return redirect("activities:batch", pk=batch.pk)
        status = 422
    context = {
        "form": form,
        "activities": Activity.objects.for_runner(runner).select_related("upload")[:200],
        "batches": ImportBatch.objects.filter(runner=runner)[:RECENT_BATCHES],
        "nav": "activities",
    }
    return render(request, "activities/activity_list.html", context, status=status)


@login_required
@require_GET
def batch_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    """An import's progress; htmx polls the status panel until every file is done."""
    batch = get_object_or_404(ImportBatch, pk=pk, runner=runner_of(request))
    # A file whose worker was killed mid-import would show "importing" for ever:
    # while the runner watches, such a file goes back in the queue.
    services.requeue_stale_imports(uploads=batch.uploads.all())
    progress = batch.progress()
    context = {
        "batch": batch,
        "progress": progress,
        "stalled": not progress.finished and batch.waiting_for_worker(timezone.now()),
        "results": shown_results(batch),
        "hidden": progress.imported + progress.duplicates + progress.failed - SHOWN_RESULTS,
        "nav": "activities",
    }
    template = "activities/_batch_status.html" if request.htmx else "activities/batch.html"
    return render(request, template, context)


def shown_results(batch: ImportBatch) -> list[ImportResult]:
    """Failures first (they need the runner's attention), then the latest others."""
    results = ImportResult.objects.filter(upload__batch=batch)
    failed = list(results.filter(outcome=Outcome.FAILED)[:SHOWN_RESULTS])
    room = SHOWN_RESULTS - len(failed)
    others = list(results.exclude(outcome=Outcome.FAILED).order_by("-id")[:room]) if room else []
    return failed + others[::-1]


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity's summary and the log entry it feeds."""
    activity = get_object_or_404(Activity, pk=pk, runner=runner_of(request))
    context = {"activity": activity, "nav": "activities"}
    return render(request, "activities/activity_detail.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask how an imported run felt: its log entry is made once, then the usual
    after-run check-in takes the answers."""
    runner = runner_of(request)
    activity = get_object_or_404(Activity, pk=pk, runner=runner, log_kind="run")
    entry = runner_services.answer_activity(runner, activity)
    return redirect("runners:run_checkin", runner.pk, entry.pk)


@login_required
@require_http_methods(["GET", "POST"])
def delete_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one activity (and the pain answers given for it), after a confirmation."""
    runner = runner_of(request)
    activity = get_object_or_404(Activity, pk=pk, runner=runner)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        when = activity.local_date
        activity.delete()
        what = f"{activity.sport} of {when:%A} {when.day} {when:%B}"
        messages.success(request, f"Deleted the {what}.")
        return redirect("activities:list")
    context = {"activity": activity, "nav": "activities", "answered": hasattr(activity, "answer")}
    return render(request, "activities/activity_delete.html", context)


@login_required
@require_GET
def upload_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original file, as an attachment, to its owner only (uploads are never public)."""
    upload = get_object_or_404(Upload, pk=pk, runner=runner_of(request))
    if not upload.file:
        raise Http404("This file was not kept: nothing was imported from it.")
    return FileResponse(upload.file.open("rb"), as_attachment=True, filename=upload.original_name)
