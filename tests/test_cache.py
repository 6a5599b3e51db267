"""The record cache is an optimisation only: it never serves a stale record."""

from __future__ import annotations

import os
import stat
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
from sli_cli.records.withdrawal import Withdrawal
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
        write_lines(path, cache._header(folder),
                    [[rel, list(fp), "Meeting", ["not a record"]]
                     for rel, fp in sorted(fingerprints.items())])
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
    path.write_bytes(b"not JSON")
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


# -- issue 12, finding 1: nothing read from the cache runs code -------------
def fill(tmp_path: Path) -> tuple[Path, Path]:
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    assert ratings(folder) == [Rating.GREEN]
    path = cache_file(folder)
    assert path is not None and path.is_file()
    return folder, path


def test_a_pickle_in_the_cache_runs_nothing(tmp_path: Path) -> None:
    """The attack: another user replaces the cache file with a pickle whose
    loading runs a command. Nothing runs, and the records are read from disk."""
    import pickle

    folder, path = fill(tmp_path)
    witness = tmp_path / "ran"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {witness}",))

    for name in [path.name, *(f"records-{i}.pickle" for i in range(3))]:
        (path.parent / name).write_bytes(pickle.dumps(Evil()))
    assert ratings(folder) == [Rating.GREEN]
    assert not witness.exists()
    assert "pickle" not in Path(cache.__file__).read_text().replace("a pickle", "")


def write_lines(path: Path, header: object, entries: list[object]) -> None:
    import json

    path.write_text("".join(json.dumps(x) + "\n" for x in [header, *entries]))


def read_lines(path: Path) -> list[object]:
    import json

    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_cache_is_plain_json_naming_only_record_classes(tmp_path: Path) -> None:
    folder, path = fill(tmp_path)
    header, entry = read_lines(path)
    assert header == cache._header(folder)
    rel, fp, name, plain = entry  # type: ignore[misc]
    assert name == "Meeting" and isinstance(plain, list)
    # An entry naming any other class, or of the wrong shape, is not used.
    for bad in (["os.system", plain], ["Meeting", plain[:-1]], ["Meeting", {"a": 1}],
                ["Outcome", plain], ["Meeting", [*plain[:-1], {"__class__": "x"}]],
                ["Meeting"], [rel, "x", "Meeting", plain]):
        write_lines(path, header, [[rel, fp, *bad]])
        assert ratings(folder) == [Rating.GREEN]


def two_meetings(tmp_path: Path) -> tuple[Path, Path]:
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    later = Meeting(priority="P1", quarter=Quarter(2023, 2), date=date(2023, 9, 1),
                    attendees=("SLI lead",), outcomes=(Outcome("KO1", Rating.RED),),
                    recorded_at=datetime(2023, 9, 2, tzinfo=UTC))
    write_record(folder, later)
    assert ratings(folder) == [Rating.GREEN, Rating.RED]
    path = cache_file(folder)
    assert path is not None
    return folder, path


def test_the_cache_is_one_line_per_file_in_path_order(tmp_path: Path) -> None:
    folder, path = two_meetings(tmp_path)
    _header, *entries = read_lines(path)
    rels = [e[0] for e in entries]  # type: ignore[index]
    assert rels == sorted(rel for _, rel in list_record_files(folder)) and len(rels) == 2


