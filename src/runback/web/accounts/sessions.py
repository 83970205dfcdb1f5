"""The session store: Django's database sessions, read in one primary-key query.

Sessions stay in the database, so signing out, an administrator deleting a session,
``clearsessions`` or a password change take effect at once in every server process;
no session lives in a cache that one process could hold after another revoked it.
Only the read is different: every signed-in request loads its session, and reading
the row directly (:func:`runback.web.rows.by_pk`) costs a fraction of the ORM query.
An expired row is treated exactly as Django treats it: not found.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.utils import timezone

from runback.web import rows


class SessionStore(db.SessionStore):
    """Database sessions (``SESSION_ENGINE = "runback.web.accounts.sessions"``)."""

    def _get_session_from_db(self) -> Any:
        session = rows.by_pk(self.model, self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
