# ConvNets from scratch: the two commands are `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BOOK_FLAGS ?= -W -n --keep-going

.PHONY: venv sysdeps book release lint test test-fast bench clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

venv: $(STAMP)

# Regenerate the student release (assignments/) from the solution notebooks (solutions/).
release: $(STAMP)
	$(PY) -m autograder release --all

# The HTML book (every cell executed; any cell error or Sphinx warning fails the build) and the release.
book: release
	$(VENV)/bin/jupyter-book build . $(BOOK_FLAGS)
	$(PY) -m autograder student-wheel --out _build/html/downloads

# System packages the tests use: Debian's chromium (browser test of the book) and bubblewrap (the
# grading sandbox). Installed with apt when missing and we are root; otherwise say what is missing.
sysdeps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; apt-get update -q >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
	  else echo "missing system packages:$$missing (install them with apt as root)"; fi; \
	fi

# Lint (ruff, configured in pyproject.toml): part of `make test`.
lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: sysdeps lint book
	CONVNETS_REQUIRE_BROWSER=1 $(PY) -m pytest -n 2 --dist loadgroup -q --durations=15

# The unit tests without building the book (quick feedback while developing).
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q -m "not browser"

bench: $(STAMP)
	$(PY) -m pip install -q -r requirements-bench.txt
	$(PY) -m benchmarks.run

clean:
	rm -rf _build .grading
