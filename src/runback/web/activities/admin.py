"""Admin for support and inspection only: imports and activities are read-only here.

Changes go through the upload service (the runner re-uploads); the admin must not
become a way to slip edited health data past it.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from runback.web.activities.models import Activity, ImportBatch, ImportResult, Upload


class ReadOnlyAdmin(admin.ModelAdmin[Model]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("local_date", "runner", "sport", "log_kind", "distance_m", "timer_s")
    list_filter = ("sport", "log_kind", "format")
    date_hierarchy = "local_date"


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("pk", "runner", "created")


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "runner", "state", "size", "created")
    list_filter = ("state",)
    # The admin shows a file field as a link to its URL, which for a bucket
    # (RUNBACK_STORAGE_URL) is a signed one that hands the file to whoever holds it:
    # the stored name only, as text. Files go back to their owner alone.
    exclude = ("file",)
    readonly_fields = ("stored_as",)

    @admin.display(description="stored as")
    def stored_as(self, upload: Upload) -> str:
        return upload.file.name or "(not kept)"


@admin.register(ImportResult)
class ImportResultAdmin(ReadOnlyAdmin):
    list_display = ("name", "outcome", "problem", "message")
    list_filter = ("outcome", "problem")
