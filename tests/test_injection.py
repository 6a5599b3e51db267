"""Injection: hostile user text (ANSI escape sequences, terminal control
characters, HTML, Markdown, spreadsheet formulas) recorded through the
commands is shown as text everywhere, and no id, date or month a user types
ever becomes a path outside the plan folder.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import SliRunner
from tests.helpers import tree, write_plan, written

# Each vector is recorded through the commands, then looked for in every view.
VECTORS = {
    "ansi-colour": "\x1b[31mRED\x1b[0m",
    "osc52-clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "osc8-hyperlink": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "c1-csi": "\x9b2J",
    "carriage-return": "safe\roverwritten",
    "backspace": "abc\x08\x08\x08xyz",
    "bell": "ding\x07",
    "delete": "del\x7f",
    "bidi-override": "abc\u202eevil\u202c",
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "html-entity": "&lt;b&gt;not bold&lt;/b&gt;",
    "md-table": "| col | col |",
    "md-heading": "# heading",
    "md-link": "[click](javascript:alert(1))",
    "md-emphasis": "**bold** _it_ `code`",
    "md-html-comment": "<!-- hidden -->",
    "formula-equals": "=cmd|' /C calc'!A0",
    "formula-plus": "+1+1",
    "formula-minus": "-2+3",
    "formula-at": "@SUM(A1:A2)",
    "formula-tab": "\t=1",
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def marker(name: str) -> str:
    return f"<{name}>"


def hostile(name: str) -> str:
    """The vector between markers, so each can be found in any output."""
    return f"{VECTORS[name]} ~{name}~"


BENIGN = "Plain narrative words"


def record_everything(plan: Path, text: str, titles: tuple[str, str, str]) -> None:
    """Record, through the commands, ``text`` in every free-text field."""
    from sli_cli.cli.main import run
    from sli_cli.records.load import read_records

    piped = text.replace("|", "/")  # --action splits on '|'
    hostile = text != BENIGN
    owner = "=owner()" if hostile else BENIGN
    formula = "@SUM(A1) " if hostile else ""  # a field that starts like a formula

    def sli(*argv: str) -> None:
        stderr = io.StringIO()
        saved = sys.stdout, sys.stderr, sys.stdin
        sys.stdout, sys.stderr, sys.stdin = io.StringIO(), stderr, io.StringIO()
        try:
            code = run([*argv, "--plan", str(plan)])
        finally:
            sys.stdout, sys.stderr, sys.stdin = saved
        assert code == 0, (argv, stderr.getvalue())

    sli("meeting", "record", "-p", "P1", "-d", "10/08/2023", "-y",
        "--rag", "KO1=G", "--rag", "KO2=R",
        "--progress", f"KO1={text}", "--risks", f"KO2={text}", "--support", f"KO2={formula}{text}",
        "--next", f"KO1={text}", "--action", f"KO2={piped}|{piped}|30/09/2023",
        "--attendee", text, "--notes", text)
    sli("meeting", "record", "-p", "P2", "-d", "10/11/2023", "-y", "--rag", "KO3=A",
        "--progress", f"KO3={text}", "--action", f"KO3={piped}|{owner}|31/01/2024")
    sli("update", "add", "--kind", "project", "--title", titles[0],
        "--text", text, "--month", "2023-11", "--objective", "KO1")
    sli("update", "add", "--kind", "news", "--title", titles[1],
        "--text", text, "--month", "2023-12")
    sli("event", "add", "--date", "5/12/2023", "--title", titles[2], "--where", text)
    records, _ = read_records(plan)
    first = next(a.id for m in records.meetings for _, a in m.actions if m.priority == "P1")
    sli("action", "done", first, "--date", "1/10/2023", "--note", text)
    for month in ("2023-11", "2023-12"):
        sli("edition", "write", "--month", month, "--foreword", text, "--highlight", text,
            "--highlight", titles[0])
    # The circulation names roles or lists: the hostile text without its '@'
    # (which would read as an email address).
    sli("edition", "sent", "--month", "2023-12", "--date", "2/1/2024",
        "--to", text.replace("@", "(at)"), "--to", titles[1])


HOSTILE_TEXT = " ".join(VECTORS.values())
HOSTILE_TITLES = ('=HYPERLINK("http://x") <b>', "# heading | col |",
                  "@SUM(A1) <script>x</script>")


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two plans recorded alike: one with hostile text everywhere, one plain."""
    base = tmp_path_factory.mktemp("injection")
    made = {}
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb",
                            "SLI_USER": "tester", "SLI_TODAY": "2024-01-15",
                            "SLI_CACHE_DIR": str(base / ".cache-sli")}.items():
            mp.setenv(name, value)
        for name in ("SLI_PLAN", "VISUAL", "EDITOR", "FORCE_COLOR"):
            mp.delenv(name, raising=False)
        made["hostile"] = write_plan(base / "hostile")
        record_everything(made["hostile"], HOSTILE_TEXT, HOSTILE_TITLES)
        made["benign"] = write_plan(base / "benign")
        record_everything(made["benign"], BENIGN, (BENIGN, BENIGN, BENIGN))
    return made


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-01-15")


