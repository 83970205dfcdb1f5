"""Template context shared by every page: the signed-in user's own runner record."""

from __future__ import annotations

from django.http import HttpRequest

from runback.web.runners.models import Runner


def navigation(request: HttpRequest) -> dict[str, Runner | None]:
    """``nav_runner``: the record the top navigation links point at (None when signed out)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_runner": None}
    # The runner views already loaded the user's own record: reuse it.
    own = getattr(request, "runback_own_runner", None)
    if own is not None:
        return {"nav_runner": own}
    return {"nav_runner": Runner.objects.filter(user_id=user.pk).first()}
