"""sli site: the static website, crawled from index.html as a browser builds
each page, built twice to the same bytes, and public without a trace of
internal items."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import SliRunner
from tests.helpers import tree
from tests.snapshot_data import build
from tests.test_snapshot_browser import png_pixels, run_chromium

# Slow: builds whole websites.
pytestmark = pytest.mark.slow

INTERNAL = ["Trading standards capacity.", "Planning the", "Trust funding paused",
            "not for circulation"]


class Page(HTMLParser):
    """Links, headings, resources and text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.requests: list[str] = []
        self.headings: list[int] = []
        self.title = ""
        self.th = 0
        self.tables = 0
        self.text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        elif found.get("src") or (tag == "link" and found.get("href")):
            self.requests.append(found.get("src") or found.get("href") or "")
        if tag in ("script", "iframe", "object", "embed", "img"):
            self.requests.append(tag)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        self.th += tag == "th"
        self.tables += tag == "table"
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)


def build_site(sli: SliRunner, plan: Path, target: Path, *extra: str) -> Path:
    result = sli("site", "--plan", str(plan), "-o", str(target), *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return target


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build(tmp_path / "p")


@pytest.mark.slow
def test_browser_crawls_the_site_from_its_index(sli: SliRunner, plan: Path,
                                                tmp_path: Path) -> None:
    site = build_site(sli, plan, tmp_path / "site")
    seen: dict[Path, Page] = {}
    queue = [site / "index.html"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        assert path.is_file(), f"a link leads to {path.relative_to(site)}, which is missing"
        if path.suffix != ".html":
            seen[path] = Page()
            continue
        page = Page()
        page.feed(run_chromium(tmp_path / "profile", "--dump-dom", path.as_uri()).stdout)
        seen[path] = page
        name = path.relative_to(site).as_posix()
        assert page.title.strip(), f"{name} has no title"
        assert page.headings[:1] == [1] and page.headings.count(1) == 1, name
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{name}: h{before} is followed by h{after}"
        assert page.requests == [], f"{name} requests {page.requests}"
        assert page.th >= page.tables, f"{name} has a table without headers"
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), href
            queue.append((path.parent / parts.path).resolve())
    crawled = {p.relative_to(site.resolve() if p.is_absolute() else site).as_posix()
               for p in (x.resolve() for x in seen)}
    written = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert crawled == written, written - crawled  # every file is reachable from the index
    assert {"index.html", "history.html", "priorities/P1.html", "objectives/KO3.html",
            "snapshots/index.html", "snapshots/2023-11.html",
            "snapshots/sli-snapshot-2023-11.docx", "snapshots/sli-snapshot-2023-11.md",
            "snapshots/sli-snapshot-2023-11.html"} <= written


def test_archive_lists_months_with_meetings_newest_first(sli: SliRunner, plan: Path,
                                                         tmp_path: Path) -> None:
    site = build_site(sli, plan, tmp_path / "site")
    page = Page()
    page.feed((site / "snapshots" / "index.html").read_text(encoding="utf-8"))
    months = [link for link in page.links if link[:4].isdigit()]
    assert months == ["2023-11.html", "2023-09.html"]


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.html", "snapshots/2023-11.html", "history.html"])
def test_screenshots_are_not_blank(sli: SliRunner, plan: Path, tmp_path: Path,
                                   page: str) -> None:
    site = build_site(sli, plan, tmp_path / "site")
    shot = tmp_path / "page.png"
    run_chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1000,1200",
                 (site / page).as_uri())
    width, _, rows = png_pixels(shot.read_bytes())
    channels = len(rows[0]) // width
    pixels = [row[i:i + 3] for row in rows[::4] for i in range(0, len(row), channels * 4)]
    assert sum(p == b"\xff\xff\xff" for p in pixels) < len(pixels) * 0.97
    assert len(set(pixels)) > 30


def test_the_same_plan_gives_the_same_bytes(sli: SliRunner, plan: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = tree(build_site(sli, plan, tmp_path / "one"))
    monkeypatch.setenv("SLI_TODAY", "2024-02-10")  # another day changes nothing
    second = tree(build_site(sli, plan, tmp_path / "two"))
    assert first == second
    again = sli("site", "--plan", str(plan), "-o", str(tmp_path / "one"), "--force")
    assert again.exit_code == 0 and "(0 changed)" in again.stderr


def test_public_site_has_nothing_internal_and_says_nothing_of_it(
        sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    site = build_site(sli, plan, tmp_path / "site", "--public")
    for path in site.rglob("*"):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                text = archive.read("word/document.xml").decode("utf-8")
        elif path.is_file():
            text = path.read_text(encoding="utf-8")
        else:
            continue
        # "The details are internal to the network" stands in for withheld narrative.
        text = text.replace("The details are internal to the network.", "")
        for secret in [*INTERNAL, "internal", "Internal"]:
            assert secret not in text, (path.relative_to(site), secret)
    full = build_site(sli, plan, tmp_path / "full")
    index = (full / "index.html").read_text(encoding="utf-8")
    assert "Internal: not for circulation" in index


def test_site_folder_rules(sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("keep\n", encoding="utf-8")
    before = tree(busy)
    result = sli("site", "--plan", str(plan), "-o", str(busy))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("busy is not empty; nothing was written (add --force to "
                                  "write the site's files over it)\n")
    assert tree(busy) == before
    inside = sli("site", "--plan", str(plan), "-o", str(plan / "site"))
    assert inside.exit_code == 2 and "inside the plan folder" in inside.stderr
    assert not (plan / "site").exists()
    forced = sli("site", "--plan", str(plan), "-o", str(busy), "--force")
    assert forced.exit_code == 0
    assert (busy / "mine.txt").read_text(encoding="utf-8") == "keep\n"
    assert (busy / "index.html").is_file()
