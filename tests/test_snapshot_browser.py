"""The HTML snapshot as a real browser builds it: headless Chromium reads the
file, and the test checks the DOM it built and the picture it drew."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.snapshot_data import build

SECTIONS = ["headline", "good-news", "progress", "support", "spotlights", "this-month", "events",
            "news", "national", "due", "owed"]
WORDS = {"Red", "Amber", "Green", "Blue", "Grey", "Not rated"}


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing in CI; .ci/run installs Debian's chromium package")
    pytest.skip("chromium is not installed (apt-get install chromium); CI always runs this")


def run_chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


class Dom(HTMLParser):
    """Elements as Chromium serialised them: tags, section ids, rating labels."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sections: list[str] = []
        self.labels: list[str] = []
        self.text: list[str] = []
        self._label: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "section":
            self.sections.append(found.get("id") or "")
        if tag == "span" and "rag" in (found.get("class") or "").split():
            self._label = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._label is not None:
            self.labels.append("".join(self._label))
            self._label = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._label is not None:
            self._label.append(data)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) pixels of an 8-bit PNG (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@pytest.fixture
def page(sli: SliRunner, tmp_path: Path) -> Path:
    plan = build(tmp_path / "p")
    target = tmp_path / "snapshot.html"
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "html",
                 "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def test_browser_builds_the_snapshot(page: Path, tmp_path: Path) -> None:
    dom_text = run_chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    dom = Dom()
    dom.feed(dom_text)
    assert dom.sections == SECTIONS
    assert dom.labels and set(dom.labels) <= WORDS
    assert {"Red", "Green", "Blue"} <= set(dom.labels)
    # Injected markup stayed text: no element was made from it.
    assert "script" not in dom.tags and "img" not in dom.tags and "b" not in dom.tags
    text = "".join(dom.text)
    assert "<script>alert('x')</script> legal advice" in text
    assert "<img src=x onerror=alert(1)> was typed here." in text
    assert "Planning the <b>spring</b> round" in text


@pytest.mark.slow  # starts a headless browser
def test_screenshot_is_not_blank(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "snapshot.png"
    run_chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1000,1400",
                 page.as_uri())
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1000, 1400)
    channels = len(rows[0]) // width
    pixels = [row[i:i + 3] for row in rows[::4] for i in range(0, len(row), channels * 4)]
    white = sum(p == b"\xff\xff\xff" for p in pixels)
    assert white < len(pixels) * 0.97, "the page is (almost) all white"
    assert len(set(pixels)) > 50, "the page has too few colours to hold text and labels"

    def near(p: bytes, colour: tuple[int, int, int]) -> bool:
        return all(abs(a - b) < 24 for a, b in zip(p, colour, strict=True))

    every = [row[i:i + 3] for row in rows for i in range(0, len(row), channels)]
    for name, colour in [("red", (0xB3, 0x26, 0x1E)), ("green", (0x2E, 0x7D, 0x32)),
                         ("blue", (0x1F, 0x5F, 0xA8))]:
        assert sum(near(p, colour) for p in every) > 100, f"no {name} rating label drawn"


@pytest.mark.slow  # starts a headless browser
def test_email_html_keeps_its_colours_without_the_style_element(page: Path,
                                                                tmp_path: Path) -> None:
    """A mail program that drops ``<style>`` still shows coloured rating
    labels and table borders: everything that carries meaning is inline."""
    html = page.read_text(encoding="utf-8")
    start, end = html.index("<style"), html.index("</style>") + len("</style>")
    stripped = tmp_path / "stripped.html"
    stripped.write_text(html[:start] + html[end:], encoding="utf-8")
    assert "<style" not in stripped.read_text(encoding="utf-8")
    shot = tmp_path / "stripped.png"
    run_chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1000,1400",
                 stripped.as_uri())
    width, _, rows = png_pixels(shot.read_bytes())
    channels = len(rows[0]) // width
    every = [row[i:i + 3] for row in rows for i in range(0, len(row), channels)]

    def near(p: bytes, colour: tuple[int, int, int]) -> bool:
        return all(abs(a - b) < 24 for a, b in zip(p, colour, strict=True))

    for name, colour in [("red", (0xB3, 0x26, 0x1E)), ("green", (0x2E, 0x7D, 0x32)),
                         ("blue", (0x1F, 0x5F, 0xA8)), ("table border", (0xC8, 0xCC, 0xD2))]:
        assert sum(near(p, colour) for p in every) > 100, f"no {name} drawn without <style>"
