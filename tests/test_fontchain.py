"""report.look.fontchain: which font draws what the theme's font cannot, and what happens when none does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.data import DataText
from report.errors import DataError, TemplateError
from report.look.fontchain import recheck, resolve_chain, system_fonts, with_fallbacks
from report.look.theme import load_theme
from report.paths import templates_dir
from tests.test_multiscript import fontconfig

ARABIC = DataText("جامعة طهران", "data/clusters.csv", 6, "top_applicant")
KOREAN = DataText("삼성전자", "data/clusters.csv", 4, "top_applicant")
TITLE = DataText("서울 브리핑", "data/briefing.toml", column="title", line=2)


def _theme_with(tmp_path: Path, extra: str, fonts: dict[str, Path]) -> Path:
    """A copy of the default theme with a font folder holding ``fonts`` and ``extra`` TOML appended."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name, source in fonts.items():
        shutil.copy(source, folder / name)
    text = (templates_dir() / "theme.toml").read_text(encoding="utf-8").replace('directory = ""', 'directory = "fonts"')
    theme = tmp_path / "theme.toml"
    theme.write_text(text + extra, encoding="utf-8")
    return theme


def _system_face(key: str, sample: str) -> Path:
    found = system_fonts(key, sample)
    if not found:
        pytest.skip(f"no installed font for {key}: install fonts-noto-core (tools/install-system-packages.sh)")
    return found[0][0].path


def test_a_font_the_theme_names_comes_before_the_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arabic = _system_face("arabic", "جامعة")
    theme = load_theme(
        _theme_with(
            tmp_path,
            '\n[fonts.arabic]\nregular = "Arabic.ttf"\noffice_family = "Sakkal Majalla"\n',
            {"Arabic.ttf": arabic},
        )
    )
    for key, value in fontconfig(tmp_path / "fc").items():
        monkeypatch.setenv(key, value)  # no system font at all: the theme's must do
    chain = resolve_chain(theme, [ARABIC, DataText("Zürich", "x.csv", 2, "cluster")])
    assert [(f.key, f.regular.path.name, f.origin, f.office_family) for f in chain.fallbacks] == [
        ("arabic", "Arabic.ttf", "theme", "Sakkal Majalla")
    ]
    assert all(ord(ch) in chain.fallbacks[0].chars for ch in ARABIC.text)
    assert chain.queries == () and chain.digest == ""  # fontconfig was not asked, so nothing to recheck


def test_a_font_anywhere_in_the_theme_folder_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arabic = _system_face("arabic", "جامعة")
    theme = load_theme(_theme_with(tmp_path, "", {"SomeFont.ttf": arabic}))
    for key, value in fontconfig(tmp_path / "fc").items():
        monkeypatch.setenv(key, value)
    chain = resolve_chain(theme, [ARABIC])
    assert [(f.regular.path.name, f.origin) for f in chain.fallbacks] == [("SomeFont.ttf", "theme")]


def test_with_no_font_anywhere_each_script_gets_one_message_naming_the_cell_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in fontconfig(tmp_path / "fc").items():
        monkeypatch.setenv(key, value)
    second = DataText("서울대학교", "data/clusters.csv", 4, "top_sci_org")
    with pytest.raises(DataError) as caught:
        resolve_chain(load_theme(), [KOREAN, second, ARABIC, TITLE])
    lines = caught.value.lines()
    assert len(lines) == 2, lines
    hangul, arabic = sorted(lines)  # row 4 before row 6
    assert arabic.startswith("data/clusters.csv, row 6, column top_applicant: 'جامعة طهران' is in Arabic,")
    assert "sudo apt install fonts-noto-core" in arabic and "[fonts.arabic]" in arabic
    assert hangul.startswith(
        "data/clusters.csv, row 4, column top_applicant: '삼성전자' is in Hangul (and 2 more texts"
    )
    assert "fonts-noto-cjk" in hangul and "--allow-missing-glyphs" in hangul


def test_a_setting_is_named_by_its_key_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in fontconfig(tmp_path / "fc").items():
        monkeypatch.setenv(key, value)
    with pytest.raises(DataError) as caught:
        resolve_chain(load_theme(), [TITLE])
    assert caught.value.lines()[0].startswith("data/briefing.toml: title on line 2: '서울 브리핑' is in Hangul")


def test_allowed_missing_glyphs_are_warnings_and_printable_as_boxes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in fontconfig(tmp_path / "fc").items():
        monkeypatch.setenv(key, value)
    theme = load_theme()
    chain = resolve_chain(theme, [KOREAN], allow_missing=True)
    assert len(chain.warnings()) == 1 and "'삼성전자' is in Hangul" in chain.warnings()[0]
    assert with_fallbacks(theme, chain).missing_ok == frozenset(map(ord, "삼성전자"))
    assert chain.queries == (("cjk", "삼성전자"),) and chain.digest  # asked, so the next build asks again


def test_the_digest_changes_when_fonts_are_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arabic = _system_face("arabic", "جامعة")
    for key, value in fontconfig(tmp_path / "empty").items():
        monkeypatch.setenv(key, value)
    record = resolve_chain(load_theme(), [ARABIC], allow_missing=True).record()
    assert recheck(record) == record["system"]
    for key, value in fontconfig(tmp_path / "one", arabic.parent).items():
        monkeypatch.setenv(key, value)
    assert recheck(record) != record["system"]
    assert recheck({}) == "" and recheck({"queries": []}) == ""


def test_a_theme_script_font_must_exist_and_name_a_known_script(tmp_path: Path) -> None:
    theme = _theme_with(tmp_path, '\n[fonts.cjk]\nregular = "Missing.otf"\n\n[fonts.klingon]\nregular = "x.ttf"\n', {})
    with pytest.raises(TemplateError) as caught:
        load_theme(theme)
    message = str(caught.value)
    assert "[fonts.cjk] regular = 'Missing.otf': no such font file" in message
    assert "[fonts.klingon]: unknown script group" in message
