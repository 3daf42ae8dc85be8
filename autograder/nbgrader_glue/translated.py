"""The Korean release (assignments/ko/<ps>/) and the message catalogs' checks.

One source, two languages. ``assignments/ko/<ps>/<notebook>.ipynb`` is the English release notebook
(assignments/<ps>/, made by release.py from solutions/) with the markdown of its markdown cells
translated from the catalog ``locales/ko/LC_MESSAGES/assignments/<ps>.po``. Every code cell, every
cell id, all cell metadata and the notebook's metadata are the English release's, unchanged: the
same command grades it, with the same tests.

**Messages.** A markdown cell is split into blocks at blank lines (a fenced code block is one block,
its blank lines included). Each block with words to translate is one message whose msgid is the
block's markdown exactly: math, code spans and links stay verbatim for the translator to keep. A
block with nothing to translate (a fenced code block, display math alone, symbols, numbers,
capitalised names such as ``CONV``: see ``needs_translation``) is copied as it is. The messages
come from the English *release* notebook, never from solutions/: a catalog can hold nothing the
students may not see.

**Templates.** ``write_pot(ps, english, folder)`` writes ``<folder>/assignments/<ps>.pot``, each
message located at ``assignments/<ps>/<notebook>.ipynb:<line>`` (the line of the notebook file
where its block starts). ``make translations`` merges it into the .po with sphinx-intl, exactly as
the book's pages (book/_ext/translations.py makes those templates).

**Checks.** ``catalog_problems`` compares a template with its .po: every message that needs a
translation must be in the .po, translated and not fuzzy. A problem names the English source's
file and line. A catalog listed in ``locales/ko/PENDING`` (translation under way) is reported but
does not stop a build: its untranslated messages stay English. ``release_korean`` refuses to
write a notebook with a problem in a catalog that is not pending.

Command line: ``python -m autograder.nbgrader_glue.translated release [PS ...]`` (all by default)
and ``python -m autograder.nbgrader_glue.translated pot FOLDER``.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..course import RELEASE, ROOT, assignments, source_notebook
from ..errors import GradingError
from .release import publish

LANGUAGE = "ko"
LOCALES = ROOT / "locales" / LANGUAGE / "LC_MESSAGES"
PENDING = ROOT / "locales" / LANGUAGE / "PENDING"
KOREAN_RELEASE = RELEASE / LANGUAGE
PROJECT = "ConvNets from scratch"

# Text that is never translated: code spans, math, the names of MyST roles ({ko}, {glue:text}) and TeX
# commands (a display formula is a message of its own).
_VERBATIM = re.compile(r"`[^`]*`|\$\$.*?\$\$|\$[^$\n]*\$|\{[A-Za-z][\w:-]*\}|\\[A-Za-z]+", re.S)
_WORD = re.compile(r"[A-Za-z]+")


def needs_translation(msgid: str) -> bool:
    """True when the text has, outside code spans, math and role names, a word of two or more
    letters with a lowercase one: "Answer" does, "0", "N", "CONV", "`x.shape`" and "$O$" do not
    (they read the same in Korean, and an empty translation shows them as they are)."""
    text = _VERBATIM.sub(" ", msgid)
    return any(len(w) >= 2 and not w.isupper() for w in _WORD.findall(text))


# ---------------------------------------------------------------------------------------------
# Catalogs and their checks (the book's pages and the notebooks alike)
# ---------------------------------------------------------------------------------------------


def pending() -> list[str]:
    """The catalogs (``book/02_conv_layer``, ``assignments/ps1``) whose translation is under way:
    the lines of locales/ko/PENDING, without comments (#) and blank lines."""
    if not PENDING.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in PENDING.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def shown(path: Path) -> str:
    """A path as messages show it: relative to the repository when inside it."""
    path = Path(path)
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def read_catalog(path: Path) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f, locale=LANGUAGE if path.suffix == ".po" else None)