# (view, argv, format, shows the narrative)
VIEWS = [
    ("status", ["status"], "terminal", False),
    ("status md", ["status", "-f", "md"], "md", False),
    ("objective show", ["objective", "show", "KO1"], "terminal", True),
    ("objective show P2", ["objective", "show", "KO3"], "terminal", True),
    ("meeting show", ["meeting", "show", "P1", "2023/24 Q2"], "terminal", True),
    ("meeting show --history", ["meeting", "show", "P1", "2023/24 Q2", "--history"],
     "terminal", True),
    ("meeting list", ["meeting", "list"], "terminal", False),
    ("actions", ["actions", "--all"], "terminal", True),
    ("actions md", ["actions", "--all", "-f", "md"], "md", True),
    ("actions csv", ["actions", "--all", "-f", "csv"], "csv", True),
    ("actions json", ["actions", "--all", "-f", "json"], "json", True),
    ("event list", ["event", "list"], "terminal", True),
    ("event list md", ["event", "list", "-f", "md"], "md", True),
    ("event list csv", ["event", "list", "-f", "csv"], "csv", True),
    ("update list", ["update", "list"], "terminal", False),
    ("update list md", ["update", "list", "-f", "md"], "md", False),
    ("update list csv", ["update", "list", "-f", "csv"], "csv", True),
    ("update list json", ["update", "list", "-f", "json"], "json", True),
    ("history", ["history"], "terminal", False),
    ("due", ["due"], "terminal", False),
    ("snapshot md", ["snapshot", "--month", "2023-11"], "md", True),
    ("snapshot md December", ["snapshot", "--month", "2023-12"], "md", True),
    ("snapshot html", ["snapshot", "--month", "2023-12", "-f", "html"], "html", True),
    ("snapshot html with ids", ["snapshot", "--month", "2023-11", "-f", "html", "--with-ids"],
     "html", True),
    ("snapshot text", ["snapshot", "--month", "2023-12", "-f", "text"], "text", True),
    ("snapshot md public", ["snapshot", "--month", "2023-12", "--public"], "md", True),
    ("snapshot html public", ["snapshot", "--month", "2023-11", "-f", "html", "--public"],
     "html", True),
    ("report md", ["report", "--year", "2023/24"], "md", True),
    ("report html", ["report", "--year", "2023/24", "-f", "html"], "html", True),
    ("report text", ["report", "--year", "2023/24", "-f", "text"], "text", True),
    ("pack md", ["pack", "-p", "P1"], "md", True),
    ("pack html", ["pack", "-p", "P1", "-f", "html"], "html", True),
    ("pack text", ["pack", "-p", "P1", "-f", "text"], "text", True),
    ("export csv", ["export", "-f", "csv"], "csv", True),
    ("export json", ["export", "-f", "json"], "json", True),
    ("check", ["check"], "terminal", False),
]
VIEW_IDS = [v[0] for v in VIEWS]


