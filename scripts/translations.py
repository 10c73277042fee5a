"""Keep the Qt translation catalogues in step with the code.

    python scripts/translations.py update   # lupdate every catalogue, then lrelease
    python scripts/translations.py check    # exit 1 if a catalogue is stale or incomplete

One catalogue per UI area, so that people working on different modules never
edit the same .ts file. The app loads every ``<area>_<lang>.qm`` it finds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "cmms_desktop" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("fr",)

# area -> the UI folders whose strings it holds (files directly in them, not below)
AREAS: dict[str, list[Path]] = {
    "shell": [UI, UI / "pages" / "login", UI / "pages" / "admin"],
    "common": [UI / "widgets", UI / "models"],
    "equipment": [UI / "pages" / "equipment"],
    "sync": [UI / "pages" / "sync_issues"],
    "planning": [UI / "pages" / "planning"],
    "failures": [UI / "pages" / "failures", UI / "pages" / "technician"],
    "stock": [UI / "pages" / "stock"],
}


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(found).exists():
        raise SystemExit(f"{name} not found: install the project (.venv) first")
    return found


def _sources(area: str) -> list[str]:
    return sorted(str(p) for folder in AREAS[area] if folder.is_dir() for p in folder.glob("*.py"))


def _lupdate(area: str, ts_file: Path) -> None:
    sources = _sources(area)
    if not sources:
        return
    subprocess.run(
        [_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources, "-ts", ts_file],
        check=True,
        capture_output=True,
    )


def _lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True
    )


def _catalogues() -> list[tuple[str, str, Path]]:
    return [
        (area, lang, TRANSLATIONS / f"{area}_{lang}.ts") for area in AREAS for lang in LANGUAGES
    ]


def update() -> None:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for area, _lang, ts_file in _catalogues():
        _lupdate(area, ts_file)
        if ts_file.exists():
            _lrelease(ts_file, ts_file.with_suffix(".qm"))
    problems = incomplete()
    for problem in problems:
        print(problem)


def incomplete() -> list[str]:
    """Messages that still need a translation, as 'file: context: source' lines."""
    problems = []
    for _area, _lang, ts_file in _catalogues():
        if not ts_file.exists():
            continue
        for context in ElementTree.parse(ts_file).getroot().iter("context"):
            name = context.findtext("name")
            for message in context.iter("message"):
                translation = message.find("translation")
                numerus = translation is not None and len(translation.findall("numerusform")) > 0
                text = "" if translation is None else (translation.text or "")
                unfinished = translation is None or translation.get("type") == "unfinished"
                if unfinished or (not numerus and not text.strip()):
                    problems.append(f"{ts_file.name}: {name}: {message.findtext('source')!r}")
    return problems


def stale() -> list[str]:
    """Catalogues that lupdate would change: strings added or removed in the code."""
    changed = []
    with tempfile.TemporaryDirectory() as scratch:
        for area, _lang, ts_file in _catalogues():
            if not _sources(area):
                continue
            if not ts_file.exists():
                changed.append(f"{ts_file.name}: missing")
                continue
            copy = Path(scratch) / ts_file.name
            shutil.copy(ts_file, copy)
            _lupdate(area, copy)
            if copy.read_bytes() != ts_file.read_bytes():
                changed.append(f"{ts_file.name}: out of date with the code")
            qm = ts_file.with_suffix(".qm")
            fresh_qm = Path(scratch) / qm.name
            _lrelease(ts_file, fresh_qm)
            if not qm.exists() or qm.read_bytes() != fresh_qm.read_bytes():
                changed.append(f"{qm.name}: not rebuilt from {ts_file.name}")
    return changed


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
        return 0
    if command == "check":
        problems = stale() + incomplete()
        for problem in problems:
            print(problem)
        if problems:
            print("run: .venv/bin/python scripts/translations.py update, then translate")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
