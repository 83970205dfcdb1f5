"""The sign-in backend: Django's ``ModelBackend``, reading the user with their record.

Signing in (argon2, permissions) and the checks on every request are Django's: an
inactive user is refused, and ``django.contrib.auth.get_user`` compares the
session's password hash, so a password change ends every other session.

``get_user``, which every signed-in request calls with the id kept in its session,
reads the user with ``select_related("runner")``: nearly every signed-in page needs
the user's own runner record (the navigation, and on the runner's own pages the
record itself), and this way it comes in the same query. The class also keeps its
dotted path stable: Django trusts a session only while the backend it names is
still listed in ``AUTHENTICATION_BACKENDS``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User


class AccountBackend(ModelBackend):
    """``AUTHENTICATION_BACKENDS`` entry for runback's own accounts."""

    def get_user(self, user_id: Any) -> User | None:
        users = get_user_model()._default_manager.select_related("runner")
        try:
            user: User = users.get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


BACKEND = f"{AccountBackend.__module__}.{AccountBackend.__qualname__}"
"""The dotted path ``login()`` records in the session for a sign-in made by runback."""
