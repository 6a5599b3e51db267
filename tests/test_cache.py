"""The record cache is an optimisation only: it never serves a stale record."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.records import cache
from sli_cli.records.cache import cache_file
from sli_cli.records.load import read_records
from sli_cli.records.meeting import Meeting, Outcome, meeting_path
from sli_cli.records.store import list_record_files, write_record
from tests.helpers import write_plan


def meeting(rag: Rating) -> Meeting:
    return Meeting(priority="P1", quarter=Quarter(2023, 1), date=date(2023, 5, 10),
                   attendees=("SLI lead",), outcomes=(Outcome("KO1", rag, progress="x"),),
                   recorded_at=datetime(2023, 5, 10, tzinfo=UTC))


def ratings(folder: Path) -> list[Rating]:
    records, problems = read_records(folder)
    assert problems == []
    return [o.rag for m in records.meetings for o in m.outcomes]


def test_cache_is_written_and_used(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    assert ratings(folder) == [Rating.GREEN]
    path = cache_file(folder, "p")
    assert path is not None and path.is_file()
    assert ratings(folder) == [Rating.GREEN]


def test_cache_of_another_record_layout_is_not_used(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written by a build whose record code differs (same version
    number) holds objects this build cannot use: it is ignored, not served."""
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    assert ratings(folder) == [Rating.GREEN]
    fingerprints = {rel: cache.fingerprint(str(folder / rel))
                    for _, rel in list_record_files(folder)}
    with monkeypatch.context() as m:
        m.setattr(cache, "_code_digest", lambda: "the digest of an older build")
        path = cache.cache_file(folder, "p")
        assert path is not None
        cache._save(path, cache._header(folder, "p"),
                    {rel: (fp, "not a record") for rel, fp in fingerprints.items()})
    assert ratings(folder) == [Rating.GREEN]


def test_same_size_same_mtime_change_is_seen(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    assert ratings(folder) == [Rating.GREEN]
    file = meeting_path(folder, "P1", Quarter(2023, 1), 1)
    st = file.stat()
    text = file.read_text()
    changed = text.replace('rag = "green"', 'rag = "amber"')
    assert len(changed) == len(text)  # the same size
    file.write_text(changed)
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same mtime
    assert ratings(folder) == [Rating.AMBER]


def test_deleted_and_added_files(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    assert ratings(folder) == [Rating.GREEN]
    meeting_path(folder, "P1", Quarter(2023, 1), 1).unlink()
    assert ratings(folder) == []
    write_record(folder, meeting(Rating.RED))
    assert ratings(folder) == [Rating.RED]


def test_corrupt_or_unwritable_cache_does_no_harm(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    assert ratings(folder) == [Rating.GREEN]
    path = cache_file(folder, "p")
    assert path is not None
    path.write_bytes(b"not a pickle")
    assert ratings(folder) == [Rating.GREEN]
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("SLI_CACHE_DIR", str(blocker / "sub"))
    assert ratings(folder) == [Rating.GREEN]


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_NO_CACHE", "1")
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    assert ratings(folder) == [Rating.GREEN]
    assert cache_file(folder, "p") is None
    assert not (tmp_path / ".cache-sli").exists()


def test_read_only_plan_folder(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    for p in [folder, *folder.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        assert ratings(folder) == [Rating.GREEN]
    finally:
        for p in [folder, *folder.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
