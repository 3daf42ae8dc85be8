"""The Korean edition's build steps (run by `make book` and `make translations`; see README, "Translating").

    python book/_ext/translations.py pot       # fresh templates: _build/gettext/{book,assignments}/*.pot
    python book/_ext/translations.py check     # the guard: every message translated (or its catalog pending)
    python book/_ext/translations.py build-ko  # the Korean HTML edition, into _build/html/ko/

* ``pot`` runs Sphinx's gettext builder (through jupyter-book, on the same sources and _config.yml,
  with the shared execution cache: nothing is executed) and writes one template per page under
  _build/gettext/book/, each message located at its English source's ``file:line``; then one template
  per assignment (the markdown of the English release notebooks) under _build/gettext/assignments/.
  ``sphinx-intl update -p _build/gettext -l ko -d locales`` (`make translations`) merges them into
  the catalogs locales/ko/LC_MESSAGES/**.po.
* ``check`` compares every fresh template with its catalog and fails, naming the English file and
  line, for each message that is untranslated, fuzzy or not in the catalog at all (an English
  paragraph changed since the last ``make translations``), and for a catalog that does not exist.
  Catalogs listed in locales/ko/PENDING (translation under way) are reported, loudly, and let through.
* ``build-ko`` builds the Korean edition with _config.yml merged with _config.ko.yml (``language:
  ko`` and the catalogs), into _build/ko/, and copies its HTML to _build/html/ko/. It fails if that
  build executed any notebook (it must find every chapter in the execution cache the English build
  filled: same code, same outputs, same figures) or if a page of the English edition has no Korean
  counterpart.
"""
from __future__ import annotations

import argparse
import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from autograder.course import assignments  # noqa: E402
from autograder.nbgrader_glue import translated  # noqa: E402

BUILD = ROOT / "_build"
TEMPLATES = BUILD / "gettext"                 # the fresh .pot files (what sphinx-intl reads)
SITE = BUILD / "html"                         # the English edition; the Korean one in SITE/ko
KOREAN = BUILD / "ko"                         # the Korean build's own folder
GETTEXT_RUN = BUILD / "i18n"                  # the gettext build's own folder
CONFIG, KOREAN_CONFIG = ROOT / "_config.yml", ROOT / "_config.ko.yml"
BOOK_FLAGS = ["-W", "-n", "--keep-going"]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
NOT_PAGES = ("_static/", "_sources/", "_images/", "_downloads/", "downloads/", "ko/")
# Catalogs that translate no page: sphinx.po, the page furniture (theme and Sphinx texts).
UI_CATALOGS = {"sphinx"}


