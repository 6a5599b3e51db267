"""Records read back exactly as written, and bad record files are located."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.records.action_done import ActionDone, parse_action_done
from sli_cli.records.event import Event, parse_event
from sli_cli.records.kinds import kind_of
from sli_cli.records.load import read_records
from sli_cli.records.meeting import Action, ImportSource, Meeting, Outcome, parse_meeting
from sli_cli.records.store import dump_toml, write_record
from sli_cli.records.update import Update, UpdateKind, parse_update
from tests.conftest import SliRunner
from tests.helpers import write_plan

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,10}", fullmatch=True)
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
days = st.dates(date(2000, 1, 1), date(2100, 12, 31))
stamps = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC))

actions = st.builds(Action, id=ids, text=text.filter(str.strip), owner=text.filter(str.strip),
                    due=days)
outcomes = st.builds(Outcome, objective=ids, rag=st.sampled_from(Rating), progress=text,
                     risks=text, support=text, next_steps=text,
                     actions=st.lists(actions, max_size=3).map(tuple), internal=st.booleans())
meetings = st.builds(
    Meeting, priority=ids, quarter=st.builds(Quarter, st.integers(2000, 2100), st.integers(1, 4)),
    date=days, attendees=st.lists(text, max_size=4).map(tuple),
    outcomes=st.lists(outcomes, max_size=4).map(tuple),
    not_discussed=st.lists(ids, max_size=3).map(tuple), version=st.integers(1, 50),
    recorded_at=stamps, recorded_by=text, change_note=text, notes=text,
    imported=st.lists(st.builds(ImportSource, file=text.filter(str.strip), sheet=text,
                                rows=st.lists(st.integers(1, 10**6), max_size=5).map(tuple)),
                      max_size=2).map(tuple))


@pytest.mark.slow  # 300 generated meetings: about 18 s
@settings(max_examples=300)
@given(meetings)
def test_meeting_round_trip(meeting: Meeting) -> None:
    back, problems = parse_meeting(dump_toml(kind_of(meeting).to_toml(meeting)), "m.toml")
    assert problems == []
    assert back == meeting


@given(st.builds(ActionDone, action=ids, date=days, note=text, recorded_at=stamps))
def test_action_done_round_trip(done: ActionDone) -> None:
    back, problems = parse_action_done(dump_toml(kind_of(done).to_toml(done)), "a.toml")
    assert problems == [] and back == done


links = st.sampled_from(["", "https://example.org/a?b=c", "http://x.example"])


@given(st.builds(Event, id=ids, date=days, title=text.filter(str.strip), where=text, link=links,
                 priority=ids | st.just(""), objective=ids | st.just(""), internal=st.booleans(),
                 recorded_at=stamps))
def test_event_round_trip(event: Event) -> None:
    back, problems = parse_event(dump_toml(kind_of(event).to_toml(event)), "e.toml")
    assert problems == [] and back == event


@given(st.builds(Update, id=ids, kind=st.sampled_from(UpdateKind),
                 month=st.sampled_from(["2023-01", "2024-12"]), title=text.filter(str.strip),
                 text=text, link=links, objective=ids | st.just(""), internal=st.booleans(),
                 recorded_at=stamps))
def test_update_round_trip(update: Update) -> None:
    back, problems = parse_update(dump_toml(kind_of(update).to_toml(update)), "u.toml")
    assert problems == [] and back == update


def test_bad_record_files_are_located(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    meeting = Meeting(priority="P1", quarter=Quarter(2023, 1), date=date(2023, 5, 10),
                      attendees=("SLI lead",), outcomes=(Outcome("KO1", Rating.GREEN),),
                      recorded_at=datetime(2023, 5, 10, tzinfo=UTC))
    write_record(folder, meeting)
    (folder / "events").mkdir()
    (folder / "events" / "E1.toml").write_text(
        'schema_version = 1\nid = "E1"\ndate = 2023-05-01\ntitle = "Webinar"\n'
        'link = "javascript:alert(1)"\n')
    (folder / "updates").mkdir()
    (folder / "updates" / "U1.toml").write_text("")
    (folder / "meetings" / "2023-24-Q2").mkdir()
    (folder / "meetings" / "2023-24-Q2" / "P2.toml").write_text(
        'schema_version = 1\npriority = "P2"\nquarter = "2023/24 Q2"\ndate = 2023-08-01\n'
        'version = 1\n\n[[outcomes]]\nobjective = "KO3"\nrag = "purple"\nprogres = "x"\n')
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "p/events/E1.toml:5: 'link' must be a well-formed web address starting http:// or "
        "https://, not 'javascript:alert(1)'",
        "p/meetings/2023-24-Q2/P2.toml:9: outcome for KO3: 'rag' is 'purple', which is not a "
        "rating (red, amber, green, blue, grey)",
        "p/meetings/2023-24-Q2/P2.toml:10: outcome for KO3: unknown key 'progres' (did you "
        "mean 'progress'?)",
        "p/updates/U1.toml:1: file is empty",
    ]


def test_records_in_wrong_place_and_dangling(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    (folder / "actions").mkdir()
    (folder / "actions" / "AXXXX.toml").write_text(
        'schema_version = 1\naction = "AXXXX"\ndate = 2023-05-01\n')
    (folder / "actions" / "AYYYY.toml").write_text(
        'schema_version = 1\naction = "AZZZZ"\ndate = 2023-05-01\n')
    result = sli("check", "--plan", str(folder))
    assert result.stdout.splitlines() == [
        "p/actions/AXXXX.toml:2: action AXXXX is not in any meeting",
        "p/actions/AYYYY.toml:2: completion of action AZZZZ belongs in actions/AZZZZ.toml",
    ]


def test_temporary_files_are_ignored(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    (folder / "events").mkdir()
    (folder / "events" / ".E1.toml.1a2b3c4d.tmp").write_text("half a rec")
    records, problems = read_records(folder)
    assert problems == [] and records.events == []


def test_stdlib_and_compiled_readers_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records read the same whichever TOML reader is installed."""
    import tomllib

    from sli_cli.plan import tomlsource
    from tests.helpers import EXAMPLE

    with_default, problems = read_records(EXAMPLE, use_cache=False)
    assert problems == []
    monkeypatch.setattr(tomlsource, "toml_reader", tomllib)
    with_stdlib, problems = read_records(EXAMPLE, use_cache=False)
    assert problems == []
    assert with_stdlib == with_default
    _, syntax = tomlsource.parse_toml('a = 1\nb = "open', "x.toml")
    assert [p.format() for p in syntax] == [
        "x.toml:2: TOML syntax error: Unterminated string (at the end of the file)"]
