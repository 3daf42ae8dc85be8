# ConvNets from scratch: the two commands are `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BOOK_FLAGS ?= -W -n --keep-going

.PHONY: venv sysdeps book site release translations lint test test-fast bench clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

venv: $(STAMP)

# Regenerate the student release from the solution notebooks (solutions/): assignments/<ps>/, and the
# Korean assignments/ko/<ps>/ (the same notebooks, markdown from locales/ko/LC_MESSAGES/assignments/).
release: $(STAMP)
	$(PY) -m autograder release --all
	$(PY) -m autograder.nbgrader_glue.translated release

# The HTML book in both editions and the release: English in _build/html, Korean in _build/html/ko.
# Every cell is executed once (the Korean build reuses the execution cache); any cell error, Sphinx
# warning, untranslated or fuzzy message (catalogs not listed in locales/ko/PENDING) or missing
# Korean page fails the build.
book: sysdeps release
	$(MAKE) --no-print-directory site

# The book from the current release (`make book` releases first; `make test` too).
site: $(STAMP)
	$(VENV)/bin/jupyter-book build . $(BOOK_FLAGS)
	$(PY) book/_ext/translations.py pot
	$(PY) book/_ext/translations.py check
	$(PY) book/_ext/translations.py build-ko
	$(PY) -m autograder student-wheel --out _build/html/downloads
	mkdir -p _build/html/ko/downloads && cp _build/html/downloads/*.whl _build/html/ko/downloads/

# For translators, after the English text changed: fresh templates from the English sources, merged
# into the catalogs locales/ko/LC_MESSAGES/**.po; changed paragraphs become untranslated or fuzzy
# messages, which `make book` names by file and line until they are translated (README, "Translating").
translations: $(STAMP)
	$(PY) -m autograder release --all
	$(PY) book/_ext/translations.py pot
	$(VENV)/bin/sphinx-intl update -p _build/gettext -l ko -d locales

# System packages the book and the tests use: Debian's chromium (browser test of the book), bubblewrap
# (the grading sandbox) and fonts-noto-cjk (Hangul in the figures and on the Korean pages).
# Installed with apt when missing and we are root; otherwise say what is missing.
sysdeps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; apt-get update -q >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
	  else echo "missing system packages:$$missing (install them with apt as root)"; fi; \
	fi

# Lint (ruff, configured in pyproject.toml): part of `make test`.
lint: $(STAMP)
	$(VENV)/bin/ruff check .

# The book builds in the background (log: _build/site.log) while the tests that do not read it run:
# building is mostly one process, so the second core grades meanwhile. Then the tests of the built
# book (marker `book`). Any failure of the three fails `make test`. One BLAS thread per process, as
# in the grading sandbox: with several processes per core, OpenBLAS threads only wait for each other.
test: sysdeps lint release
	@mkdir -p _build && rm -f _build/site.rc
	@echo "make site > _build/site.log, in the background, while the tests that do not read the book run"
	@export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1; \
	($(MAKE) --no-print-directory site > _build/site.log 2>&1; echo $$? > _build/site.rc) & \
	$(PY) -m pytest -n 2 --dist loadgroup -q --durations=15 -m "not book"; tests=$$?; \
	wait; \
	if [ "$$(cat _build/site.rc 2>/dev/null)" != 0 ]; then \
	  tail -n 80 _build/site.log; echo "make site failed (the whole log: _build/site.log)"; exit 1; fi; \
	echo "the book is built; now the tests that read it"; \
	CONVNETS_REQUIRE_BROWSER=1 $(PY) -m pytest -n 2 --dist loadgroup -q --durations=5 -m book; book=$$?; \
	test $$tests = 0 && test $$book = 0

# The unit tests without building the book (quick feedback while developing).
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q -m "not browser"

bench: $(STAMP)
	$(PY) -m pip install -q -r requirements-bench.txt
	$(PY) -m benchmarks.run

clean:
	rm -rf _build .grading
