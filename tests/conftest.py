"""Test-wide set-up.

Tests never touch the user's real data folder: ``tests/isolated_env.py`` (a pytest
plugin loaded from ``pyproject.toml``'s ``addopts``) points ``RUNBACK_DATA_DIR`` at a
throwaway folder before pytest-django reads the settings.
"""
