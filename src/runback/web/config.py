"""Where runback reads its deployment settings from: environment variables only.

Typed helpers refuse nonsense instead of guessing, so a mistyped setting fails at
start-up with a message that names it.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_str(name: str, default: str) -> str:
    return os.environ.get(name) or default


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def data_dir() -> Path:
    """The runner's data folder: SQLite database, uploads and the secret key live here.

    ``RUNBACK_DATA_DIR`` moves it; otherwise it follows the XDG convention so that
    ``runback serve`` works on a fresh machine with no set-up at all.
    """
    explicit = os.environ.get("RUNBACK_DATA_DIR")
    if explicit:
        path = Path(explicit).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "runback"
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """RUNBACK_SECRET_KEY, or a random key generated once and kept in the data folder."""
    explicit = os.environ.get("RUNBACK_SECRET_KEY")
    if explicit:
        return explicit
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    from django.core.management.utils import get_random_secret_key

    key = get_random_secret_key()
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