def po_path(name: str) -> Path:
    """The .po of catalog ``name`` (``book/01_architecture``, ``assignments/ps1``)."""
    return LOCALES / f"{name}.po"


@dataclass(frozen=True)
class Problem:
    where: str          # the English source: "book/01_architecture.md:42"
    kind: str           # "untranslated", "fuzzy", "not in the catalog", "no catalog"
    msgid: str
    catalog: str        # "book/01_architecture"

    def __str__(self) -> str:
        text = " ".join(self.msgid.split())
        text = text if len(text) <= 70 else text[:67] + "..."
        return f"{self.where}: {self.kind} in {shown(po_path(self.catalog))}: {text!r}"


def location(message) -> str:
    """Where the message's English is: "file:line" (the first location that has a line; Sphinx gives
    table cells none)."""
    if not message.locations:
        return "(no location)"
    file, line = next(((f, n) for f, n in message.locations if n), message.locations[0])
    return f"{file}:{line}" if line else str(file)


def catalog_problems(template: Catalog, name: str, po: Catalog | None = None) -> list[Problem]:
    """What stops catalog ``name`` from translating every message of ``template`` (a fresh .pot):
    a message that needs a translation and is missing from the .po, untranslated, or fuzzy."""
    if po is None:
        path = po_path(name)
        if not path.is_file():
            first = next((m for m in template if m.id and needs_translation(m.id)), None)
            if first is None:
                return []
            return [Problem(location(first), "no catalog (run `make translations`)", first.id, name)]
        po = read_catalog(path)
    problems = []
    for message in template:
        if not message.id or not needs_translation(message.id):
            continue
        found = po.get(message.id, context=message.context)
        if found is None:
            kind = "not in the catalog (run `make translations`)"
        elif found.fuzzy:
            kind = "fuzzy (check the translation, then delete the '#, fuzzy' line)"
        elif not found.string:
            kind = "untranslated"
        else:
            continue
        problems.append(Problem(location(message), kind, message.id, name))
    return problems


# ---------------------------------------------------------------------------------------------
# Notebooks: markdown blocks, their template, their translation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    start: int          # first line (index into the cell's lines)
    end: int            # one past the last line
    text: str

    @property
    def translatable(self) -> bool:
        stripped = self.text.strip()
        if stripped.startswith(("```", "~~~", "<!--")):
            return False
        if stripped.startswith("$$") and stripped.endswith("$$"):
            return False
        return needs_translation(self.text)


def blocks(markdown: str) -> list[Block]:
    """The blocks of a markdown cell: runs of non-blank lines; a fenced code block is one block."""
    lines = markdown.split("\n")
    found, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start, fence = i, None
        while i < len(lines) and (fence or lines[i].strip()):
            stripped = lines[i].strip()
            if fence and stripped.startswith(fence):
                fence = None
            elif not fence and stripped.startswith(("```", "~~~")):
                fence = stripped[:3]
            i += 1
        found.append(Block(start, i, "\n".join(lines[start:i])))
    return found


def _source_lines(path: Path) -> dict[str, int]:
    """cell id -> the 1-based line of the notebook file where that cell's first source line is
    (nbformat writes one source line per file line)."""
    raw = path.read_text(encoding="utf-8").split("\n")
    nb = json.loads("\n".join(raw))
    where, at = {}, 0
    for cell in nb["cells"]:
        marker = f'"id": {json.dumps(cell.get("id", ""), ensure_ascii=False)},'
        while at < len(raw) and raw[at].strip() != marker:
            at += 1
        while at < len(raw) and not raw[at].strip().startswith('"source"'):
            at += 1
        where[cell.get("id", "")] = at + 2 if raw[at].strip().endswith("[") else at + 1
    return where


