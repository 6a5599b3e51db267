"""sli edition: the foreword and highlights of a month's snapshot, and the
record that it was sent; each change a new version file that amends the one
before."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, REPO, tree
from tests.snapshot_data import build


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-12-04")
    return build(tmp_path / "p")


def versions(plan: Path, month: str) -> list[Path]:
    """The edition files of ``month``, each named by its uid."""
    found = sorted((plan / "snapshots").glob(f"{month}.*.toml"))
    assert all(re.fullmatch(rf"{month}\.[a-z2-9]{{8}}\.toml", p.name) for p in found), found
    return found


def test_write_with_flags_then_sent(sli: SliRunner, plan: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    result = sli("edition", "write", "--plan", str(plan), "--month", "2023-11",
                 "--foreword", "A good month: <b>two</b> objectives moved.",
                 "--highlight", "Bereavement service live everywhere",
                 "--highlight", "Data shared in all five areas")
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    [first_file] = versions(plan, "2023-11")
    assert result.stderr == ("Wrote the edition of November 2023 (version 1) in "
                             f"{first_file.relative_to(plan.parent).as_posix()}\n")
    first = first_file.read_text(encoding="utf-8")
    assert 'foreword = "A good month: <b>two</b> objectives moved."' in first
    assert "schema_version = 2" in first and "amends" not in first
    uid = re.search(r'uid = "(\w+)"', first)
    assert uid is not None and first_file.name == f"2023-11.{uid.group(1)}.toml"
    monkeypatch.setenv("SLI_TODAY", "2023-12-06")
    sent = sli("edition", "sent", "--plan", str(plan), "--month", "Nov 2023",
               "--to", "DsPH in the South West", "--to", "SW SLI network list")
    assert sent.exit_code == 0, sent.stderr
    assert sent.stderr == ("Recorded the November 2023 snapshot as sent on Wed 6 December "
                           "2023 (2023-12-06) to DsPH in the South West; SW SLI network list\n")
    # The first version is kept as it was; the second amends it and carries
    # the foreword on.
    assert first_file.read_text(encoding="utf-8") == first
    [second_file] = [p for p in versions(plan, "2023-11") if p != first_file]
    second = second_file.read_text(encoding="utf-8")
    assert f'amends = [\n    "{uid.group(1)}",\n]' in second
    assert "version = 2" in second and "sent = 2023-12-06" in second
    assert 'foreword = "A good month' in second
    assert 'circulation = [\n    "DsPH in the South West",\n    "SW SLI network list",\n]' \
        in second

    md = sli("snapshot", "--plan", str(plan), "--month", "2023-11").stdout
    assert md.split("## The month at a glance")[0].endswith(textwrap.dedent("""\
        Tiny SLI Plan: the position at 30 November 2023 (2023/24 Q3).

        Sent on 6 December 2023 to DsPH in the South West; SW SLI network list.

        ## Foreword

        A good month: \\<b\\>two\\</b\\> objectives moved.

        — DPH, Wiltshire (SLI lead)

        ## Highlights

        - Bereavement service live everywhere
        - Data shared in all five areas

        """))
    public = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "--public").stdout
    assert "## Foreword" in public and "Sent on" not in public
    assert "DsPH in the South West" not in public
    html = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "html").stdout
    assert "A good month: &lt;b&gt;two&lt;/b&gt; objectives moved." in html
    text = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "text").stdout
    assert text.index("Foreword") < text.index("A good month: <b>two</b>") \
        < text.index("- Data shared in all five areas") < text.index("The month at a glance")
    # Another month's snapshot has no foreword.
    october = sli("snapshot", "--plan", str(plan), "--month", "2023-10").stdout
    assert "Foreword" not in october and "Sent on" not in october
    assert sli("check", "--plan", str(plan)).exit_code == 0


def test_the_word_file_has_the_foreword_first(sli: SliRunner, plan: Path,
                                              tmp_path: Path) -> None:
    import docx  # type: ignore[import-untyped]

    assert sli("edition", "write", "--plan", str(plan), "--month", "2023-11",
               "--foreword", "Words from the lead.", "--highlight", "One").exit_code == 0
    target = tmp_path / "s.docx"
    assert sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "docx",
               "-o", str(target)).exit_code == 0
    paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
    headings = [p.text for p in docx.Document(str(target)).paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[1:4] == ["Foreword", "Highlights", "The month at a glance"]
    assert "Words from the lead." in paragraphs and "One" in paragraphs


def test_write_in_the_editor(sli: SliRunner, plan: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "editor.py"
    script.write_text(textwrap.dedent("""\
        import sys
        path = sys.argv[1]
        text = open(path, encoding="utf-8").read()
        assert "# The foreword of the November 2023 snapshot" in text
        form = text.replace("\\n\\n# ---", "Written in the editor.\\n\\n# ---", 1)
        open(path, "w", encoding="utf-8").write(form + "- First\\n-\\n- Second\\n")
    """), encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    result = sli("edition", "write", "--plan", str(plan), "--month", "2023-11", "--edit")
    assert result.exit_code == 0, result.stderr
    [saved] = versions(plan, "2023-11")
    text = saved.read_text(encoding="utf-8")
    assert 'foreword = "Written in the editor."' in text
    assert 'highlights = [\n    "First",\n    "Second",\n]' in text


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["write", "--month", "2023-11"], 2,
     "sli: nothing to write: give --foreword TEXT, --highlight TEXT or --edit\n"),
    (["write", "--month", "2023-11", "--foreword", "x", "--edit"], 2,
     "sli: give --foreword and --highlight, or write them with --edit, not both\n"),
    (["write", "--month", "2023-13", "--foreword", "x"], 2,
     "sli: --month '2023-13' is not a month; write it like 2023-11, Nov 2023 or 11/2023\n"),
    (["write", "--month", "2025-01", "--foreword", "x"], 2,
     "sli: --month 2025-01 is outside the plan period"),
    (["write", "--month", "2023-11", "--foreword", "   "], 2,
     "sli: --foreword: the foreword is empty; write a few sentences from the SLI lead\n"),
    (["write", "--month", "2023-11", "--highlight", "Only this"], 2,
     "sli: the edition of November 2023 has no foreword; an edition needs a few sentences "
     "from the SLI lead; give the foreword with --foreword\n"),
    (["sent", "--month", "2023-11"], 2,
     "sli: say who it was sent to with --to, e.g. --to 'All DsPH in the region'\n"),
    (["sent", "--month", "2023-11", "--to", " "], 2,
     "sli: --to: say who it was sent to: a role or a list, e.g. 'All DsPH in the region'\n"),
    (["sent", "--month", "2023-11", "--to", "DsPH", "--date", "1/1/2024"], 2,
     "sli: --date: 2024-01-01 is in the future\n"),
    (["sent", "--month", "2023-11", "--to", "DsPH", "--date", "30/10/2023"], 2,
     "sli: --date: 2023-10-30 is before November 2023, the month of the snapshot\n"),
    (["sent", "--month", "2023-11", "--to", "Jane Doe <jane.doe@council.gov.uk>"], 2,
     "sli: --to: 'Jane Doe <jane.doe@council.gov.uk>' holds the email address "
     "'jane.doe@council.gov.uk'; the circulation names roles or lists (e.g. 'All DsPH in the "
     "region'), and a personal address is kept only when given as an address; to "
     "record a personal address on purpose, give it with --to-address\n"),
    (["sent", "--month", "2023-11", "--to-address", "jane at council"], 2,
     "sli: --to-address: 'jane at council' is not an email address\n"),
])
def test_bad_input_writes_nothing(sli: SliRunner, plan: Path, argv: list[str], code: int,
                                  message: str) -> None:
    before = tree(plan)
    result = sli("edition", *argv, "--plan", str(plan))
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.startswith(message) if not message.endswith("\n") \
        else result.stderr == message
    assert tree(plan) == before


def test_a_typed_address_is_kept_apart(sli: SliRunner, plan: Path) -> None:
    result = sli("edition", "sent", "--plan", str(plan), "--month", "2023-11", "--date",
                 "1/12/2023", "--to", "DsPH in the South West", "--to-address",
                 "lead@council.gov.uk")
    assert result.exit_code == 0, result.stderr
    [saved] = versions(plan, "2023-11")
    text = saved.read_text(encoding="utf-8")
    assert 'circulation = [\n    "DsPH in the South West",\n]' in text
    assert 'addresses = [\n    "lead@council.gov.uk",\n]' in text
    md = sli("snapshot", "--plan", str(plan), "--month", "2023-11").stdout
    assert "Sent on 1 December 2023 to DsPH in the South West; lead@council.gov.uk." in md
    # Sent without a foreword: the snapshot has none to show.
    assert "## Foreword" not in md
    assert sli("check", "--plan", str(plan)).exit_code == 0


def test_sent_twice_is_refused(sli: SliRunner, plan: Path) -> None:
    argv = ("edition", "sent", "--plan", str(plan), "--month", "2023-11", "--to", "DsPH",
            "--date", "2/12/2023")
    assert sli(*argv).exit_code == 0
    [first] = versions(plan, "2023-11")
    before = tree(plan)
    again = sli(*argv)
    assert (again.exit_code, again.stdout) == (1, "")
    assert again.stderr == ("sli: the November 2023 snapshot was already recorded as sent on "
                            f"2023-12-02 to DsPH ({first.relative_to(plan.parent).as_posix()}); "
                            "if that is wrong, correct it with: sli edition sent --month 2023-11 "
                            "--correct --to WHO [--date DATE]\n")
    assert tree(plan) == before


def test_a_wrong_sending_is_corrected_and_the_first_record_kept(sli: SliRunner,
                                                                plan: Path) -> None:
    base = ("edition", "sent", "--plan", str(plan), "--month", "2023-11")
    assert sli(*base, "--to", "DsPH", "--date", "2/12/2023").exit_code == 0
    [first] = versions(plan, "2023-11")
    text = first.read_text(encoding="utf-8")
    fixed = sli(*base, "--correct", "--to", "All DsPH in the region", "--to", "SW SLI list",
                "--date", "1/12/2023")
    assert fixed.exit_code == 0, fixed.stderr
    assert fixed.stderr == ("Corrected: the November 2023 snapshot was sent on Fri 1 December "
                            "2023 (2023-12-01) to All DsPH in the region; SW SLI list (the "
                            "earlier record is kept)\n")
    assert first.read_text(encoding="utf-8") == text and len(versions(plan, "2023-11")) == 2
    shown = sli("edition", "show", "--plan", str(plan), "--month", "Nov 2023", "--history")
    assert shown.exit_code == 0, shown.stderr
    assert "Sent: 2023-12-01 to All DsPH in the region; SW SLI list\n" in shown.stdout
    assert "  version 1: recorded as sent\n" in shown.stdout
    assert "  version 2: corrected the sending (was 2023-12-02 to DsPH)\n" in shown.stdout
    import json

    listed = json.loads(sli("edition", "list", "--plan", str(plan), "-f", "json").stdout)
    assert listed == [{"month": "2023-11", "version": 2, "foreword": "", "highlights": [],
                       "sent": "2023-12-01",
                       "circulation": ["All DsPH in the region", "SW SLI list"]}]


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["edition", "sent", "--month", "2023-11", "--correct", "--to", "DsPH"], 2,
     "sli: the November 2023 snapshot is not recorded as sent, so there is no sending to "
     "correct; record it without --correct\n"),
    (["edition", "show", "--month", "2023-10"], 1,
     "sli: the October 2023 snapshot has no edition yet; write one with: sli edition write "
     "--month 2023-10 --foreword TEXT\n"),
    (["edition", "show", "--month", "2030-01"], 2, None),
])
def test_correcting_or_showing_what_is_not_there_changes_nothing(
        sli: SliRunner, plan: Path, argv: list[str], code: int, message: str | None) -> None:
    before = tree(plan)
    result = sli(*argv, "--plan", str(plan))
    assert (result.exit_code, result.stdout) == (code, ""), result.stderr
    if message is not None:
        assert result.stderr == message
    assert "Traceback" not in result.stderr and tree(plan) == before


def test_edition_list_at_80_columns(sli: SliRunner, plan: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert sli("edition", "list", "--plan", str(plan)).stderr == (
        "No editions yet; write one with: sli edition write --month MONTH --foreword TEXT\n")
    assert sli("edition", "write", "--plan", str(plan), "--month", "2023-11", "--foreword",
               "A long foreword that goes on about the month: the peer challenge, the data "
               "shared in five areas and a new DPH lead.").exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    table = sli("edition", "list", "--plan", str(plan)).stdout
    assert all(len(line) <= 80 for line in table.splitlines()), table
    assert "2023-11" in table and "…" in table  # the foreword cut short


def test_the_same_again_writes_nothing(sli: SliRunner, plan: Path) -> None:
    argv = ("edition", "write", "--plan", str(plan), "--month", "2023-11", "--foreword", "Hi")
    assert sli(*argv).exit_code == 0
    before = tree(plan)
    again = sli(*argv)
    assert again.exit_code == 1
    assert again.stderr == ("sli: the edition of November 2023 already says this; nothing "
                            "was written\n")
    assert tree(plan) == before
    # Highlights alone are a new version; the foreword is carried on.
    more = sli("edition", "write", "--plan", str(plan), "--month", "2023-11",
               "--highlight", "New")
    assert more.exit_code == 0, more.stderr
    assert len(versions(plan, "2023-11")) == 2
    md = sli("snapshot", "--plan", str(plan), "--month", "2023-11").stdout
    assert "## Foreword\n\nHi\n\n— DPH, Wiltshire (SLI lead)\n\n## Highlights\n\n- New\n" in md


def test_a_hand_written_edition_is_checked_in_place(sli: SliRunner, plan: Path) -> None:
    folder = plan / "snapshots"
    folder.mkdir()
    (folder / "2023-10.toml").write_text(
        'schema_version = 1\nmonth = "2023-10"\nforeword = 3\n', encoding="utf-8")
    (folder / "2023-11.v3.toml").write_text(
        'schema_version = 1\nmonth = "2023-11"\nversion = 3\nforeword = "x"\n',
        encoding="utf-8")
    (folder / "2023-09.toml").write_text(
        'schema_version = 1\nmonth = "2023-09"\nforeword = "x"\nsent = 2023-10-02\n'
        'circulation = ["jane@council.gov.uk"]\n', encoding="utf-8")
    result = sli("check", "--plan", str(plan))
    assert result.exit_code == 1
    shown = result.stdout + result.stderr
    assert "p/snapshots/2023-10.toml:3: 'foreword' must be text in quotes, not a number" \
        in shown
    assert "p/snapshots/2023-11.v3.toml:3: edition of 2023-11: versions 3 have a gap" in shown
    assert ("p/snapshots/2023-09.toml:5: 'circulation' holds the email address "
            "'jane@council.gov.uk'") in shown


def test_a_hand_written_edition_without_uid_is_read(sli: SliRunner, plan: Path) -> None:
    folder = plan / "snapshots"
    folder.mkdir()
    (folder / "2023-11.toml").write_text(
        'schema_version = 1\nmonth = "2023-11"\nforeword = "By hand."\n', encoding="utf-8")
    assert sli("check", "--plan", str(plan)).exit_code == 0
    result = sli("edition", "write", "--plan", str(plan), "--month", "2023-11",
                 "--highlight", "Added")
    assert result.exit_code == 0, result.stderr
    [new] = versions(plan, "2023-11")
    assert 'amends = [\n    "v1",\n]' in new.read_text(encoding="utf-8")
    md = sli("snapshot", "--plan", str(plan), "--month", "2023-11").stdout
    assert ("## Foreword\n\nBy hand.\n\n— DPH, Wiltshire (SLI lead)\n\n## Highlights\n\n"
            "- Added\n") in md


def test_two_copies_writing_at_once_are_reported(sli: SliRunner, plan: Path) -> None:
    """Two versions amending the same one (two copies of the plan, merged):
    a warning, the one recorded last is shown, and a new version settles it."""
    assert sli("edition", "write", "--plan", str(plan), "--month", "2023-11",
               "--foreword", "First").exit_code == 0
    [base] = versions(plan, "2023-11")
    uid = re.search(r'uid = "(\w+)"', base.read_text(encoding="utf-8"))
    assert uid is not None
    for n, (new_uid, stamp) in enumerate((("aaaaaaaa", "10:00"), ("bbbbbbbb", "11:00"))):
        (plan / "snapshots" / f"2023-11.{new_uid}.toml").write_text(
            f'schema_version = 2\nuid = "{new_uid}"\namends = ["{uid.group(1)}"]\n'
            f'month = "2023-11"\nforeword = "Copy {n}"\nversion = 2\n'
            f'recorded_at = 2023-12-03T{stamp}:00Z\nrecorded_by = "copy {n}"\n',
            encoding="utf-8")
    check = sli("check", "--plan", str(plan))
    assert "the edition of 2023-11 has 2 versions that do not know of each other" \
        in check.stdout + check.stderr
    md = sli("snapshot", "--plan", str(plan), "--month", "2023-11")
    assert "## Foreword\n\nCopy 1\n\n— DPH, Wiltshire (SLI lead)\n" in md.stdout
    assert "Note: the edition of 2023-11 has 2 versions made in different places" in md.stderr
    settle = sli("edition", "write", "--plan", str(plan), "--month", "2023-11",
                 "--foreword", "Settled")
    assert settle.exit_code == 0, settle.stderr
    assert "version 3" in settle.stderr
    again = sli("check", "--plan", str(plan))
    assert "do not know of each other" not in again.stdout + again.stderr


def test_an_edition_month_is_in_the_site_archive(sli: SliRunner, plan: Path,
                                                 tmp_path: Path) -> None:
    assert sli("edition", "write", "--plan", str(plan), "--month", "2023-12",
               "--foreword", "December").exit_code == 0
    site = tmp_path / "site"
    assert sli("site", "--plan", str(plan), "-o", str(site)).exit_code == 0
    page = (site / "snapshots" / "2023-12.html").read_text(encoding="utf-8")
    assert "Foreword</h2>" in page and "December" in page
    assert 'href="2023-12.html"' in (site / "snapshots" / "index.html").read_text(
        encoding="utf-8")


def test_the_record_format_example_reads_without_problems() -> None:
    """docs/plan-format.md's example edition is a valid record."""
    from sli_cli.records.edition import edition_path, parse_edition

    text = (REPO / "docs" / "plan-format.md").read_text(encoding="utf-8")
    section = text.split("### Snapshot edition:")[1]
    example = re.search(r"```toml\n(.*?)```", section, flags=re.S)
    assert example is not None
    edition, problems = parse_edition(example.group(1).encode(), "x.toml")
    assert problems == [] and edition is not None
    assert edition_path(edition) == "snapshots/2023-11.t6hv3mzc.toml"
    assert edition.addresses == ("lead@council.example",) and edition.version == 2