def show(sli: SliRunner, folder: Path, argv: list[str]) -> str:
    result = sli(*argv, "--plan", str(folder))
    assert result.exit_code in ((0, 1) if argv[0] == "due" else (0,)), result.output
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


@pytest.mark.parametrize(("argv", "fmt", "narrative"), [v[1:] for v in VIEWS], ids=VIEW_IDS)
def test_no_control_character_reaches_the_output(folders: dict[str, Path], sli: SliRunner,
                                                 argv: list[str], fmt: str,
                                                 narrative: bool) -> None:
    output = show(sli, folders["hostile"], argv)
    assert CONTROL.findall(output) == []
    if narrative and fmt != "json":
        # Shown, visibly, rather than dropped.
        assert "x1b" in output and "u202e" in output


class Tags(HTMLParser):
    """The markup of an HTML document, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)

    def handle_comment(self, data: str) -> None:
        self.tags.append(("<!--", ()))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def markup(text: str, fmt: str) -> Tags:
    if fmt == "md":
        text = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser


MARKUP_VECTORS = ["script", "img-onerror", "html-entity", "md-table", "md-heading", "md-link",
                  "md-emphasis", "md-html-comment"]


@pytest.mark.parametrize(("argv", "fmt", "narrative"),
                         [v[1:] for v in VIEWS if v[2] in ("md", "html")],
                         ids=[v[0] for v in VIEWS if v[2] in ("md", "html")])
def test_no_user_text_becomes_markup(folders: dict[str, Path], sli: SliRunner,
                                     argv: list[str], fmt: str, narrative: bool) -> None:
    """The hostile document has exactly the markup of the plain one, and the
    hostile text reads as typed."""
    hostile = markup(show(sli, folders["hostile"], argv), fmt)
    benign = markup(show(sli, folders["benign"], argv), fmt)
    assert hostile.tags == benign.tags
    shown = " ".join("".join(hostile.text).split())
    if narrative:
        for name in MARKUP_VECTORS:
            typed = VECTORS[name]  # actions were typed with '/' for '|'
            assert typed in shown or typed.replace("|", "/") in shown, name
    assert not any(tag in ("script", "img", "iframe", "object") for tag, _ in hostile.tags)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("argv", [v[1] for v in VIEWS if v[2] == "csv"],
                         ids=[v[0] for v in VIEWS if v[2] == "csv"])
def test_csv_cells_are_formula_safe(folders: dict[str, Path], sli: SliRunner,
                                    argv: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(show(sli, folders["hostile"], argv))))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells
    assert [c for c in cells if c.startswith(FORMULA_START)] == []
    guarded = [c for c in cells if c.startswith("'")]
    assert guarded, "no formula-like cell was guarded"


@pytest.mark.parametrize("argv", [v[1] for v in VIEWS if v[2] == "json"],
                         ids=[v[0] for v in VIEWS if v[2] == "json"])
def test_json_keeps_the_text_exactly(folders: dict[str, Path], sli: SliRunner,
                                     argv: list[str]) -> None:
    data = json.loads(show(sli, folders["hostile"], argv))
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    assert any(HOSTILE_TEXT in s or HOSTILE_TEXT.replace("|", "/") in s for s in strings)


# -- paths: nothing a user types as an id, date or month becomes a path --------
EVIL = ["../../evil", "/tmp/evil", "..", "P1/../../evil", "KO1/../../../evil", "a\\..\\evil",
        "./P1", "~root/evil", "2023-11/../../evil", "2023/24 Q1/../../evil"]


def path_attempts(evil: str) -> list[list[str]]:
    return [
        ["action", "done", evil, "--date", "1/10/2023"],
        ["meeting", "show", evil, "2023/24 Q2"],
        ["meeting", "show", "P1", evil],
        ["objective", "show", evil],
        ["meeting", "record", "-p", evil, "-d", "10/08/2023", "--rag", "KO1=G", "-y"],
        ["meeting", "record", "-p", "P2", "-q", evil, "--rag", "KO3=G", "-y"],
        ["meeting", "record", "-p", "P2", "-d", evil, "--rag", "KO3=G", "-y"],
        ["meeting", "record", "-p", "P2", "-d", "10/08/2023", "--rag", f"{evil}=G", "-y"],
        ["meeting", "template", "-p", evil],
        ["update", "add", "--kind", "news", "--title", "t", "--month", evil],
        ["update", "add", "--kind", "news", "--title", "t", "--objective", evil],
        ["update", "list", "--month", evil],
        ["event", "add", "--date", evil, "--title", "t"],
        ["event", "add", "--date", "1/10/2023", "--title", "t", "--priority", evil],
        ["snapshot", "--month", evil],
        ["edition", "write", "--month", evil, "--foreword", "x"],
        ["edition", "sent", "--month", evil, "--to", "DsPH"],
        ["report", "--year", evil],
        ["status", "--quarter", evil],
        ["status", "--as-of", evil],
        ["due", "--quarter", evil],
        ["meeting", "list", "--quarter", evil],
    ]


@pytest.mark.parametrize("evil", EVIL)
def test_ids_dates_and_months_never_become_paths(sli: SliRunner, tmp_path: Path,
                                                 evil: str) -> None:
    folder = write_plan(tmp_path / "work" / "plan")
    assert sli("meeting", "record", "-p", "P1", "-d", "10/08/2023", "--rag", "KO1=G",
               "--rag", "KO2=R", "--action", "KO2=Fix|Lead|30/09/2023", "-y",
               "--plan", str(folder)).exit_code == 0
    before = tree(tmp_path / "work")
    for argv in path_attempts(evil):
        result = sli(*argv, "--plan", str(folder))
        assert result.exit_code in (1, 2), (argv, result.output)
        assert result.stderr.strip() and "Traceback" not in result.stderr
        assert CONTROL.findall(result.stderr) == []
        after = tree(tmp_path / "work")
        # A meeting that could not be recorded keeps what was typed, as a draft.
        changed = {k for k in after.keys() | before.keys() if after.get(k) != before.get(k)}
        assert all(k.startswith("plan/.sli/drafts/") for k in changed), (argv, changed)
    assert not (tmp_path / "evil").exists() and not Path("/tmp/evil").exists()


def test_hostile_ids_in_record_files_are_refused(sli: SliRunner, tmp_path: Path) -> None:
    """A record file from elsewhere (a synced drive, a merge) naming an action
    '../../evil' is reported, and no command will write a path from it."""
    folder = write_plan(tmp_path / "work" / "plan")
    assert sli("meeting", "record", "-p", "P1", "-d", "10/08/2023", "--rag", "KO1=G",
               "--rag", "KO2=R", "--action", "KO2=Fix|Lead|30/09/2023", "-y",
               "--plan", str(folder)).exit_code == 0
    record = written(folder, "meetings/2023-24-Q2/P1")
    text = record.read_text(encoding="utf-8")
    action_id = re.search(r'id = "(A\w+)"', text)
    assert action_id is not None
    record.write_text(text.replace(action_id.group(1), "../../evil"), encoding="utf-8")
    (folder / "events").mkdir()
    (folder / "events" / "E2345.toml").write_text(
        'schema_version = 1\nid = "../../evil"\ndate = 2023-11-16\ntitle = "x"\n',
        encoding="utf-8")
    before = tree(tmp_path / "work")
    check = sli("check", "--plan", str(folder))
    assert check.exit_code == 1
    assert f"meetings/2023-24-Q2/{record.name}" in check.output
    assert "events/E2345.toml:2: id '../../evil' is not allowed" in check.output
    done = sli("action", "done", "../../evil", "--plan", str(folder))
    assert done.exit_code == 1
    assert tree(tmp_path / "work") == before
    assert not (tmp_path / "evil.toml").exists()


@pytest.mark.parametrize(("argv", "expected"), [
    (["status", "--quarter", "\x1b[31mQ2"],
     "sli: --quarter: '\\x1b[31mQ2' is not a quarter; write it like '2023/24 Q2' "
     "(Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar)\n"),
    (["status", "--qu\x1b]52;c;eA\x07"],
     "Usage: sli status [OPTIONS]\nTry 'sli status -h' for help.\n\n"
     "Error: No such option: --qu\\x1b]52;c;eA\\x07\n"),
    (["event", "add", "--date", "1/10/2023", "--title", "\u202eevil"],
     "sli: --title '\\\\u202eevil' contains control characters\n"),
])
def test_messages_quote_typed_text_visibly(sli: SliRunner, tmp_path: Path, argv: list[str],
                                           expected: str) -> None:
    folder = write_plan(tmp_path / "plan")
    before = tree(folder)
    result = sli(*argv, "--plan", str(folder))
    assert result.exit_code == 2
    assert result.stderr == expected
    assert tree(folder) == before


EDITION_VIEWS = [(["snapshot", "--month", "2023-12"], "md"),
                 (["snapshot", "--month", "2023-12", "-f", "html"], "html"),
                 (["snapshot", "--month", "2023-12", "-f", "text"], "text")]


@pytest.mark.parametrize(("argv", "fmt"), EDITION_VIEWS, ids=[v[1] for v in EDITION_VIEWS])
def test_the_edition_reads_as_typed(folders: dict[str, Path], sli: SliRunner,
                                    argv: list[str], fmt: str) -> None:
    """The foreword, highlights and circulation are in the snapshot, their
    markup shown as text (the markup tests above compare it with the plain
    plan's) and their control characters made visible."""
    output = show(sli, folders["hostile"], argv)
    if fmt == "text":
        shown = output
    else:
        parsed = markup(output, fmt)
        shown = "".join(parsed.text)
    top = shown[shown.index("Foreword"):shown.index("The month at a glance")]
    assert "Highlights" in top
    for name in MARKUP_VECTORS:
        assert VECTORS[name] in " ".join(top.split()), name
    assert "x1b" in top and "u202e" in top
    intro = shown[:shown.index("Foreword")]
    assert "Sent on 2 January 2024 to" in " ".join(intro.split())
    assert "(at)SUM(A1:A2)" in intro


@pytest.mark.parametrize("argv", [["snapshot", "--month", "2023-12"],
                                  ["report", "--year", "2023/24"]], ids=["snapshot", "report"])
def test_word_files_hold_user_text_as_text(folders: dict[str, Path], sli: SliRunner,
                                           tmp_path: Path, argv: list[str]) -> None:
    """The Word file of the hostile plan has the same elements as the plain
    one's (no field codes, links or markup made from text), and its
    control characters are shown, never written raw."""
    import zipfile
    from xml.etree import ElementTree

    def body(name: str) -> tuple[list[str], str]:
        target = tmp_path / f"{name}.docx"
        result = sli(*argv, "--plan", str(folders[name]), "-f", "docx", "-o", str(target))
        assert result.exit_code == 0, result.stderr
        with zipfile.ZipFile(target) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
            rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        assert "javascript" not in rels.lower()
        root = ElementTree.fromstring(xml)
        # A tab typed in text is a tab element between two texts of its run.
        tags = [e.tag.split("}")[1] for e in root.iter()
                if e.tag.split("}")[1] not in ("tab", "t")]
        text = "".join(e.text or "" for e in root.iter() if e.tag.endswith("}t"))
        return tags, text

    hostile_tags, hostile_text = body("hostile")
    benign_tags, _ = body("benign")
    assert hostile_tags == benign_tags
    assert not {"instrText", "fldSimple", "fldChar", "object"} & set(hostile_tags)
    assert CONTROL.findall(hostile_text) == []
    assert "x1b" in hostile_text and "<script>alert(1)</script>" in hostile_text
    if argv[0] == "snapshot":  # the edition's foreword and highlights, as typed
        top = hostile_text[hostile_text.index("Foreword"):
                           hostile_text.index("The month at a glance")]
        assert "Highlights" in top and top.count("<img src=x onerror=alert(1)>") == 2
