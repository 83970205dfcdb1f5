"""The form that makes a token: a name, what it may do, which data, how long."""

from __future__ import annotations

import datetime as dt

from django import forms

from runback.web.tokens.models import DataArea, TokenAccess

#: The lifetimes offered, in days: every token expires.
LIFETIMES = ((7, "7 days"), (30, "30 days"), (90, "90 days"), (365, "1 year"))


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=80, help_text="What uses it, e.g. “my watch app”."
    )
    access = forms.ChoiceField(
        label="It may",
        choices=TokenAccess.choices,
        initial=TokenAccess.READ,
        widget=forms.RadioSelect,
    )
    areas = forms.MultipleChoiceField(
        label="Data it reaches", choices=DataArea.choices, widget=forms.CheckboxSelectMultiple
    )
    lifetime_days = forms.TypedChoiceField(
        label="Expires after", choices=LIFETIMES, coerce=int, initial=90
    )

    def lifetime(self) -> dt.timedelta:
        return dt.timedelta(days=self.cleaned_data["lifetime_days"])

    def chosen_areas(self) -> list[DataArea]:
        return [DataArea(a) for a in self.cleaned_data["areas"]]
