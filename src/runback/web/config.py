"""Where runback reads its deployment settings from: environment variables only.

Typed helpers refuse nonsense instead of guessing, so a mistyped setting fails at
start-up with a message that names it.
"""

from __future__ import annotations

import os
import stat
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


#: Health data and session keys: nothing runback writes is for other local accounts.
PRIVATE_UMASK = 0o077


def data_dir() -> Path:
    """The runner's data folder: SQLite database, uploads and the secret key live here.

    ``RUNBACK_DATA_DIR`` moves it; otherwise it follows the XDG convention so that
    ``runback serve`` works on a fresh machine with no set-up at all. Every process
    that reads the settings (serve, gunicorn workers, the task worker, manage) gets
    the private umask here, before any database file exists, and an older install's
    folder is made private too (see :func:`make_private`).
    """
    os.umask(PRIVATE_UMASK)
    explicit = os.environ.get("RUNBACK_DATA_DIR")
    if explicit:
        path = Path(explicit).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "runback"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(path)
    return path


def make_private(folder: Path) -> None:
    """Take group and other access off the folder and everything in it (0700/0600).

    Installs made before the umask was set have a 0755 folder and a 0644 SQLite
    database (whose -wal/-shm copy its mode), readable by any local account. Only
    modes that need it are changed, and symbolic links are left alone.
    """
    _restrict(folder)
    for root, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            _restrict(Path(root) / name)


def _restrict(path: Path) -> None:
    try:
        st = path.lstat()
    except FileNotFoundError:  # a -wal/-shm removed meanwhile
        return
    if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077:
        return
    path.chmod(stat.S_IMODE(st.st_mode) & 0o700)


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
