"""fitdecode as the reference decoder: what it reads, we must read and agree with."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import fitdecode
import pytest


@dataclass
class Reference:
    ok: bool
    error: str = ""
    records: int = 0
    laps: int = 0
    file_types: list[str] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)


SESSION_FIELDS = ("sport", "total_elapsed_time", "total_timer_time", "total_distance", "start_time")


def fitdecode_reference(path: Path) -> Reference:
    """Decode with fitdecode, CRCs checked strictly (its default only warns)."""
    ref = Reference(ok=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
                for frame in reader:
                    if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                        continue
                    if frame.name == "record":
                        ref.records += 1
                    elif frame.name == "lap":
                        ref.laps += 1
                    elif frame.name == "file_id":
                        ref.file_types.append(str(frame.get_value("type", fallback=None)))
                    elif frame.name == "session":
                        ref.sessions.append(
                            {f: frame.get_value(f, fallback=None) for f in SESSION_FIELDS}
                        )
    except Exception as exc:  # fitdecode raises many types; any of them means "not valid"
        return Reference(ok=False, error=f"{type(exc).__name__}: {exc}")
    return ref


def cached_reference(cache: pytest.Cache, path: Path) -> Reference:
    """fitdecode's reading of ``path``, remembered in pytest's cache by content hash.

    fitdecode is slow (about a minute for the corpus); a rerun reuses its answers.
    """
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    key = f"runback/fitdecode-{fitdecode.__version__}/{digest}"
    stored = cache.get(key, None)
    if stored is not None:
        ref = Reference(**stored)
        for s in ref.sessions:
            if isinstance(s.get("start_time"), str):
                s["start_time"] = datetime.fromisoformat(s["start_time"])
        return ref
    ref = fitdecode_reference(path)
    data = asdict(ref)
    for s in data["sessions"]:
        for k, v in s.items():
            if isinstance(v, datetime):
                s[k] = v.isoformat()
            elif not isinstance(v, (int, float, str, type(None))):
                s[k] = str(v)
    cache.set(key, data)
    return ref
