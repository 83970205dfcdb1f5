"""Background tasks of the activities app, run by the database-backed worker.

Start the worker with ``runback worker`` (or ``manage.py db_worker``). Task arguments
are plain ids: the row is re-read in the worker, so a task never acts on stale data.
"""

from __future__ import annotations

from django_tasks import task

from runback.web.activities import services


@task()
def import_upload_task(upload_id: int) -> None:
    """Read one uploaded file and record its activities (see ``services.import_upload``)."""
    services.import_upload(upload_id)
