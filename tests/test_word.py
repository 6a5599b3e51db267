"""Word output (``--format docx``) of the snapshot and the annual report:
read back with python-docx, and opened by LibreOffice headless (converted to
PDF, its pages and text checked) when LibreOffice is installed, always in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.snapshot_data import build

docx = pytest.importorskip("docx")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build(tmp_path / "p")


def write(sli: SliRunner, tmp_path: Path, name: str, *argv: str) -> Path:
    target = tmp_path / name
    result = sli(*argv, "-f", "docx", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    return target


def fill(cell: object) -> str | None:
    from docx.oxml.ns import qn

    tc_pr = cell._tc.tcPr  # type: ignore[attr-defined]
    shd = tc_pr.find(qn("w:shd")) if tc_pr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def test_snapshot_word_has_headings_coloured_ratings_and_a4(sli: SliRunner, plan: Path,
                                                           tmp_path: Path) -> None:
    path = write(sli, tmp_path, "november.docx", "snapshot", "--plan", str(plan),
                 "--month", "2023-11")
    word = docx.Document(str(path))
    headings = [(p.style.name, p.text) for p in word.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "South West SLI snapshot: November 2023")
    assert [t for s, t in headings if s == "Heading 2"] == [
        "The month at a glance", "Good news", "Progress against the plan",
        "Where support is needed", "Quality improvement projects", "Events in November 2023",
        "Coming up", "Regional news", "ADPH and national updates", "Due in December 2023",
        "For the co-ordinator: what is owed"]
    assert ("Heading 3", "Bereavement support") in headings
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # The banner is the first table; rating cells carry their word on their colour.
    assert word.tables[0].rows[0].cells[0].text.startswith("Internal: not for circulation")
    cells = [(c.text, fill(c)) for t in word.tables[1:] for r in t.rows for c in r.cells]
    assert ("Green", "2E7D32") in cells and ("Blue", "1F5FA8") in cells
    assert ("Red", "B3261E") in cells
    # User text is text: the typed markup is there as typed.
    text = "\n".join(p.text for p in word.paragraphs)
    assert "<script>alert('x')</script> legal advice" in text


def test_public_word_has_no_banner_and_is_the_same_bytes_each_time(
        sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    argv = ("snapshot", "--plan", str(plan), "--month", "2023-11", "--public")
    first = write(sli, tmp_path, "a.docx", *argv).read_bytes()
    second = write(sli, tmp_path, "b.docx", *argv).read_bytes()
    assert first == second
    word = docx.Document(str(tmp_path / "a.docx"))
    assert all("not for circulation" not in c.text for t in word.tables
               for r in t.rows for c in r.cells)
    assert word.core_properties.title == "South West SLI snapshot: November 2023"
    with zipfile.ZipFile(tmp_path / "a.docx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_word_needs_a_file(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "docx")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "sli: --format docx writes a Word file: give it a name with -o FILE\n"


def test_report_word(sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    path = write(sli, tmp_path, "report.docx", "report", "--plan", str(plan),
                 "--year", "2023/24")
    word = docx.Document(str(path))
    assert word.paragraphs[0].style.name == "Heading 1"
    assert word.paragraphs[0].text == "South West SLI annual report 2023/24"
    fills = {fill(c) for t in word.tables for r in t.rows for c in r.cells}
    assert {"B3261E", "2E7D32", "1F5FA8"} <= fills


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice is missing in CI; .ci/run installs libreoffice-writer-nogui")
    pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


def to_pdf(path: Path, tmp_path: Path) -> tuple[int, str]:
    """Convert with LibreOffice headless; the PDF's page count and text."""
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, text=True, timeout=180, check=True,
                   env={**os.environ, "HOME": str(tmp_path)})
    pdf = path.with_suffix(".pdf")
    assert pdf.exists(), "LibreOffice did not convert the file"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return pages, text


@pytest.mark.slow  # starts LibreOffice
def test_libreoffice_opens_the_snapshot_and_the_report(sli: SliRunner, plan: Path,
                                                       tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None:
        if os.environ.get("CI"):
            pytest.fail("pdfinfo is missing in CI; .ci/run installs poppler-utils")
        pytest.skip("poppler-utils is not installed")
    snapshot = write(sli, tmp_path, "snapshot.docx", "snapshot", "--plan", str(plan),
                     "--month", "2023-11")
    pages, text = to_pdf(snapshot, tmp_path)
    assert 1 <= pages <= 4, pages
    words = " ".join(text.split())
    for expected in ["South West SLI snapshot: November 2023", "Internal: not for circulation",
                     "Where support is needed", "Youth vaping", "Red",
                     "<script>alert('x')</script> legal advice"]:
        assert expected in words, expected
    report = write(sli, tmp_path, "report.docx", "report", "--plan", str(plan),
                   "--year", "2023/24")
    pages, text = to_pdf(report, tmp_path)
    assert 1 <= pages <= 4, pages
    assert "South West SLI annual report 2023/24" in " ".join(text.split())
