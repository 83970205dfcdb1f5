"""Invitations and grants: how a record is opened to a clinician, and closed again.

Every path ends in the runner's own yes: a runner's invitation *is* the yes (a
clinician's acceptance only names who receives it); a clinician's request waits
until the runner accepts it and picks viewer or editor. Revoking is one write to
the grant, read again by the access check on every request, so it takes effect on
the next request on every device and in every server process.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from runback.web.clinic.models import (
    Clinic,
    Invitation,
    InvitationKind,
    Membership,
    StaffRole,
)
from runback.web.clinic.overrides import lift_all_set_by
from runback.web.runners.access import own_runner
from runback.web.runners.models import AccessGrant, Runner
from runback.web.runners.vocabulary import GrantRole


def is_clinician(user: AbstractBaseUser) -> bool:
    """Works as a clinician in at least one clinic (the only role a runner may invite)."""
    return Membership.objects.filter(user_id=user.pk, role=StaffRole.CLINICIAN).exists()


def not_the_runner(runner: Runner, user: AbstractBaseUser, why: str) -> None:
    """Refuse (403, saying ``why``) a clinician's action the runner tries on their own record.

    Notes, alert acknowledgements and steering are the clinicians' word on a record;
    the access check lets the runner write their own record, so these ask again.
    """
    if runner.user_id == user.pk:
        raise PermissionDenied(why)


def admin_clinics(user: AbstractBaseUser) -> list[Clinic]:
    return list(Clinic.objects.filter(members__user_id=user.pk, members__role=StaffRole.ADMIN))


def invite(
    *,
    kind: InvitationKind,
    by: AbstractBaseUser,
    role: GrantRole = GrantRole.VIEWER,
    email: str = "",
    runner: Runner | None = None,
    clinic: Clinic | None = None,
    link: str = "",
) -> Invitation:
    """A new one-use invitation; mailed to ``email`` (with ``link`` + code) if given."""
    invitation = Invitation.objects.create(
        kind=kind, invited_by_id=by.pk, role=role, email=email, runner=runner, clinic=clinic
    )
    if email:
        send_mail(
            subject="An invitation to runback",
            message=(
                f"{by.get_username()} invited you on runback: {invitation.get_kind_display()}.\n\n"
                f"Open {link}{invitation.code}/ or type the code {invitation.code} "
                f"after signing in. It works once, for {7} days."
            ),
            from_email=None,
            recipient_list=[email],
        )
    return invitation


def open_invitation(code: str) -> Invitation:
    """The still-usable invitation with this code, or a clear error."""
    invitation = Invitation.objects.filter(code=code.strip().upper()).first()
    if invitation is None:
        raise ValidationError("No invitation has this code. Check it letter by letter.")
    if not invitation.is_open:
        raise ValidationError("This invitation has been used, cancelled or has expired.")
    return invitation


@transaction.atomic
def accept(invitation: Invitation, user: AbstractBaseUser, role: GrantRole | None = None) -> None:
    """``user`` accepts: a grant (or a clinic membership) is made, the code is spent.

    ``role`` is the runner's choice when a runner accepts a clinician's request.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError("This invitation has been used, cancelled or has expired.")
    if invitation.invited_by_id == user.pk:
        raise ValidationError("You cannot accept your own invitation.")
    kind = InvitationKind(invitation.kind)
    if kind is InvitationKind.RUNNER_TO_CLINICIAN:
        if not is_clinician(user):
            raise PermissionDenied("only a clinician in a clinic can accept a runner's invitation")
        assert invitation.runner is not None
        _grant(invitation.runner, user, GrantRole(invitation.role))
    elif kind is InvitationKind.CLINICIAN_TO_RUNNER:
        runner = own_runner(user)
        invitation.runner = runner
        invitation.role = role or GrantRole(invitation.role)
        _grant(runner, invitation.invited_by, GrantRole(invitation.role))
    else:
        assert invitation.clinic is not None
        Membership.objects.get_or_create(
            clinic=invitation.clinic, user_id=user.pk, defaults={"role": StaffRole.CLINICIAN}
        )
    invitation.used_at = timezone.now()
    invitation.used_by_id = user.pk
    invitation.save()


def _grant(runner: Runner, grantee: AbstractBaseUser, role: GrantRole) -> AccessGrant:
    """The one live grant for ``grantee``, created or given the new role."""
    grant, created = AccessGrant.objects.get_or_create(
        runner=runner, grantee_id=grantee.pk, revoked__isnull=True, defaults={"role": role}
    )
    if not created and grant.role != role:
        grant.role = role
        grant.save(update_fields=["role"])
    return grant


def revoke(grant: AccessGrant, by: AbstractBaseUser) -> None:
    """The runner (or the grantee, stepping back) ends a grant; it is kept as history.

    The overrides that person set on the comeback end with it (kept as history): the
    runner cannot lift them, and nobody should steer a plan they can no longer see.
    """
    if by.pk not in (grant.runner.user_id, grant.grantee_id):
        raise PermissionDenied("only the runner or the grantee can end this access")
    if grant.revoked is None:
        with transaction.atomic():
            grant.revoked = timezone.now()
            grant.save(update_fields=["revoked"])
            lift_all_set_by(grant.runner, grant.grantee_id, by)


def cancel(invitation: Invitation, by: AbstractBaseUser) -> None:
    if invitation.invited_by_id != by.pk:
        raise PermissionDenied("only whoever sent an invitation can cancel it")
    if invitation.cancelled is None and invitation.used_at is None:
        invitation.cancelled = timezone.now()
        invitation.save(update_fields=["cancelled"])
