"""Admin pages for support and inspection: look, don't treat.

Decisions are the engine's and are read-only here; clinical answers should change
through the runner's own pages, which re-run the engine.
"""

from __future__ import annotations

from django.contrib import admin

from runback.web.runners.models import (
    AccessGrant,
    DayEntry,
    DecisionRecord,
    Injury,
    LogEntry,
    Runner,
)


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "onboarding_step", "created")
    search_fields = ("user__username", "user__email")
    readonly_fields = ("created", "screened_at", "red_flags")


@admin.register(Injury)
class InjuryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("runner", "site", "kind", "onset")


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("runner", "date", "slot", "kind", "run_minutes", "checked_in")
    list_filter = ("kind",)


@admin.register(DayEntry)
class DayEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("runner", "date", "pain", "stiffness", "sleep_hours")


@admin.register(DecisionRecord)
class DecisionRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("runner", "date", "action", "pattern")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("runner", "grantee", "role", "created", "revoked")
