"""Admin for support: see who has a feed and which reminders went out (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from runback.web.exports.models import CalendarFeed, ReminderSent


class ReadOnlyAdmin(admin.ModelAdmin[Model]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ("runner", "created")
    exclude = ("token",)  # the key to a runner's plan: not for support staff to copy


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ("date", "runner", "sent")
    date_hierarchy = "date"
