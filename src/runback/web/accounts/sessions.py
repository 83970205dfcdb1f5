"""The session store: Django's database sessions, each row naming its user.

Sessions stay in the database, so signing out, deleting a session, an expired
session, ``clearsessions`` or a password change take effect at once in every server
process: no session lives in a cache that one process could keep after another
revoked it.

This is Django's own ``db`` store with the documented extension point for a custom
session model (:class:`~runback.web.accounts.models.AccountSession`): the only
addition is that a saved session records whose it is, so that a runner can sign out
their other devices and deleting an account deletes its sessions. Reading a session
and its user, and every check on them (an inactive user is refused, the session's
password hash is compared on every request), are Django's, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError


class SessionStore(db.SessionStore):
    """Database sessions (``SESSION_ENGINE = "runback.web.accounts.sessions"``)."""

    @classmethod
    def get_model_class(cls) -> Any:
        from runback.web.accounts.models import AccountSession

        return AccountSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session = super().create_model_instance(data)
        session.user_id = _user_id(data)  # type: ignore[attr-defined]
        return session


def _user_id(data: dict[str, Any]) -> Any:
    """The signed-in user's id from session data, as the user table stores it."""
    raw = data.get(SESSION_KEY)
    if raw is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(raw)
    except ValidationError:
        return None
