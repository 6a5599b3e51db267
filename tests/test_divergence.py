"""Records made in two copies of a plan: file names that never collide,
versions ordered by what they amend, divergences reported and settled."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.recording.write import record_action_done, record_meeting
from sli_cli.records.action_done import ActionDone
from sli_cli.records.load import read_records
from sli_cli.records.meeting import Action, Meeting, Outcome, heads, next_version, order_versions
from sli_cli.records.sharing import GITIGNORE
from sli_cli.records.store import write_record
from sli_cli.records.workspace import open_workspace
from tests.conftest import SliRunner
from tests.helpers import write_plan

Q1 = Quarter(2023, 1)


def stamp(day: int, hour: int = 10) -> datetime:
    return datetime(2023, 7, day, hour, tzinfo=UTC)


def meeting(rag: Rating = Rating.GREEN, **changes: object) -> Meeting:
    base = Meeting("P1", Q1, date(2023, 7, 12), ("DPH, Devon",),
                   (Outcome("KO1", rag, actions=(Action("AKKKK", "Write", "DPH, Devon",
                                                        date(2023, 9, 30)),)),
                    Outcome("KO2", Rating.GREEN)))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_versions_follow_what_they_amend_not_their_names() -> None:
    v1 = meeting(uid="zzzzzzzz", version=1, recorded_at=stamp(12))
    # Recorded earlier by a clock that was wrong, but it amends v1: it comes after.
    v2 = meeting(Rating.AMBER, uid="aaaaaaaa", amends=("zzzzzzzz",), version=2,
                 recorded_at=stamp(11))
    assert order_versions([v2, v1]) == [v1, v2]
    assert heads([v1, v2]) == [v2]


def test_two_amendments_of_one_version_diverge_and_the_last_recorded_counts() -> None:
    v1 = meeting(uid="bbbbbbbb", recorded_at=stamp(12))
    alice = meeting(Rating.AMBER, uid="cccccccc", amends=("bbbbbbbb",), version=2,
                    recorded_at=stamp(14), recorded_by="Alice")
    bob = meeting(Rating.RED, uid="dddddddd", amends=("bbbbbbbb",), version=2,
                  recorded_at=stamp(13), recorded_by="Bob")
    for found in ([v1, alice, bob], [bob, alice, v1], [alice, v1, bob]):
        assert order_versions(found)[-1] is alice
    assert set(m.uid for m in heads([v1, alice, bob])) == {"cccccccc", "dddddddd"}
    settled = next_version(meeting(Rating.GREEN), [v1, alice, bob])
    assert settled.amends == ("cccccccc", "dddddddd") and settled.version == 3
    assert len(settled.uid) == 8 and heads([v1, alice, bob, settled]) == [settled]


def test_versions_written_before_uids_still_load_and_can_be_amended(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(recorded_at=stamp(12)))
    write_record(folder, meeting(Rating.AMBER, version=2, recorded_at=stamp(13)))
    assert sorted(p.name for p in (folder / "meetings/2023-24-Q1").iterdir()) == \
        ["P1.toml", "P1.v2.toml"]
    ws = open_workspace(folder)
    amended, path = record_meeting(folder, ws.plan, meeting(Rating.RED), amend=True,
                                   today=date(2023, 8, 1), stamp=stamp(20), by="Carol")
    assert amended.amends == ("v2",) and amended.version == 3
    assert path.name == f"P1.{amended.uid}.toml"
    assert 'schema_version = 2\nuid = "' in path.read_text()
    records, problems = read_records(folder)
    assert problems == []
    assert [m.version for m in records.meeting_versions[(Q1, "P1")]] == [1, 2, 3]
    assert records.meeting("P1", Q1) == replace(amended, path="")


def two_copies(folder: Path) -> None:
    """What a merge of two clones leaves: one meeting amended in each, one
    action completed in each."""
    write_record(folder, meeting(uid="bbbbbbbb", recorded_at=stamp(12), recorded_by="Ann"))
    write_record(folder, meeting(Rating.AMBER, uid="cccccccc", amends=("bbbbbbbb",), version=2,
                                 recorded_at=stamp(14), recorded_by="Alice"))
    write_record(folder, meeting(Rating.RED, uid="dddddddd", amends=("bbbbbbbb",), version=2,
                                 recorded_at=stamp(13), recorded_by="Bob"))
    write_record(folder, ActionDone("AKKKK", date(2023, 7, 20), recorded_at=stamp(20),
                                    recorded_by="Alice", uid="eeeeeeee"))
    write_record(folder, ActionDone("AKKKK", date(2023, 7, 25), recorded_at=stamp(21),
                                    recorded_by="Carol", uid="ffffffff"))


def test_check_reports_each_divergence_with_who_and_when(sli: SliRunner,
                                                         tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    two_copies(folder)
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "p/actions/AKKKK.ffffffff.toml:3: warning: action AKKKK was recorded as done 2 times "
        "in different places: done 2023-07-20 in p/actions/AKKKK.eeeeeeee.toml, recorded "
        "2023-07-20 10:00 UTC by Alice; done 2023-07-25 in p/actions/AKKKK.ffffffff.toml, "
        "recorded 2023-07-21 10:00 UTC by Carol. Until it is recorded as done once more "
        "(which settles it), the one recorded last counts (p/actions/AKKKK.ffffffff.toml)",
        "p/meetings/2023-24-Q1/P1.cccccccc.toml:2: warning: meeting of P1 for 2023/24 Q1 has "
        "2 versions that do not know of each other (amended in two places at once): version "
        "2 in p/meetings/2023-24-Q1/P1.dddddddd.toml, recorded 2023-07-13 10:00 UTC by Bob; "
        "version 2 in p/meetings/2023-24-Q1/P1.cccccccc.toml, recorded 2023-07-14 10:00 UTC "
        "by Alice. Until an amendment settles it, the one recorded last counts "
        "(p/meetings/2023-24-Q1/P1.cccccccc.toml); amend the meeting to settle it",
    ]
    status = sli("status", "--plan", str(folder))
    assert status.exit_code == 0
    assert status.stderr.splitlines()[:2] == [
        "Note: the meeting of P1 for 2023/24 Q1 has 2 versions made in different places; "
        "showing the one recorded last (p/meetings/2023-24-Q1/P1.cccccccc.toml); see sli check",
        "Note: action AKKKK was recorded as done 2 times in different places; counting the "
        "one recorded last (p/actions/AKKKK.ffffffff.toml); see sli check",
    ]


def test_recording_again_settles_both_divergences(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    two_copies(folder)
    ws = open_workspace(folder, today=date(2023, 8, 1))
    assert ws.records.meeting("P1", Q1).uid == "cccccccc"  # type: ignore[union-attr]
    assert ws.records.done["AKKKK"].uid == "ffffffff"
    settled, _ = record_meeting(folder, ws.plan, meeting(Rating.GREEN), amend=True,
                                today=date(2023, 8, 1), by="Carol")
    assert settled.amends == ("cccccccc", "dddddddd") and settled.version == 3
    path = record_action_done(folder, "AKKKK", date(2023, 7, 22), by="Carol")
    assert 'amends = [\n    "eeeeeeee",\n    "ffffffff",\n]' in path.read_text()
    ws = open_workspace(folder, today=date(2023, 8, 1))
    assert ws.notes == [] and ws.warnings == []
    assert ws.records.done["AKKKK"].date == date(2023, 7, 22)
    with pytest.raises(Exception, match="already recorded as done on 2023-07-22"):
        record_action_done(folder, "AKKKK", date(2023, 7, 23), by="Carol")


def test_ids_given_out_twice_are_kept_and_reported(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    for uid, title in (("gggggggg", "Webinar"), ("hhhhhhhh", "Workshop")):
        (folder / "events").mkdir(exist_ok=True)
        (folder / "events" / f"EAAAA.{uid}.toml").write_text(
            f'schema_version = 2\nuid = "{uid}"\nid = "EAAAA"\ndate = 2023-09-01\n'
            f'title = "{title}"\n')
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 0
    assert result.stdout == (
        "p/events/EAAAA.hhhhhhhh.toml:3: warning: event id EAAAA is used by 2 events: "
        "p/events/EAAAA.gggggggg.toml, recorded at an unknown time; "
        "p/events/EAAAA.hhhhhhhh.toml, recorded at an unknown time; both are kept and shown\n")
    assert len(read_records(folder)[0].events) == 2


def test_a_uid_needs_schema_version_2(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    (folder / "events").mkdir()
    (folder / "events" / "EAAAA.toml").write_text(
        'schema_version = 1\nuid = "gggggggg"\nid = "EAAAA"\ndate = 2023-09-01\n'
        'title = "x"\n')
    (folder / "events" / "EBBBB.xx.toml").write_text(
        'schema_version = 2\nuid = "xx"\nid = "EBBBB"\ndate = 2023-09-01\ntitle = "x"\n')
    result = sli("check", "--plan", str(folder))
    assert result.stdout.splitlines() == [
        "p/events/EAAAA.toml:2: 'uid' is only read from schema_version 2 on",
        "p/events/EBBBB.xx.toml:2: 'uid' must be 8 letters and digits like 'k3f9mq2x', "
        "not 'xx'",
    ]


def test_init_keeps_sli_working_files_out_of_git(sli: SliRunner, tmp_path: Path) -> None:
    result = sli("init", str(tmp_path / "new"), "--title", "New plan", "--start",
                 "2024/25 Q1", "--end", "2025/26 Q4")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / ".gitignore").read_text() == GITIGNORE
    assert ".sli/\n" in GITIGNORE
    assert sli("init", str(tmp_path / "sw"), "--example").exit_code == 0
    assert (tmp_path / "sw" / ".gitignore").read_text() == GITIGNORE


def test_check_warns_when_git_tracks_the_state_folder(sli: SliRunner, tmp_path: Path) -> None:
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = write_plan(tmp_path / "p")
    (folder / ".sli").mkdir()
    (folder / ".sli" / "lock").write_text("")
    env_args = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    assert sli("check", "--plan", str(folder)).stdout == ""  # nothing tracked yet
    subprocess.run(["git", *env_args, "-C", str(folder), "add", "-f", ".sli/lock"], check=True)
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 0
    assert result.stdout == (
        "p/.sli: warning: is tracked by git (1 file): sli's lock and drafts belong to one "
        "machine and would reach everyone who pulls; untrack the folder in git (keeping the "
        "files) and keep the line '.sli/' in .gitignore: docs/sharing.md shows how\n")


def test_history_shows_each_version_against_the_one_it_amends(sli: SliRunner,
                                                              tmp_path: Path,
                                                              monkeypatch:
                                                              pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-08-01")
    folder = write_plan(tmp_path / "p")
    two_copies(folder)
    shown = sli("meeting", "show", "P1", "2023/24 Q1", "--history", "--plan", str(folder))
    assert shown.exit_code == 0
    assert shown.stdout.split("History\n")[1] == (
        "Version 1: 2023-07-12 10:00 UTC by Ann (first recorded)\n"
        "Version 2: 2023-07-13 10:00 UTC by Bob\n"
        "  KO1 rating: green -> red\n"
        "Version 2: 2023-07-14 10:00 UTC by Alice (amends version 1 by Ann)\n"
        "  KO1 rating: green -> amber\n")
    ws = open_workspace(folder)
    record_meeting(folder, ws.plan, meeting(Rating.GREEN), amend=True, by="Carol",
                   stamp=stamp(30))
    shown = sli("meeting", "show", "P1", "2023/24 Q1", "--history", "--plan", str(folder))
    assert shown.stdout.endswith(
        "Version 3: 2023-07-30 10:00 UTC by Carol (settles the divergence)\n"
        "  KO1 rating: amber -> green\n")
    assert "Note: the meeting" not in shown.stderr  # the action's completions still diverge


def test_every_versioned_kind_reports_two_versions_written_apart(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Output deliveries, support responses, editions and projects written in
    two copies of the plan, neither knowing the other: each kind's warning
    names both versions, and the views say which one counts."""
    from sli_cli.records import project
    from sli_cli.records.edition import Edition
    from sli_cli.records.output_done import OutputDone
    from sli_cli.records.support_response import SupportResponse
    from tests.helpers import EXAMPLE, load_records

    monkeypatch.setenv("SLI_TODAY", "2024-03-31")
    folder = tmp_path / "sw"
    shutil.copytree(EXAMPLE, folder)
    registered = project.current_projects(load_records(folder).of(project.KIND))[0]
    for uid, hour in (("aaaaaaaa", 10), ("bbbbbbbb", 11)):
        stamp = datetime(2024, 1, 5, hour, tzinfo=UTC)
        write_record(folder, OutputDone("KO11.2", date(2024, 1, 4), "", stamp, "A", uid=uid))
        write_record(folder, SupportResponse("P3-2023-24-Q2-KO8", date(2024, 1, 4), "y", stamp,
                                             "B", uid=uid))
        write_record(folder, Edition("2023-12", foreword=uid, recorded_at=stamp,
                                     recorded_by="C", uid=uid))
        write_record(folder, replace(registered, outcome=uid, uid=uid.replace("a", "c"),
                                     amends=(registered.uid,), recorded_at=stamp,
                                     change_note="c", path=""))
    check = sli("check", "--plan", str(folder))
    warnings = [line.split(": warning: ", 1)[1] for line in check.output.splitlines()
                if ": warning: " in line]
    assert [w.split(":", 1)[0] for w in warnings] == [
        "output KO11.2 was recorded as delivered 2 times in different places",
        f"project {registered.id} has 2 versions that replace none of each other",
        "the edition of 2023-12 has 2 versions that do not know of each other (written in two "
        "places at once)",
        "support ask P3-2023-24-Q2-KO8 was answered 2 times in different places"]
    assert all("aaaaaaaa" in w or "cccccccc" in w for w in warnings)
    assert all("recorded last counts" in w for w in warnings)
    notes = sli("status", "--plan", str(folder)).stderr
    assert notes.count("in different places;") == 4
