"""Open a deck in LibreOffice the way a reader would, for previews and client checks.

LibreOffice finds fonts through fontconfig; pointing it at the bundled fonts makes the preview show the
deck in the brand's typeface instead of a substitute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from report.errors import BuildError
from report.paths import BUNDLED_FONTS

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(deck: Path, out_dir: Path, timeout: int = 180) -> Path:
    """Convert ``deck`` to PDF with headless LibreOffice, in a private profile; return the PDF path."""
    binary = soffice()
    if binary is None:
        raise BuildError("LibreOffice (soffice) is not installed; run tools/install-system-packages.sh")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-soffice-") as work:
        conf = Path(work) / "fonts.conf"
        conf.write_text(FONTS_CONF.format(fonts=BUNDLED_FONTS, cache=Path(work) / "fc-cache"), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": work}
        command = [
            binary,
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(deck),
        ]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    result = out_dir / f"{deck.stem}.pdf"
    if done.returncode != 0 or not result.is_file():
        raise BuildError(f"LibreOffice could not convert {deck}: {done.stderr.strip() or done.stdout.strip()}")
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
