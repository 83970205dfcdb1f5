"""The session store: sessions in the database, read with their user in one query.

Sessions stay in the database, so signing out, deleting a session, an expired
session, ``clearsessions`` or a password change take effect at once in every server
process: no session lives in a cache that one process could keep after another
revoked it.

Every signed-in request loads its session and then its user. The session row names
its user (:class:`~runback.web.accounts.models.AccountSession`), so one query reads
both (:func:`runback.web.rows.by_pk_with`); the user row is handed to
:class:`~runback.web.accounts.backends.AccountBackend` for the ``get_user`` call that
follows in the same request. Django's checks are unchanged: the backend refuses an
inactive user, and ``django.contrib.auth.get_user`` compares the session's password
hash, so a password change still ends every other session.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.utils import timezone

from runback.web import rows

_read_with_session: ContextVar[Any] = ContextVar("runback_read_with_session", default=None)


class SessionStore(db.SessionStore):
    """Database sessions (``SESSION_ENGINE = "runback.web.accounts.sessions"``)."""

    @classmethod
    def get_model_class(cls) -> Any:
        from runback.web.accounts.models import AccountSession

        return AccountSession

    def _get_session_from_db(self) -> Any:
        found = rows.by_pk_with(self.model, self.session_key, "user")
        if found is None or found[0].expire_date <= timezone.now():
            _read_with_session.set(None)
            self._session_key = None
            return None
        session, user = found
        _read_with_session.set(user)
        return session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session = super().create_model_instance(data)
        session.user_id = _user_id(data)  # type: ignore[attr-defined]
        return session


def take_user_read_with_session(user_id: Any) -> Any:
    """The user row read with this request's session, if it is ``user_id``'s; once.

    Only the latest session read offers a row, and taking it clears it, so a row can
    never outlive the request that read it (``reset`` also clears it at the start of
    every request).
    """
    user = _read_with_session.get()
    _read_with_session.set(None)
    return user if user is not None and user.pk == user_id else None


def reset(**_: Any) -> None:
    """Forget any offered user row (connected to ``request_started``)."""
    _read_with_session.set(None)


def _user_id(data: dict[str, Any]) -> Any:
    """The signed-in user's id from session data, as the user table stores it."""
    raw = data.get(SESSION_KEY)
    if raw is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(raw)
    except ValidationError:
        return None
