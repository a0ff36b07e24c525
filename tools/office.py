"""Open a deck in LibreOffice the way a reader would, for previews and client checks.

LibreOffice finds fonts through fontconfig. A private fontconfig file adds the bundled fonts, as a user
installing them would, so the deck's Arial is drawn with the bundled Liberation Sans (its metric twin) rather
than a substitute. It can also hide font files, so a test can prove which copy of a face LibreOffice used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from report.errors import BuildError
from report.paths import BUNDLED_FONTS

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {dirs}
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont>{hidden}</rejectfont></selectfont>
</fontconfig>
"""


def fontconfig_env(work: Path, font_dir: Path | None = BUNDLED_FONTS, hidden: Sequence[Path] = ()) -> dict[str, str]:
    """The environment for a program to see the system's fonts and rules, plus ``font_dir``, minus ``hidden`` files."""
    conf = work / "fonts.conf"
    conf.write_text(
        FONTS_CONF.format(
            dirs=f"<dir>{escape(str(font_dir))}</dir>" if font_dir else "",
            cache=escape(str(work / "fc-cache")),
            hidden="".join(f"<glob>{escape(str(path))}</glob>" for path in hidden),  # a path globs itself
        ),
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(work)}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def has_calc() -> bool:
    """Whether LibreOffice can open spreadsheets: Debian ships Calc apart (libreoffice-calc)."""
    binary = soffice()
    return binary is not None and (Path(binary).resolve().parent / "libsclo.so").is_file()


def convert_to_pdf(
    deck: Path,
    out_dir: Path,
    timeout: int = 180,
    *,
    font_dir: Path | None = BUNDLED_FONTS,
    hidden: Sequence[Path] = (),
) -> Path:
    """Convert ``deck`` to PDF with headless LibreOffice, in a private profile; return the PDF path.

    LibreOffice sees the system's fonts plus ``font_dir`` (None: none added), minus the font files ``hidden``.
    """
    return convert(deck, out_dir, "pdf", timeout, font_dir=font_dir, hidden=hidden)


def convert(
    source: Path,
    out_dir: Path,
    to: str,
    timeout: int = 180,
    *,
    font_dir: Path | None = BUNDLED_FONTS,
    hidden: Sequence[Path] = (),
) -> Path:
    """Open ``source`` in headless LibreOffice and save it as ``to`` ("pdf", "xls:MS Excel 97"...) in ``out_dir``.

    A spreadsheet saved again this way has every formula calculated and its value saved, as a user's save does.
    """
    binary = soffice()
    if binary is None:
        raise BuildError("LibreOffice (soffice) is not installed; run tools/install-system-packages.sh")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-soffice-") as work:
        env = fontconfig_env(Path(work), font_dir, hidden)
        command = [
            binary,
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    result = out_dir / f"{source.stem}.{to.split(':')[0]}"
    if done.returncode != 0 or not result.is_file():
        raise BuildError(f"LibreOffice could not convert {source}: {done.stderr.strip() or done.stdout.strip()}")
    return result


def render_page(pdf: Path, page: int, target: Path, width_px: int = 1200) -> Path:
    """One PDF page as a PNG (pypdfium2), ``page`` counted from 1."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        sheet = document[page - 1]
        scale = width_px / sheet.get_width()
        sheet.render(scale=scale).to_pil().save(target, optimize=True)
    finally:
        document.close()
    return target
