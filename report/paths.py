"""Where the package's own files are: templates, bundled fonts, the default data. Defined once, here."""

from __future__ import annotations

from pathlib import Path

from report.errors import TemplateError

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_FONTS = PACKAGE_DIR / "fonts"


def templates_dir() -> Path:
    """templates/ next to the package: inside it when installed from a wheel, beside it in a checkout."""
    for candidate in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates"):
        if (candidate / "theme.toml").is_file():
            return candidate
    raise TemplateError(f"cannot find the templates folder next to {PACKAGE_DIR}; reinstall the package")


def default_data_dir() -> Path:
    """./data when it exists, else the figures that ship with the package."""
    for candidate in (Path("data"), PACKAGE_DIR / "default_data", PACKAGE_DIR.parent / "data"):
        if (candidate / "briefing.toml").is_file():
            return candidate
    return Path("data")


def code_files() -> list[Path]:
    """Every module of the package, for the up-to-date check: new code means a new build."""
    return sorted(PACKAGE_DIR.rglob("*.py"))
