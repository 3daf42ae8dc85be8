"""The worked examples of the lecture documents, as the built book prints them (run `make book` first).

Every example is an executed cell that asserts its own numbers (the build runs with allow_errors:
false, so a wrong number fails the build). These tests check, independently, that the numbers the
notes give are what the executed notebooks printed and what the published pages show. The expected
numbers below are the lecture documents' numbers, typed here, never read from the book.
"""
from __future__ import annotations

import html
import json
import re

import pytest

# Reads the built book (`make site`): `make test` runs it after the build, in its second pytest run.
pytestmark = pytest.mark.book

# page -> regular expressions, each matched against the printed output of one cell (its stream or
# text/plain output), with any run of spaces or line breaks standing for any other such run.
EXPECTED = {
    "02_conv_layer": [
        # W = 10, F = 3, S = 2: 4.5 is not an integer, the setting is invalid.
        r"W = 10, F = 3, S = 2, P = 0: \(10 - 3 \+ 2\*0\)/2 \+ 1 = 4\.5 -> not an integer: invalid",
        # The Korean lectures' 1x1 convolution.
        r"1x1 conv: 56x56x64 with 32 filters of 1x1x64 -> 56x56x32",
        # The 760-parameter layer.
        r"10 filters of 5x5x3 with biases: \(5\*5\*3 \+ 1\) \* 10 = 760\b",
        # The shrinking chain of the Korean notes, and padding that keeps the size.
        r"no padding, 5x5 filters: 32x32x3 -> 28x28x6 -> 24x24x10\b",
        r"7x7 input with pad 1: 9x9; a 3x3 filter at stride 1 then gives 7x7\b",
    ],
    "03_im2col": [
        # The number of windows that copy one pixel of AlexNet's input runs from 1 to 9.
        r"copies per pixel range from 1 to 9\b",
        # DLFS: the 4x4 input with pad 1, as a 6x6 grid.
        r"4x4 input with pad 1 -> 6x6:\n\[\[0 0 0 0 0 0\]\n \[0 1 2 3 0 0\]\n \[0 0 1 2 3 0\]\n"
        r" \[0 3 0 1 2 0\]\n \[0 2 3 0 1 0\]\n \[0 0 0 0 0 0\]\]",
        # DLFS: (28, 31) with pad 2, stride 3, filter 5 -> 10 x 11.
        r"output: 10x11\b",
        # DLFS: im2col shapes for one 7x7x3 image and for ten.
        r"one 7x7x3 image: \(9, 75\) ten images: \(90, 75\)",
        # DLFS / ps2: the toy convolution, forward and backward.
        r"outputs of filter 0 \(ones\): \[\[9, 13\], \[21, 25\]\]",
        r"outputs of filter 1 \(twos\): \[\[17, 25\], \[41, 49\]\]",
        r"dW of each filter: \[\[8, 12\], \[20, 24\]\]",
        r"db: \[4, 4\]",
        r"dx: \[\[3, 6, 3\], \[6, 12, 6\], \[3, 6, 3\]\]",
    ],
    "05_norm_fc": [
        r"224 -> 112 -> 56 -> 28 -> 14 -> 7 \(224 / 2\*\*5 = 7; after four poolings: 14\)",
    ],
    "07_case_studies": [
        r"ResNet-152 / VGG-16: 152 / 16 = 9\.5 times as many layers",
    ],
    "09_training": [
        r"conv = first FC = 588,000 multiply-adds per image",
        r"ImageNet \(ILSVRC\) 224x224x3 150,528 1,000 1,200,000 50,000\b",
    ],
    "10_deeper_faster": [
        r"conv layer: 588,000 multiply-adds per image, \d+% of the time; "
        r"first FC layer: 588,000 multiply-adds per image, \d+% of the time",
        r"99\.38% accuracy = 0\.62% error = 62 of 10,000 test digits wrong",
        r"0\.21% error = 21 digits wrong",
        r"7 days = 168 hours; 168 / 3 = 56x faster with 100 GPUs",
        r"1 bit 589,890 parameters x 1 bits",
    ],
}

