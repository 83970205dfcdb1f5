"""The sign-in backend: Django's ``ModelBackend``, with a cheaper user lookup.

Signing in (password check, argon2, permissions) is Django's own. What changes is
``get_user``, which every signed-in request calls with the id kept in its session:
it takes the user row that was read with the session
(:mod:`runback.web.accounts.sessions`), or reads it in one primary-key query
(:func:`runback.web.rows.by_pk`), instead of through the ORM's query compiler. The
checks stay Django's: an inactive user is refused, and
``django.contrib.auth.get_user`` still compares the session's password hash, so a
password change ends every other session.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User

from runback.web import rows
from runback.web.accounts.sessions import take_user_read_with_session


class AccountBackend(ModelBackend):
    """``AUTHENTICATION_BACKENDS`` entry for runback's own accounts."""

    def get_user(self, user_id: Any) -> User | None:
        user: User | None = take_user_read_with_session(user_id) or rows.by_pk(
            get_user_model(), user_id
        )
        return user if user is not None and self.user_can_authenticate(user) else None


BACKEND = f"{AccountBackend.__module__}.{AccountBackend.__qualname__}"
"""The dotted path ``login()`` records in the session for a sign-in made by runback."""
