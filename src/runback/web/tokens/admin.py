"""Admin for operators: see tokens (never a secret; the digest is not shown) and revoke."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from runback.web.tokens.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "prefix", "user", "access", "expires", "revoked", "last_used")
    list_filter = ("access",)
    search_fields = ("name", "prefix", "user__username")
    fields = (
        "name",
        "prefix",
        "user",
        "access",
        "areas",
        "created",
        "expires",
        "revoked",
        "last_used",
    )
    readonly_fields = fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made by their owner, who alone sees the secret

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        queryset.filter(revoked__isnull=True).update(revoked=timezone.now())
