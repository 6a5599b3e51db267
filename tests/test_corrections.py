"""Taking back what was recorded by mistake, as new records that keep the
originals: a completion corrected (or undone), an event or update withdrawn."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sli_cli.recording.write import Superseded, record_action_correction
from sli_cli.records.load import read_records
from tests.conftest import SliRunner
from tests.meeting_fixtures import small_plan_with_meetings


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    return small_plan_with_meetings(tmp_path / "p")


def states(sli: SliRunner, plan: Path) -> dict[str, tuple[str, str | None]]:
    result = sli("actions", "--plan", str(plan), "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {a["id"]: (a["status"], a.get("done")) for a in json.loads(result.stdout)}


def test_a_completion_is_corrected_by_a_new_record(sli: SliRunner, plan: Path) -> None:
    assert sli("action", "done", "AC7HS", "--plan", str(plan), "--date", "2/10/2023",
               "--note", "Sent").exit_code == 0
    originals = sorted((plan / "actions").iterdir())
    result = sli("action", "correct", "ac7hs", "--plan", str(plan), "--date", "28/09/2023",
                 "--change-note", "It went out before the meeting")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Recorded action AC7HS as done on Thu 28 September 2023 ")
    assert all(p.is_file() for p in originals)  # the first completion is kept
    records, problems = read_records(plan, use_cache=False)
    assert problems == []
    done = records.done["AC7HS"]
    assert (done.date.isoformat(), done.note, done.change_note) == (
        "2023-09-28", "Sent", "It went out before the meeting")
    assert [d.version for d in records.done_versions["AC7HS"]] == [1, 2]


def test_a_completion_recorded_by_mistake_is_undone(sli: SliRunner, plan: Path) -> None:
    assert sli("action", "done", "AD4TA", "--plan", str(plan)).exit_code == 0
    assert states(sli, plan)["AD4TA"][0] == "done"
    result = sli("action", "correct", "AD4TA", "--plan", str(plan), "--not-done",
                 "--change-note", "Marked done instead of AC7HS")
    assert result.exit_code == 0, result.stderr
    assert "as not done: it is open again" in result.stderr
    assert states(sli, plan)["AD4TA"][0] == "open"
    again = sli("action", "done", "AD4TA", "--plan", str(plan), "--date", "30/10/2023")
    assert again.exit_code == 0, again.stderr
    assert states(sli, plan)["AD4TA"][0] == "done"
    assert sli("check", "--plan", str(plan)).exit_code == 0


@pytest.mark.parametrize(("args", "code", "message"), [
    (["AC7HS", "--change-note", "x"], 1,
     "sli: action AC7HS is not recorded as done; there is nothing to correct\n"),
    (["AK3RD", "--change-note", " "], 2,
     "sli: --change-note: a correction needs a change note saying what was wrong\n"),
    (["AK3RD", "--not-done", "--date", "1/6/2023", "--change-note", "x"], 2,
     "sli: --not-done takes no --date or --note\n"),
])
def test_correction_refusals(sli: SliRunner, plan: Path, args: list[str], code: int,
                             message: str) -> None:
    before = sorted(p.name for p in (plan / "actions").iterdir())
    result = sli("action", "correct", "--plan", str(plan), *args)
    assert (result.exit_code, result.stderr) == (code, message)
    assert sorted(p.name for p in (plan / "actions").iterdir()) == before


def test_a_correction_started_from_an_older_completion_is_refused(plan: Path) -> None:
    records, _ = read_records(plan, use_cache=False)
    seen = records.done_versions["AK3RD"][-1].version
    record_action_correction(plan, "AK3RD", change_note="Survey in July", by="a",
                             note="Survey now in July")
    with pytest.raises(Superseded) as refused:
        record_action_correction(plan, "AK3RD", change_note="Not done", not_done=True,
                                 based_on=seen, by="b")
    assert refused.value.message.startswith(
        "the completion of action AK3RD was changed by someone else while this change was "
        "being written: this correction started from version 1, and version 2 is now the "
        "latest, which changed:")
    assert "action AK3RD: done on 2023-05-25 (Survey in July)" in refused.value.message
    records, _ = read_records(plan, use_cache=False)
    assert records.done["AK3RD"].note == "Survey now in July"


def test_a_withdrawn_event_or_update_is_no_longer_shown(sli: SliRunner, plan: Path) -> None:
    added = sli("event", "add", "--plan", str(plan), "--date", "16/11/2023", "--title",
                "Peer challenge workshop")
    assert added.exit_code == 0, added.stderr
    event_id = added.stdout.strip()
    update = sli("update", "add", "--plan", str(plan), "--kind", "news", "--title",
                 "Wrong plan", "--month", "2023-11").stdout.strip()
    files = sorted(str(p) for p in plan.rglob("*.toml"))
    result = sli("event", "withdraw", event_id.lower(), "--plan", str(plan), "--reason",
                 "Posted to the wrong network")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Withdrew {event_id} in p/withdrawals/{event_id}")
    assert sli("update", "withdraw", update, "--plan", str(plan), "--reason",
               "Meant for another plan").exit_code == 0
    assert all(Path(f).is_file() for f in files)  # nothing deleted
    listed = sli("event", "list", "--plan", str(plan), "--format", "json")
    assert json.loads(listed.stdout or "[]") == []
    assert "Wrong plan" not in sli("snapshot", "--plan", str(plan), "--month", "2023-11").stdout
    again = sli("event", "withdraw", event_id, "--plan", str(plan), "--reason", "x")
    assert again.exit_code == 1 and "was already withdrawn" in again.stderr
    unknown = sli("update", "withdraw", "U9999", "--plan", str(plan), "--reason", "x")
    assert unknown.exit_code == 2 and "no event or update 'U9999'" in unknown.stderr
    assert sli("check", "--plan", str(plan)).exit_code == 0


def test_withdraw_and_discard_complete_from_the_plan(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from sli_cli.recording.write import add_event, withdraw_item
    from sli_cli.records.event import Event
    from tests.helpers import write_plan
    from tests.test_completion import complete

    folder = write_plan(tmp_path / "p")
    kept = add_event(folder, Event("", date(2023, 11, 16), "Workshop"))
    gone = add_event(folder, Event("", date(2023, 11, 20), "Posted twice"))
    withdraw_item(folder, gone.id, "Posted twice", by="t")
    drafts = folder / ".sli" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "P1.toml").write_text('priority = "P1"\n')
    (drafts / "P1.2.toml").write_text('priority = "P1"\n')
    assert complete(f"sli event withdraw --plan {folder} E", cwd=tmp_path) == [kept.id]
    assert sorted(complete(f"sli meeting discard-draft --plan {folder} P1", cwd=tmp_path)) == [
        "P1", "P1.2"]