def test_a_truncated_or_disordered_cache_serves_only_what_matches(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache cut short, or with its lines out of order, is used up to the
    first line that is not right; every file after it is read from disk."""
    folder, path = two_meetings(tmp_path)
    lines = path.read_bytes().splitlines(keepends=True)
    parsed: list[str] = []
    real = cache_parse_record_file()

    def counting(folder: Path, kind: object, rel: str, where: str) -> object:
        parsed.append(rel)
        return real(folder, kind, rel, where)

    monkeypatch.setattr("sli_cli.records.load.parse_record_file", counting)
    for broken in ([*lines[:2], lines[2][:20]],          # the last line cut short
                   [lines[0], lines[2], lines[1]],      # out of order
                   [lines[0], lines[1], lines[1]],      # a line twice
                   [lines[0], lines[1], b"[1,2]\n"]):   # a line of another shape
        path.write_bytes(b"".join(broken))
        parsed.clear()
        assert ratings(folder) == [Rating.GREEN, Rating.RED]
        assert len(parsed) == 1  # only the file after the bad line
        assert path.read_bytes() == b"".join(lines)  # and the cache is whole again
    parsed.clear()
    assert ratings(folder) == [Rating.GREEN, Rating.RED]
    assert parsed == []


def cache_parse_record_file():  # type: ignore[no-untyped-def]
    from sli_cli.records import load

    return load.parse_record_file


def test_a_line_kept_is_copied_only_while_it_still_holds_its_fingerprint(
        tmp_path: Path) -> None:
    """Between reading the cache and writing it again another run may have
    replaced it: a kept line is written only if it is still the line of the
    same file at the same fingerprint."""
    _folder, path = two_meetings(tmp_path)
    header, first, second = read_lines(path)
    kept = {first[0]: tuple(first[1])}  # type: ignore[index]
    # Another run's cache now says something else about the first file.
    other = [first[0], [1, 2, 3, 4], *first[2:]]  # type: ignore[index]
    write_lines(path, header, [other, second])
    cache._save(path, header, kept, {})  # type: ignore[arg-type]
    assert read_lines(path) == [header]


def test_the_cache_folder_and_files_are_private(tmp_path: Path) -> None:
    _folder, path = fill(tmp_path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("how", ["others-write", "group-write", "symlink", "other-owner"])
def test_an_untrusted_cache_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               how: str) -> None:
    """A cache folder someone else could write to, or does own, is not used:
    nothing is read from it and nothing is written into it."""
    folder = write_plan(tmp_path / "p")
    write_record(folder, meeting(Rating.GREEN))
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared
    if how == "others-write":
        shared.chmod(0o777)
    elif how == "group-write":
        shared.chmod(0o770)
    elif how == "symlink":
        target = tmp_path / "link"
        target.symlink_to(shared, target_is_directory=True)
    else:
        if os.getuid() != 0:
            pytest.skip("needs root to give the folder to another user")
        os.chown(shared, 4321, 4321)
    monkeypatch.setenv("SLI_CACHE_DIR", str(target))
    assert cache.cache_dir() is None and cache_file(folder) is None
    assert ratings(folder) == [Rating.GREEN]
    assert list(shared.iterdir()) == []


def test_a_file_not_ours_or_writable_by_others_is_not_read(tmp_path: Path) -> None:
    folder, path = fill(tmp_path)
    good = path.read_bytes()
    # A planted entry saying KO1 is red, under the real fingerprint.
    path.write_bytes(good.replace(b'"green"', b'"red"'))
    path.chmod(0o600)
    assert ratings(folder) == [Rating.RED]  # ours and private: used (same fingerprint)
    path.write_bytes(good.replace(b'"green"', b'"red"'))
    path.chmod(0o666)
    assert ratings(folder) == [Rating.GREEN]  # writable by others: not read
    if os.getuid() == 0:
        path.write_bytes(good.replace(b'"green"', b'"red"'))
        path.chmod(0o600)
        os.chown(path, 4321, 4321)
        assert ratings(folder) == [Rating.GREEN]  # another user's: not read


def test_one_cache_per_folder_however_it_is_spelt(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder, path = fill(tmp_path)
    monkeypatch.chdir(folder)
    assert cache_file(Path(".")) == path
    monkeypatch.chdir(tmp_path)
    assert cache_file(Path("p/../p")) == path
    monkeypatch.chdir(folder)
    records, _ = read_records(Path("."))
    # The path shown is where the file is from here, not from where it was cached.
    assert records.meetings[0].path == "meetings/2023-24-Q1/P1.toml"
    assert len(list(path.parent.glob("records-*"))) == 1


def test_old_cache_files_are_evicted(tmp_path: Path) -> None:
    base = tmp_path / ".cache-sli"
    folders = []
    for n in range(cache.MAX_FILES + 5):
        folder = write_plan(tmp_path / f"p{n}")
        write_record(folder, meeting(Rating.GREEN))
        folders.append(folder)
        assert ratings(folder) == [Rating.GREEN]
    assert len(list(base.glob("records-*"))) == cache.MAX_FILES
    assert cache_file(folders[-1]) in list(base.glob("records-*"))
    cache.evict(base, max_bytes=1)
    assert list(base.glob("records-*")) == []


def test_one_lstat_per_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = fill(tmp_path)
    calls: list[str] = []
    real = os.lstat, os.stat
    monkeypatch.setattr(cache.os, "lstat", lambda p, *a, **k: calls.append("lstat") or real[0](p))
    monkeypatch.setattr(cache.os, "stat", lambda p, *a, **k: calls.append("stat") or real[1](p))
    monkeypatch.setattr(cache.os.path, "islink", lambda p: calls.append("islink") or False)
    monkeypatch.setattr(cache.os.path, "isfile", lambda p: calls.append("isfile") or True)
    assert cache.fingerprint(str(meeting_path(folder, "P1", Quarter(2023, 1), 1))) is not None
    assert calls == ["lstat"]


def test_a_symlinked_record_is_never_cached(tmp_path: Path) -> None:
    folder, _path = fill(tmp_path)
    file = meeting_path(folder, "P1", Quarter(2023, 1), 1)
    real = tmp_path / "real.toml"
    real.write_bytes(file.read_bytes())
    file.unlink()
    file.symlink_to(real)
    assert cache.fingerprint(str(file)) is None


def test_every_record_of_the_example_plan_round_trips_through_the_codec() -> None:
    """Each record class the cache may hold is rebuilt equal from its plain
    form (a new field of a type the codec does not know fails here)."""
    from tests.helpers import EXAMPLE

    records, problems = read_records(EXAMPLE, use_cache=False)
    assert problems == []
    every = [m for versions in records.meeting_versions.values() for m in versions]
    every += [*records.done.values(), *records.events, *records.updates]
    # The example withdraws nothing: one withdrawal made here stands for them.
    every.append(Withdrawal("E7KQ2", "Cancelled", datetime(2023, 11, 2, 9, tzinfo=UTC),
                            "SW SLI co-ordinator", "k3f9mq2x", "withdrawals/E7KQ2.k3f9mq2x.toml"))
    # Nor does it record an output delivered: one made here stands for them.
    from sli_cli.records.output_done import OutputDone

    every.append(OutputDone("KO4.1", date(2022, 12, 15), "Signed",
                            datetime(2022, 12, 16, 9, tzinfo=UTC), "SW SLI co-ordinator",
                            uid="r7tw4hna", amends=("k3f9mq2x",),
                            path="outputs/KO4.1.r7tw4hna.toml"))
    # Nor a support response.
    from sli_cli.records.support_response import SupportResponse

    every.append(SupportResponse("P2-2023-24-Q1-KO5", date(2023, 9, 1), "Raised",
                                 datetime(2023, 9, 2, 9, tzinfo=UTC), "SW SLI co-ordinator",
                                 "fuller", "t4nq8zke", ("k3f9mq2x",),
                                 "support/P2-2023-24-Q1-KO5.t4nq8zke.toml"))
    # Nor a snapshot edition: one sent, one not, stand for them.
    from sli_cli.records.edition import Edition

    every.append(Edition("2023-11", "A foreword.", ("One", "Two"), date(2023, 12, 6),
                         ("All DsPH",), ("lead@council.example",), 2,
                         datetime(2023, 12, 6, 9, tzinfo=UTC), "SW SLI co-ordinator",
                         uid="t6hv3mzc", amends=("q8wd2kpa",),
                         path="snapshots/2023-11.t6hv3mzc.toml"))
    every.append(Edition("2023-12", "Another.", path="snapshots/2023-12.toml"))
    # Nor a QI project, nor a meeting with apologies and decisions.
    from dataclasses import replace

    from sli_cli.records.meeting import Decision
    from sli_cli.records.project import Project, ProjectStatus

    every.append(Project("Q7KQ2", "Smoking in pregnancy QI", ProjectStatus.COMPLETE,
                         date(2023, 9, 12), "Torbay", "KO4", "Consultant", "Fewer smokers.",
                         True, datetime(2023, 11, 2, 9, tzinfo=UTC), "SW SLI co-ordinator",
                         "Finished", "d9dvptbm", ("k2av9czs",), "projects/Q7KQ2.d9dvptbm.toml"))
    every.append(replace(every[0], apologies=("DPH, Torbay",),
                         decisions=(Decision("Adopt it", "KO1"), Decision("Meet monthly"))))
    kinds = {type(r).__name__ for r in every}
    assert kinds == set(cache._record_classes())
    decoders = cache._record_decoders()
    for record in every:
        import json

        plain = json.loads(json.dumps(cache._encode(record)))
        assert decoders[type(record).__name__](plain, record.path) == record
