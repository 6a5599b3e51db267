"""Making user text safe to show: each escaping function on its own."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sli_cli.core.text import (
    csv_cell,
    html_text,
    json_safe,
    md_block,
    md_inline,
    printable,
    toml_string,
)


@pytest.mark.parametrize(("typed", "shown"), [
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    ("\x9b2J", "\\x9b2J"),
    ("safe\roverwritten", "safe\\x0doverwritten"),
    ("a\x7fb\x00", "a\\x7fb\\x00"),
    ("abc\u202eevil\u202c", "abc\\u202eevil\\u202c"),
    ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
    ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
    ("Café — 日本語 שלום", "Café — 日本語 שלום"),  # right-to-left text itself is fine
])
def test_printable(typed: str, shown: str) -> None:
    assert printable(typed) == shown


def test_markdown_escapes_markup_and_entity_references() -> None:
    assert md_inline("# A | b <i>x</i> [l](u) *e* `c` R&D &lt;b&gt; &#60;") == (
        "\\# A \\| b \\<i\\>x\\</i\\> \\[l\\](u) \\*e\\* \\`c\\` R&D \\&lt;b\\&gt; \\&\\#60;")
    assert md_block("one\n\n\x1b[1m two") == "one\n\n\\\\x1b\\[1m two"


def test_html() -> None:
    assert html_text('<a href="x">\x1b</a> &amp;') == (
        "&lt;a href=&quot;x&quot;&gt;\\x1b&lt;/a&gt; &amp;amp;")


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "\\x0d=1"), ("a\x1bb", "a\\x1bb"), ("a\r\nb", "a\nb"),
    (True, "true"), (None, ""), (3, "3"), ("plain", "plain"),
])
def test_csv_cell(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


@given(st.text())
def test_json_safe_keeps_the_data(text: str) -> None:
    encoded = json_safe(json.dumps({"t": text}, ensure_ascii=False))
    assert json.loads(encoded) == {"t": text}
    assert printable(encoded.replace("\n", "")) == encoded.replace("\n", "")


@given(st.text(st.characters(exclude_categories=("Cs",))), st.booleans())
def test_toml_string_reads_back_as_the_same_text(text: str, multiline: bool) -> None:
    import tomllib

    assert tomllib.loads(f"v = {toml_string(text, multiline=multiline)}\n") == {"v": text}


def test_toml_string_is_multi_line_only_when_asked_and_plain() -> None:
    assert toml_string("a\nb") == '"a\\nb"'
    assert toml_string("a\nb", multiline=True) == '"""\na\nb"""'
    assert toml_string('a\nsay "hi"', multiline=True) == '"a\\nsay \\"hi\\""'
    assert toml_string("del\x7f") == '"del\\u007f"'
