"""Clinicians' notes on a record: who reads which, and writing one.

One place for the rule the clinic's runner page and the API both follow: a
clinician the runner granted access (viewer or editor) reads every note, private
ones included; the runner reads only the notes written for them (a private note is
still theirs, in the data download, just not on their pages). Writing is for
editors (the access check refuses a viewer's write) and never for the runner.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from runback.web.clinic.consent import not_the_runner
from runback.web.clinic.models import ClinicianNote
from runback.web.runners.models import Runner

#: What the runner is told when they try to write a note on their own record.
RUNNER_WRITES = "notes are for your clinicians to write"


def notes_seen_by(
    runner: Runner, user: AbstractBaseUser | AnonymousUser
) -> QuerySet[ClinicianNote]:
    """The notes on ``runner``'s record ``user`` may read, newest first.

    ``user`` has already passed the access check (the runner, or a live grantee).
    """
    notes = runner.clinician_notes.all()
    if runner.user_id == user.pk:
        return notes.filter(private=False)
    return notes


def write_note(runner: Runner, by: AbstractBaseUser, text: str, *, private: bool) -> ClinicianNote:
    """Store a clinician's note (the caller has checked ``by`` may write the record)."""
    not_the_runner(runner, by, RUNNER_WRITES)
    return ClinicianNote.objects.create(
        runner=runner,
        author_id=by.pk,
        author_name=by.get_username(),
        text=text,
        private=private,
    )
