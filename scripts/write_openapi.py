"""Write docs/openapi.json, the API's OpenAPI document (run after changing the API).

.venv/bin/python scripts/write_openapi.py

tests/web/test_openapi.py fails while the checked-in copy differs from what the
API serves at /api/v1/openapi.json.
"""

from __future__ import annotations

import os
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "runback.web.settings")
    os.environ.setdefault("RUNBACK_SECRET_KEY", "openapi-document-only")
    import django

    django.setup()
    from runback.web.api import openapi_text

    TARGET.write_text(openapi_text(), encoding="utf-8")
