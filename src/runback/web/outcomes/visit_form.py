"""The visit log's form: who the runner saw, when, what they found and advised."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from runback.web.outcomes.models import Visit


class VisitForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Visit
        fields = ("date", "who", "role", "findings", "advice")
        labels: ClassVar[dict[str, str]] = {
            "who": "Who did you see?",
            "role": "Their role",
            "findings": "What did they find?",
            "advice": "What did they advise?",
        }
        widgets: ClassVar[dict[str, Any]] = {
            "date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "role": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 3}),
            "advice": forms.Textarea(attrs={"rows": 3}),
        }
