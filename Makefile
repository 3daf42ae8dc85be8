# ConvNets from scratch: the two commands are `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BOOK_FLAGS ?= -W -n --keep-going

.PHONY: venv book release test test-fast bench clean

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
	$(PY) -m autograder student-wheel --out _build/html/_downloads/convnets

test: book
	$(PY) -m pytest -n 2 -q

# The unit tests without building the book (quick feedback while developing).
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 -q -m "not browser"

bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf _build .grading