def merged_config(overlay: dict, dest: Path, source: Path = ROOT) -> Path:
    """``source``/_config.yml with ``overlay`` merged over it (dicts merged, anything else replaced),
    written to ``dest``. The local extensions' folders become absolute: jupyter-book reads them
    relative to the config file, which now lives elsewhere."""
    def merge(base, extra):
        for key, value in extra.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                merge(base[key], value)
            else:
                base[key] = copy.deepcopy(value)
        return base

    config = merge(yaml.safe_load((source / CONFIG.name).read_text(encoding="utf-8")), overlay)
    local = config.get("sphinx", {}).get("local_extensions") or {}
    for name, folder in local.items():
        local[name] = str((source / folder).resolve())
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def jupyter_book(config: Path, output: Path, *extra: str, source: Path = ROOT) -> str:
    """Run jupyter-book on ``source`` with ``config``; echo and return its output."""
    command = [str(JUPYTER_BOOK), "build", str(source), "--config", str(config), "--path-output", str(output),
               *BOOK_FLAGS, *extra]
    proc = subprocess.Popen(command, cwd=source, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        sys.stdout.write(line)
        lines.append(line)
    if proc.wait() != 0:
        raise SystemExit(f"jupyter-book failed (exit {proc.returncode}): {' '.join(command)}")
    return "".join(lines)


# ---------------------------------------------------------------------------------------------
# pot
# ---------------------------------------------------------------------------------------------


def make_templates(source: Path = ROOT, run: Path = GETTEXT_RUN, out: Path = TEMPLATES,
                   notebooks: bool = True) -> list[Path]:
    """The templates of every page of the book at ``source`` (and of every assignment), fresh, under
    ``out`` (default _build/gettext/), made by Sphinx's gettext builder in the folder ``run``."""
    config = merged_config({}, run / "_config.yml", source)
    raw = run / "_build" / "gettext"
    for stale in raw.rglob("*.pot"):        # the builder rewrites every page's template, never removes one
        stale.unlink()
    jupyter_book(config, run, "--builder", "custom", "--custom-builder", "gettext", source=source)
    if out.exists():
        shutil.rmtree(out)
    written = []
    for pot in sorted(raw.rglob("*.pot")):
        name = pot.relative_to(raw)
        catalog = translated.read_catalog(pot)
        catalog.project, catalog.version = translated.PROJECT, ""
        catalog.header_comment = translated.header_comment(f"{name.with_suffix('.md').as_posix()}")
        for message in catalog:          # "../../../book/x.md" (relative to the builder's folder) -> "book/x.md"
            message.locations = [(_relative(raw, file, source), line) for file, line in message.locations]
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as f:
            write_po(f, catalog, width=76)
        written.append(target)
    if notebooks:
        written += [translated.write_pot(ps, out) for ps in assignments()]
    return written


def _relative(folder: Path, file: str, source: Path) -> str:
    path = (folder / file).resolve()
    return path.relative_to(source.resolve()).as_posix() if path.is_relative_to(source.resolve()) else file


# ---------------------------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------------------------


def check() -> int:
    """The guard. 0: every catalog complete (or pending); 1: problems, each named by file:line."""
    templates = sorted(TEMPLATES.rglob("*.pot"))
    if not templates:
        print(f"no templates in {TEMPLATES.relative_to(ROOT)}: run `python book/_ext/translations.py pot`")
        return 1
    names = [t.relative_to(TEMPLATES).with_suffix("").as_posix() for t in templates]
    pending = translated.pending()
    errors = [f"{translated.PENDING.relative_to(ROOT)}: {name!r} is no catalog of the book or the assignments"
              for name in pending if name not in names]
    complete, waiting = [], []
    for name, template in zip(names, templates):
        catalog = translated.read_catalog(template)
        problems = translated.catalog_problems(catalog, name)
        total = sum(1 for m in catalog if m.id and translated.needs_translation(m.id))
        if not problems:
            complete.append(name)
            if name in pending:
                print(f"note: {name} is complete: remove it from {translated.PENDING.relative_to(ROOT)}")
        elif name in pending:
            waiting.append(f"  PENDING {name}: {len(problems)} of {total} messages to translate")
        else:
            errors += [str(p) for p in problems]
    orphans = sorted(p.relative_to(translated.LOCALES).with_suffix("").as_posix()
                     for p in translated.LOCALES.rglob("*.po")
                     if p.relative_to(translated.LOCALES).with_suffix("").as_posix() not in {*names, *UI_CATALOGS})
    for name in orphans:
        print(f"note: {translated.po_path(name).relative_to(ROOT)} translates no page any more (delete it?)")
    print(f"translations (ko): {len(complete)} of {len(names)} catalogs complete")
    if waiting:
        print(f"!! {len(waiting)} catalogs PENDING (listed in {translated.PENDING.relative_to(ROOT)}; "
              "their untranslated text stays English):")
        print("\n".join(waiting))
    if errors:
        print(f"\nThe Korean edition is not ready: {len(errors)} problem(s). After changing English text, run "
              "`make translations`, translate, then `make book` (README, \"Translating\").")
        print("\n".join(errors))
        return 1
    return 0


# ---------------------------------------------------------------------------------------------
# build-ko
# ---------------------------------------------------------------------------------------------


def pages(site: Path) -> set[str]:
    """The HTML pages of an edition (not its static files, not the other edition under ko/)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if not p.relative_to(site).as_posix().startswith(NOT_PAGES)}


def missing_pages(english: Path, korean: Path) -> list[str]:
    """Pages of the English edition that the Korean edition lacks."""
    return sorted(pages(english) - pages(korean))


def build_korean() -> Path:
    overlay = yaml.safe_load(KOREAN_CONFIG.read_text(encoding="utf-8"))
    config = merged_config(overlay, KOREAN / "_config.yml")
    log = jupyter_book(config, KOREAN)
    (KOREAN / "build.log").write_text(log, encoding="utf-8")
    executed = sorted(set(re.findall(r"(\S+\.md): Executing notebook", log)))
    if executed:
        raise SystemExit("the Korean build executed " + ", ".join(executed) + ": it must reuse the English "
                         "build's execution cache (build the English edition first; same code, same cache)")
    built = KOREAN / "_build" / "html"
    target = SITE / "ko"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(built, target)
    missing = missing_pages(SITE, target)
    if missing:
        raise SystemExit(f"Korean pages missing from {target.relative_to(ROOT)}/ (built from the same sources "
                         "as the English edition): " + ", ".join(missing))
    print(f"Korean edition: {target.relative_to(ROOT)}/ ({len(pages(target))} pages)")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python book/_ext/translations.py", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["pot", "check", "build-ko"])
    args = parser.parse_args(argv)
    if args.command == "pot":
        for path in make_templates():
            print(f"template {path.relative_to(ROOT)}")
        return 0
    if args.command == "check":
        return check()
    build_korean()
    return 0


if __name__ == "__main__":
    sys.exit(main())
