"""Blank forms rendered once per process, not once per page.

A clinician's runner page carries forms that are always shown empty (a bound form
with errors never comes back to it: the views redirect with a message). Their HTML
depends only on the code: labels, and choices from the engine's enums and exercise
library. The steering form's three exercise lists make it about 15 KB of HTML and
some 20 ms of template work, the largest single part of the page, so it is rendered
the first time a process needs it and reused. Kept in the process's memory, never in
the shared cache, so a new release can never be served an old form.

Only for forms whose choices come from code: a form whose choices come from the
database must be rendered per request.
"""

from __future__ import annotations

from functools import cache

from django import forms
from django.template.loader import render_to_string


@cache
def blank_form_html(form_class: type[forms.Form]) -> str:
    """``_form.html`` for an unbound ``form_class()``: its fields, without the token
    (the template marks its output safe, and the cached string stays so)."""
    return render_to_string("_form.html", {"form": form_class()})
