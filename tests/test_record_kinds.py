"""The table of record kinds: a kind added to it is loaded, cached, checked
and kept safe from ``-o`` with no other change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sli_cli.core.errors import Problem
from sli_cli.plan.model import Plan
from sli_cli.records import kinds
from sli_cli.records.common import checked_id, drop_empty, open_record
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet
from sli_cli.records.load import read_records
from sli_cli.records.store import list_record_files, write_record
from tests.conftest import SliRunner
from tests.helpers import write_plan


@dataclass(frozen=True)
class Note:
    """A toy kind: a note about one objective."""

    id: str
    objective: str
    path: str = field(default="", compare=False)


def parse_note(data: bytes, where: str) -> tuple[Note | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    note = Note(checked_id(f), checked_id(f, "objective"), where)
    f.finish()
    return (note if len(problems) == before else None), problems


def note_to_toml(note: Note) -> dict[str, Any]:
    return drop_empty({"schema_version": 1, "id": note.id, "objective": note.objective})


def check_notes(plan: Plan, records: RecordSet, context: CheckContext) -> list[Problem]:
    return [context.problem(n.path, ("objective",),
                            f"note {n.id}: objective {n.objective} is not defined")
            for n in records.of(NOTE) if plan.objective(n.objective) is None]


NOTE: RecordKind[Note] = RecordKind(
    name="note", folder="notes", type=Note, parse=parse_note, to_toml=note_to_toml,
    path=lambda n: f"notes/{n.id}.toml", describe=lambda n: f"note {n.id}",
    check=check_notes, id_prefix="N")


@pytest.fixture
def with_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, NOTE))


def test_a_registered_kind_is_written_loaded_and_cached(with_notes: None,
                                                        tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    path = write_record(folder, Note("N1", "KO1"))
    assert path == folder / "notes" / "N1.toml"
    assert [(k.name, rel) for k, rel in list_record_files(folder)] == [("note", "notes/N1.toml")]
    for _ in range(2):  # the second read comes from the record cache
        records, problems = read_records(folder)
        assert problems == []
        assert records.of(NOTE) == [Note("N1", "KO1")]
    assert records.of(NOTE)[0].path == "p/notes/N1.toml"


def test_a_registered_kind_is_checked(with_notes: None, sli: SliRunner,
                                      tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    (folder / "notes").mkdir()
    (folder / "notes" / "N1.toml").write_text('schema_version = 1\nid = "N1"\n'
                                              'objective = "KO99"\n')
    (folder / "notes" / "N2.toml").write_text('schema_version = 1\nid = "N3"\n'
                                              'objective = "KO1"\n')
    (folder / "notes" / "N4.toml").write_text('schema_version = 1\nid = "N4"\n'
                                              'objective = "KO1"\ncolour = "red"\n')
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "p/notes/N1.toml:3: note N1: objective KO99 is not defined",
        "p/notes/N2.toml:2: note N3 belongs in notes/N3.toml",
        "p/notes/N4.toml:4: unknown key 'colour'",
    ]


@pytest.mark.parametrize("target", ["notes/out.md", "notes"])
def test_a_registered_kind_is_kept_from_output_files(with_notes: None, sli: SliRunner,
                                                     tmp_path: Path, target: str) -> None:
    folder = write_plan(tmp_path / "p")
    (folder / "notes").mkdir()
    result = sli("snapshot", "--plan", str(folder), "--month", "2023-05",
                 "-o", str(folder / target))
    assert result.exit_code == 2
    assert "is one of the plan's own files" in result.stderr
    assert list((folder / "notes").iterdir()) == []


def test_every_kind_has_its_own_folder_and_name() -> None:
    folders = [k.folder for k in kinds.all_kinds()]
    names = [k.name for k in kinds.all_kinds()]
    assert len(set(folders)) == len(folders) and len(set(names)) == len(names)
    assert kinds.kind_named("meetings") is kinds.kind_named("meeting")
