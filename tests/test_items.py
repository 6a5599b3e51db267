"""sli event and sli update: adding and listing the snapshot's items."""

from __future__ import annotations

from pathlib import Path

import pytest

from sli_cli.records.load import read_records
from sli_cli.records.update import UpdateKind
from tests.conftest import SliRunner
from tests.helpers import tree, write_plan, written


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-10")
    return write_plan(tmp_path / "p")


def test_event_add_writes_a_record_and_prints_its_id(sli: SliRunner, plan: Path) -> None:
    result = sli("event", "add", "--plan", str(plan), "--date", "16/11/2023",
                 "--title", "  Peer   challenge ", "--where", "Exeter",
                 "--link", "https://example.org/pc", "--priority", "p1", "--objective", "ko1",
                 "--internal")
    assert result.exit_code == 0, result.stderr
    event_id = result.stdout.strip()
    assert result.stderr == (f"Added event {event_id} on Thu 16 November 2023 (2023-11-16): "
                             "Peer challenge\n")
    records, problems = read_records(plan)
    assert problems == []
    [event] = records.events
    assert (event.id, event.date.isoformat(), event.title, event.where, event.link,
            event.priority, event.objective, event.internal) == (
        event_id, "2023-11-16", "Peer challenge", "Exeter", "https://example.org/pc", "P1",
        "KO1", True)
    assert written(plan, f"events/{event_id}").is_file()
    assert sli("check", "--plan", str(plan)).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "16/11/2023", "--title", "x", "--link", "ftp://example.org"],
     "sli: --link 'ftp://example.org' is not a well-formed web address; give one starting "
     "http:// or https:// with no spaces, quotes, '|', '<', '>' or brackets\n"),
    (["--date", "16/11/2023", "--title", "x", "--link", "javascript:alert(1)"],
     "sli: --link 'javascript:alert(1)' is not a well-formed web address; give one starting "
     "http:// or https:// with no spaces, quotes, '|', '<', '>' or brackets\n"),
    (["--date", "16/11", "--title", "x"],
     "sli: --date: '16/11' is not a full date; give a day, month and year, like 12/07/2023\n"),
    (["--date", "16/11/2023", "--title", "   "],
     "sli: --title is empty; give a short title\n"),
    (["--date", "16/11/2023", "--title", "x", "--priority", "P3"],
     "sli: no priority 'P3' in this plan; the plan's priorities are P1, P2\n"),
    (["--date", "16/11/2023", "--title", "x", "--priority", "PP2"],
     "sli: no priority 'PP2' in this plan (did you mean 'P2'?); "
     "the plan's priorities are P1, P2\n"),
    (["--date", "16/11/2023", "--title", "x", "--objective", "KO4"],
     "sli: no objective 'KO4' in this plan (did you mean 'KO3'?); see: sli objective list\n"),
    (["--date", "16/11/2023", "--title", "x", "--priority", "P2", "--objective", "KO1"],
     "sli: --objective KO1 belongs to priority P1, not P2\n"),
])
def test_event_add_refuses_bad_input(sli: SliRunner, plan: Path, args: list[str],
                                     message: str) -> None:
    before = tree(plan)
    result = sli("event", "add", "--plan", str(plan), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert tree(plan) == before


def test_event_list_and_upcoming(sli: SliRunner, plan: Path) -> None:
    for day, title in [("1/11/2023", "Past webinar"), ("20/11/2023", "Tobacco | vaping summit")]:
        assert sli("event", "add", "--plan", str(plan), "--date", day, "--title", title,
                   "--priority", "P2").exit_code == 0
    everything = sli("event", "list", "--plan", str(plan), "--format", "md").stdout
    ids = [line.split(" | ")[0].lstrip("| ") for line in everything.splitlines()[2:]]
    assert everything == (
        "| Id | Date | Title | Where | For | Internal |\n"
        "|---|---|---|---|---|---|\n"
        f"| {ids[0]} | 2023-11-01 | Past webinar |  | P2 |  |\n"
        f"| {ids[1]} | 2023-11-20 | Tobacco \\| vaping summit |  | P2 |  |\n")
    upcoming = sli("event", "list", "--plan", str(plan), "--upcoming", "--format", "csv")
    assert upcoming.stdout == (
        "id,date,title,where,priority,objective,link,internal\n"
        f"{ids[1]},2023-11-20,Tobacco | vaping summit,,P2,,,false\n")


def test_event_list_empty_says_how_to_add(sli: SliRunner, plan: Path) -> None:
    result = sli("event", "list", "--plan", str(plan))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No events yet; add one with: sli event add --date DATE --title TITLE\n"


def test_update_add_defaults_to_this_month(sli: SliRunner, plan: Path) -> None:
    result = sli("update", "add", "--plan", str(plan), "--kind", "project",
                 "--title", "Vape-free schools", "--text", "Ten schools signed up.",
                 "--objective", "ko3", "--link", "http://example.org/v")
    assert result.exit_code == 0, result.stderr
    update_id = result.stdout.strip()
    assert result.stderr == f"Added project update {update_id} for 2023-11: Vape-free schools\n"
    [update] = read_records(plan)[0].updates
    assert (update.kind, update.month, update.text, update.objective, update.link,
            update.internal) == (UpdateKind.PROJECT, "2023-11", "Ten schools signed up.",
                                 "KO3", "http://example.org/v", False)


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "news", "--title", "x", "--month", "2023-13"],
     "sli: --month '2023-13' is not a month; write it like 2023-11, "
     "Nov 2023 or 11/2023\n"),
    (["--kind", "news", "--title", "x", "--text", "t", "--edit"],
     "sli: give the text with --text or write it with --edit, not both\n"),
    (["--kind", "news", "--title", "x", "--link", "www.example.org"],
     "sli: --link 'www.example.org' is not a well-formed web address; give one starting "
     "http:// or https:// with no spaces, quotes, '|', '<', '>' or brackets\n"),
])
def test_update_add_refuses_bad_input(sli: SliRunner, plan: Path, args: list[str],
                                      message: str) -> None:
    before = tree(plan)
    result = sli("update", "add", "--plan", str(plan), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert tree(plan) == before


def test_update_add_unknown_kind_is_a_usage_error(sli: SliRunner, plan: Path) -> None:
    before = tree(plan)
    result = sli("update", "add", "--plan", str(plan), "--kind", "gossip", "--title", "x")
    assert (result.exit_code, result.stderr) == (
        2, "sli: --kind 'gossip' is not a kind of update (project, news, national)\n")
    assert tree(plan) == before


def test_update_add_with_editor(sli: SliRunner, plan: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    import sli_cli.recording.external_editor

    seen: list[str] = []

    def fake_edit(text: str, suffix: str) -> str:
        seen.append(text)
        return "# heading kept out\nFirst line.\n\nSecond paragraph.\n" + text

    monkeypatch.setattr(sli_cli.recording.external_editor, "edit_text", fake_edit)
    result = sli("update", "add", "--plan", str(plan), "--kind", "national",
                 "--title", "ADPH annual conference", "--edit", "--month", "2023-12")
    assert result.exit_code == 0, result.stderr
    assert "Lines starting with '#' are left out" in seen[0]
    [update] = read_records(plan)[0].updates
    assert (update.month, update.text) == ("2023-12", "First line.\n\nSecond paragraph.")


def test_update_add_editor_left_empty(sli: SliRunner, plan: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "true")  # saves the template unchanged
    before = tree(plan)
    result = sli("update", "add", "--plan", str(plan), "--kind", "news", "--title", "x",
                 "--edit")
    assert (result.exit_code, result.stderr) == (
        2, "sli: no text was written; nothing was recorded\n")
    assert tree(plan) == before


def test_update_add_edit_without_an_editor(sli: SliRunner, plan: Path) -> None:
    before = tree(plan)
    result = sli("update", "add", "--plan", str(plan), "--kind", "news", "--title", "x",
                 "--edit")
    assert (result.exit_code, result.stderr) == (
        2, "sli: no editor set: set VISUAL or EDITOR (for example EDITOR=nano)\n")
    assert tree(plan) == before


def test_update_list_by_month(sli: SliRunner, plan: Path) -> None:
    for month, title in [("2023-10", "October news"), ("2023-11", "November news")]:
        assert sli("update", "add", "--plan", str(plan), "--kind", "news", "--title", title,
                   "--month", month, "--internal").exit_code == 0
    result = sli("update", "list", "--plan", str(plan), "--month", "2023-11")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["Id", "Month", "Kind", "Title", "Objective", "Internal"]
    assert lines[3].split()[1:] == ["2023-11", "news", "November", "news", "yes"]
    assert len(lines) == 5
    none = sli("update", "list", "--plan", str(plan), "--month", "2024-01")
    assert (none.stdout, none.stderr) == ("", "No updates for 2024-01.\n")
