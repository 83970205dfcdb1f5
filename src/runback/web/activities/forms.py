"""The upload form: several activity files or archives at once, checked on the server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from runback.importers import ImportProblem
from runback.web.activities.wording import PLAIN

#: What the readers understand: activity files, gzipped ones, and zip archives
#: (Garmin's "export original", Strava's bulk export).
ACCEPTED_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".zip")
MAX_FILES = 100


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files; each is judged on its own by the form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not items:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return items


@dataclass(frozen=True)
class Refused:
    """A file turned away before import, and why (its own line on the import page)."""

    name: str
    size: int
    problem: ImportProblem
    message: str


class UploadForm(forms.Form):
    """Several files at once: a bad one is refused on its own line and never blocks the rest."""

    uploads = MultipleFileField(
        label="Activity files",
        help_text="FIT, GPX or TCX files (gzipped is fine), or a Strava or Garmin export .zip.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused: list[Refused] = []

    def clean_uploads(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["uploads"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} files at a time.")
        accepted = []
        self.refused = []
        for upload in files:
            problem = refusal(upload)
            if problem is None:
                accepted.append(upload)
            else:
                name = upload.name or "file"
                self.refused.append(Refused(name, upload.size or 0, *problem))
        if not accepted:
            raise forms.ValidationError([f"{r.name}: {r.message}." for r in self.refused])
        return accepted


def refusal(upload: UploadedFile) -> tuple[ImportProblem, str] | None:
    """Why ``upload`` cannot be imported at all (no reader would take it), or None."""
    limit: int = settings.RUNBACK_MAX_UPLOAD_BYTES
    name = (upload.name or "").lower()
    if not name.endswith(ACCEPTED_SUFFIXES):
        return ImportProblem.UNKNOWN_FORMAT, PLAIN[ImportProblem.UNKNOWN_FORMAT]
    if not upload.size:
        return ImportProblem.EMPTY, PLAIN[ImportProblem.EMPTY]
    if upload.size > limit:
        limit_text = filesizeformat(limit)
        return ImportProblem.TOO_LARGE, f"this file is larger than the {limit_text} limit"
    return None
