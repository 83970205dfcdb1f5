"""Sign-up form: a username, an e-mail address for password resets, and a password.

Django's password validators run on the password (length, common passwords,
all-numeric, too close to the username). Whether the e-mail already belongs to an
account is not checked here: the form must answer the same for known and unknown
addresses, so the view deals with it (see :func:`runback.web.accounts.views.signup`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm, UsernameField


class SignUpForm(UserCreationForm):  # type: ignore[type-arg]
    email = forms.EmailField(
        help_text="Only used to reset your password and send check-in reminders."
    )

    class Meta:
        model = get_user_model()
        fields = ("username", "email")
        field_classes = {"username": UsernameField}  # noqa: RUF012 (Django Meta option)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        return email

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
