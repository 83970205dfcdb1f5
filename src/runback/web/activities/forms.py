"""The upload form: several activity files or archives at once, checked on the server."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

#: What the readers understand: activity files, gzipped ones, and zip archives
#: (Garmin's "export original", Strava's bulk export).
ACCEPTED_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".zip")
MAX_FILES = 100


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files and cleans each one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = list(data) if isinstance(data, list | tuple) else [data]
        if not items:
            items = [None]  # let FileField say "This field is required."
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        label="Activity files",
        help_text="FIT, GPX or TCX files (gzipped is fine), or a Strava or Garmin export .zip.",
    )

    def clean_uploads(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["uploads"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} files at a time.")
        limit: int = settings.RUNBACK_MAX_UPLOAD_BYTES
        problems = []
        for upload in files:
            name = upload.name or "file"
            if not name.lower().endswith(ACCEPTED_SUFFIXES):
                problems.append(
                    f"{name}: not an activity file (use .fit, .gpx, .tcx, gzipped, or .zip)."
                )
            elif (upload.size or 0) > limit:
                problems.append(f"{name}: larger than the {filesizeformat(limit)} limit.")
        if problems:
            raise forms.ValidationError(problems)
        return files
