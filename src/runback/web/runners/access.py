"""Who may see or change a runner's record: every object lookup goes through here.

The runner owns the record. Someone holding a live :class:`AccessGrant` may read
it, and edit it if the grant's role allows. Anyone else gets a 404, not a 403, so
a stranger cannot even learn that a record exists; a grantee who may only read
gets a 403 on writes.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.dispatch import Signal
from django.http import Http404

from runback.web.runners.models import AccessGrant, Runner
from runback.web.runners.vocabulary import GrantRole

#: Sent when someone other than the runner reaches a record (read or write), before
#: the view runs: the clinic app writes it to the runner's access log. Arguments:
#: ``runner``, ``user``, ``write``.
reached_by_other = Signal()


def get_runner_for(
    user: AbstractBaseUser | AnonymousUser, runner_id: int, *, write: bool = False
) -> Runner:
    """The runner record ``runner_id`` if ``user`` may reach it, else 404 (or 403).

    ``write=True`` asks for permission to change the record.
    """
    if not user.is_authenticated:
        raise Http404("no such runner")
    # The user's own record came with the user (``AccountBackend.get_user``).
    own: Runner | None = getattr(user, "runner", None)
    if own is not None and own.pk == runner_id:
        return own
    # An id beyond the column's range finds nothing (Django answers such lookups
    # with an empty result), so a crafted URL is a 404 like any other unknown id.
    runner = Runner.objects.filter(pk=runner_id).first()
    if runner is None:
        raise Http404("no such runner")
    if runner.user_id == user.pk:
        return runner
    grant = AccessGrant.objects.filter(
        runner=runner, grantee_id=user.pk, revoked__isnull=True
    ).first()
    if grant is None:
        raise Http404("no such runner")
    if write and grant.role != GrantRole.EDITOR:
        raise PermissionDenied("your access to this record is read-only")
    reached_by_other.send(sender=Runner, runner=runner, user=user, write=write)
    return runner


def own_runner(user: AbstractBaseUser) -> Runner:
    """The signed-in user's own record, created on first use (e.g. for a superuser)."""
    runner, _ = Runner.objects.get_or_create(user_id=user.pk)
    return runner