# Figures the slides state that the book quotes in its text (not computed: they are AlexNet's).
EXPECTED_TEXT = {
    "10_deeper_faster": [
        r"about 95% of its forward-pass time on a GPU and about 89% on a CPU",
        # the measured share of the chapter 9 network, set against them
        r"the conv layer took \d+% of the forward and backward time and the first FC layer \d+%",
        r"against AlexNet.s 89% on a CPU",
        r"ran \d+\.\d times as long, that is (longer than|shorter than|about as long as) the FC layer",
    ],
    "09_training": [r"588,000 per image each"],
    "07_case_studies": [r"ResNet-152, 9\.5 times deeper than VGG-16"],
}


def loose(pattern: str) -> re.Pattern:
    """A literal space in the pattern matches any run of spaces (column widths may change)."""
    return re.compile(re.sub(r"(?<!\\) ", " +", pattern))


@pytest.fixture(scope="module")
def build(root):
    path = root / "_build"
    if not (path / "html").is_dir():
        pytest.fail("the book is not built: run `make book` first", pytrace=False)
    return path


def cell_outputs(build, page: str) -> list[str]:
    """The printed output of every code cell of the executed notebook of a page."""
    nb = json.loads((build / "jupyter_execute" / "book" / f"{page}.ipynb").read_text())
    texts = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        parts = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append("".join(out["text"]))
            elif "text/plain" in out.get("data", {}):
                parts.append("".join(out["data"]["text/plain"]))
        texts.append("".join(parts))
    return texts


def page_text(build, page: str) -> str:
    raw = (build / "html" / "book" / f"{page}.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", raw)))


@pytest.mark.parametrize("page,pattern", [(p, x) for p, xs in EXPECTED.items() for x in xs])
def test_worked_example_prints_the_notes_number(build, page, pattern):
    # Line breaks count as spaces: the kernel may split one printed line into two stream chunks.
    flat = loose(re.sub(r"\\n ?", " ", pattern))
    outputs = [re.sub(r"\s+", " ", out) for out in cell_outputs(build, page)]
    assert any(flat.search(out) for out in outputs), \
        f"{page}: no executed cell printed the notes' numbers /{pattern}/"
    # and the published page shows that output
    assert flat.search(page_text(build, page)), f"{page}.html does not show /{pattern}/"


@pytest.mark.parametrize("page,pattern", [(p, x) for p, xs in EXPECTED_TEXT.items() for x in xs])
def test_quoted_figures_are_on_the_page(build, page, pattern):
    assert re.search(pattern, page_text(build, page)), f"{page}.html does not say /{pattern}/"


def test_worked_example_cells_assert_their_numbers(root):
    """Each worked-example cell checks itself, so a wrong number fails the build, not only this test."""
    needles = {
        "02_conv_layer.md": ["assert size == 4.5", "assert params == 760", "assert Y56.shape == (56, 56, 32)",
                             "assert chain == [(32, 32, 3), (28, 28, 6), (24, 24, 10)]"],
        "03_im2col.md": ["assert (OH_, OW_) == (10, 11)", "assert col1.shape == (9, 75) and col10.shape == (90, 75)",
                         "assert np.array_equal(db_toy, [4, 4])", "assert (cover.min(), cover.max()) == (1, 9)"],
        "09_training.md": ["assert conv_macs == fc1_macs == 588_000"],
        "10_deeper_faster.md": ["assert speedup == 56", "assert deep_err == 0.62",
                                "assert macs.iloc[0] == macs.iloc[3] == 588_000"],
    }
    for name, asserts in needles.items():
        source = (root / "book" / name).read_text(encoding="utf-8")
        for line in asserts:
            assert line in source, f"book/{name}: the worked example lost its check `{line}`"
