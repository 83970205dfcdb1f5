"""Sessions in the admin: an operator can see who is signed in and end sessions.

For a compromised account: filter by user and delete its sessions, and every device
is signed out at once (sessions live only in the database). The signed session data
is never shown; sessions cannot be added or edited here.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from runback.web.accounts.models import AccountSession


@admin.register(AccountSession)
class AccountSessionAdmin(admin.ModelAdmin[AccountSession]):
    list_display = ("user", "expire_date")
    list_filter = ("expire_date",)
    search_fields = ("user__username", "user__email")
    fields = ("user", "expire_date")
    readonly_fields = ("user", "expire_date")
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AccountSession | None = None
    ) -> bool:
        return False