def test_the_readme_examples_run(sli: SliRunner, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's sli edition lines (but the one opening an editor) run
    as written on a copy of the bundled example."""
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")
    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [shlex.split(line, comments=True) for block in
             re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
             for line in block.splitlines() if line.startswith("sli edition ")]
    ran = 0
    for words in lines:
        if "--edit" in words:
            continue
        result = sli(*words[1:], "--plan", str(plan))
        assert result.exit_code == 0, (words, result.stderr)
        ran += 1
    assert ran == 5
    md = sli("snapshot", "--plan", str(plan), "--month", "2023-11").stdout
    assert "## Foreword" in md
    assert "Sent on 6 December 2023 to All DsPH in the region; SW SLI list." in md


def test_a_form_that_cannot_be_recorded_is_kept(sli: SliRunner, plan: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Highlights written in the editor with no foreword: refused, and what
    was written is kept in .sli/drafts, nothing in snapshots/."""
    script = tmp_path / "editor.py"
    script.write_text(textwrap.dedent("""\
        import sys
        with open(sys.argv[1], "a", encoding="utf-8") as form:
            form.write("- A highlight worth keeping\\n")
    """), encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    result = sli("edition", "write", "--plan", str(plan), "--month", "2023-11", "--edit")
    assert result.exit_code == 2
    assert result.stderr.startswith("What you wrote is kept in p/.sli/drafts/edition-2023-11-")
    assert result.stderr.endswith(
        "\nsli: the foreword is empty; write a few sentences from the SLI lead\n")
    [kept] = (plan / ".sli" / "drafts").glob("edition-2023-11-*.txt")
    assert "- A highlight worth keeping" in kept.read_text(encoding="utf-8")
    assert not (plan / "snapshots").exists()
