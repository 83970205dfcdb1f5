import pytest
from django.core.exceptions import ImproperlyConfigured

from runback.web import config


def test_it_reads_booleans_strictly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBACK_X", "yes")
    assert config.env_bool("RUNBACK_X", default=False) is True
    monkeypatch.setenv("RUNBACK_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="RUNBACK_X"):
        config.env_bool("RUNBACK_X", default=False)


def test_it_moves_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RUNBACK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert config.data_dir() == tmp_path / "elsewhere"
    assert (tmp_path / "elsewhere").is_dir()


def test_it_generates_and_keeps_a_secret_key(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("RUNBACK_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 40
    assert config.secret_key(tmp_path) == first
