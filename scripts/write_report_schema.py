"""Write docs/report.schema.json from the report models (run after changing them).

.venv/bin/python scripts/write_report_schema.py
"""

from __future__ import annotations

import json
from pathlib import Path

from runback.engine.report import report_json_schema

TARGET = Path(__file__).resolve().parents[1] / "docs" / "report.schema.json"

if __name__ == "__main__":
    TARGET.write_text(json.dumps(report_json_schema(), indent=2) + "\n", encoding="utf-8")