def notebook_messages(path: Path, display: str):
    """(msgid, (file, line)) of every translatable block of the notebook at ``path``, in order;
    ``display`` is the file name the locations give."""
    lines = _source_lines(path)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        first = lines.get(cell.get("id", ""), 1)
        for block in blocks(cell.source):
            if block.translatable:
                yield block.text, (display, first + block.start)


def release_notebook(english: Path, ps: str) -> Path:
    return Path(english) / source_notebook(ps).name


def display_name(ps: str) -> str:
    return f"assignments/{ps}/{source_notebook(ps).name}"


def header_comment(source: str) -> str:
    """The comment at the top of a template (and so of the catalog sphinx-intl makes from it)."""
    return (f"# 한국어판: the Korean translation of {source}.\n"
            "# Made and updated by `make translations`; README, \"Translating\", says how.")


def notebook_template(ps: str, english: Path = RELEASE) -> Catalog:
    """The template catalog of assignment ``ps``, from its English release under ``english``."""
    template = Catalog(project=PROJECT, version="", fuzzy=False, header_comment=header_comment(display_name(ps)))
    for msgid, where in notebook_messages(release_notebook(Path(english) / ps, ps), display_name(ps)):
        template.add(msgid, locations=[where])
    return template


def write_pot(ps: str, folder: Path, english: Path = RELEASE) -> Path:
    """<folder>/assignments/<ps>.pot (the template that `make translations` merges into the .po)."""
    target = Path(folder) / "assignments" / f"{ps}.pot"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as f:
        write_po(f, notebook_template(ps, english), width=76, omit_header=False)
    return target


def translate_notebook(nb, po: Catalog | None):
    """The notebook with every translatable markdown block replaced by its translation (in place;
    blocks without one stay English). Code cells, ids and metadata are not touched."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.split("\n")
        for block in reversed(blocks(cell.source)):
            found = po.get(block.text) if (po is not None and block.translatable) else None
            if found is not None and found.string and not found.fuzzy:
                lines[block.start:block.end] = found.string.split("\n")
        cell.source = "\n".join(lines)
    return nb


def release_korean(ps: str, english: Path = RELEASE, dest: Path = KOREAN_RELEASE) -> Path:
    """Write ``dest/<ps>/``: the English release ``english/<ps>/`` with its markdown translated.

    Refuses (GradingError naming the English file and line of each message) when the catalog is
    incomplete and not listed in locales/ko/PENDING; a pending catalog is released with its
    untranslated blocks in English and a notice on stderr."""
    name = f"assignments/{ps}"
    source_dir = Path(english) / ps
    template = notebook_template(ps, english)
    path = po_path(name)
    po = read_catalog(path) if path.is_file() else None
    problems = catalog_problems(template, name, po)
    if problems and name not in pending():
        raise GradingError(f"refusing to release {KOREAN_RELEASE.name}/{ps}: {len(problems)} message(s) of "
                           f"{shown(path)} not ready (translate them, or list {name} in "
                           f"{shown(PENDING)} while the translation is under way):\n"
                           + "\n".join(f"  {p}" for p in problems))
    if problems:
        print(f"PENDING {name}: {len(problems)} of {len(template)} messages not translated yet "
              f"(English in assignments/ko/{ps})", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ps
        shutil.copytree(source_dir, out)
        notebook = release_notebook(out, ps)
        nb = nbformat.read(notebook, as_version=4)
        nbformat.write(translate_notebook(nb, po), notebook)
        return publish(out, Path(dest) / ps)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.nbgrader_glue.translated")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("release", help="regenerate assignments/ko/<ps>/ from assignments/<ps>/")
    p.add_argument("ps", nargs="*", help="assignments (default: all)")
    p = sub.add_parser("pot", help="write FOLDER/assignments/<ps>.pot for every assignment")
    p.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "release":
            for ps in args.ps or assignments():
                print(f"released {shown(release_korean(ps))}")
        else:
            for ps in assignments():
                print(f"wrote {write_pot(ps, args.folder)}")
    except GradingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
