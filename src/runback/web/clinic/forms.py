"""The clinic's forms: invitations, codes, notes and clearances."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from runback.web.clinic.models import CODE_LENGTH
from runback.web.runners.vocabulary import ClearedBy, GrantRole


class ShareForm(forms.Form):
    """A runner invites a clinician; the runner decides what they may do."""

    role = forms.ChoiceField(
        choices=GrantRole.choices,
        initial=GrantRole.VIEWER,
        widget=forms.RadioSelect,
        label="They may",
    )
    email = forms.EmailField(
        required=False,
        label="Their e-mail (optional)",
        help_text="We send them a link. Or leave it empty and give them the code.",
    )


class AskForm(forms.Form):
    """A clinician asks a runner for access; the runner decides in the end."""

    email = forms.EmailField(required=False, label="The runner's e-mail (optional)")
    role = forms.ChoiceField(
        choices=GrantRole.choices,
        initial=GrantRole.VIEWER,
        widget=forms.RadioSelect,
        label="You ask to",
    )


class StaffInviteForm(forms.Form):
    email = forms.EmailField(required=False, label="The clinician's e-mail (optional)")


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=CODE_LENGTH + 4,
        label="Invitation code",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).replace(" ", "").replace("-", "").upper()


class AcceptForm(forms.Form):
    """The runner accepting a clinician's request picks the role."""

    role = forms.ChoiceField(choices=GrantRole.choices, widget=forms.RadioSelect, label="They may")


class NoteForm(forms.Form):
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), label="Note")
    private = forms.BooleanField(
        required=False, label="Private (not on the runner's pages; still in their data export)"
    )


CLEARED_BY_FOR_CLINICIANS: Mapping[ClearedBy, str] = {
    ClearedBy.SURGEON: "The runner's surgeon",
    ClearedBy.DOCTOR: "A doctor",
    ClearedBy.PHYSIOTHERAPIST: "A physiotherapist",
    ClearedBy.OTHER_CLINICIAN: "Another clinician",
    ClearedBy.TICKED_BY_MISTAKE: "Nobody: the runner ticked a sign by mistake",
}
"""Who cleared the runner, in a clinician's words: ``ClearedBy``'s labels are the
runner's own ("My surgeon"), for the runner's clearance form."""


class ClinicianClearanceForm(forms.Form):
    """A clinician clears a referred runner to return to a guided plan."""

    cleared_by = forms.ChoiceField(
        choices=[
            (c.value, CLEARED_BY_FOR_CLINICIANS[c])
            for c in ClearedBy
            if c is not ClearedBy.TICKED_BY_MISTAKE
        ],
        label="Cleared by",
    )
    note = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What the runner should know",
    )


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\d{6}$",
        label="6-digit code from your authenticator app",
        error_messages={"invalid": "Type the 6 digits the app shows."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AcknowledgeForm(forms.Form):
    kind = forms.CharField(max_length=16, widget=forms.HiddenInput)
    note = forms.CharField(max_length=2000, required=False, label="What you did (optional)")
