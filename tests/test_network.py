"""``sli network``: several regions read together for the national board."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from sli_cli.plan.network import read_network
from sli_cli.records.workspace import check_folder
from sli_cli.views.network import network_status, network_themes
from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, REPO, tree, write_plan

TODAY = "2024-02-15"  # 2023/24 Q4 is under review; its meetings are still owed

ALPHA = """\
    schema_version = 1
    id = "alpha-2023-25"
    title = "Alpha SLI Plan"
    network = "Alpha"
    start = "2023/24 Q1"
    end = "2024/25 Q4"
    sli_lead = "DPH, Alpha One"
    coordinator = "Alpha co-ordinator"

    [[priorities]]
    id = "TOB"
    title = "Smokefree"
    dph_lead = "DPH, Alpha One"
    tags = ["tobacco"]

    [[objectives]]
    id = "TOB1"
    priority = "TOB"
    title = "Treatment in trusts"
    lead = "DPH, Alpha One"

    [[objectives]]
    id = "TOB2"
    priority = "TOB"
    title = "Illicit tobacco"
    lead = "DPH, Alpha Two"
    tags = ["enforcement"]
    """

BETA = """\
    schema_version = 1
    id = "beta-2022-24"
    title = "Beta SLI Plan"
    network = "Beta"
    start = "2022/23 Q1"
    end = "2023/24 Q4"
    sli_lead = "DPH, Beta One"
    coordinator = "Beta co-ordinator"

    [[priorities]]
    id = "SP"
    title = "Suicide prevention"
    dph_lead = "DPH, Beta One"
    tags = ["suicide-prevention"]

    [[priorities]]
    id = "TC"
    title = "Tobacco control"
    dph_lead = "DPH, Beta Two"

    [[objectives]]
    id = "sp-1"
    priority = "SP"
    title = "Surveillance"
    lead = "DPH, Beta One"

    [[objectives]]
    id = "tc-1"
    priority = "TC"
    title = "Smoking in pregnancy"
    lead = "DPH, Beta Two"
    tags = ["tobacco"]
    """

NETWORK = """\
    schema_version = 1
    name = "Test roll-up"

    [themes]
    tobacco = "Tobacco control"
    suicide-prevention = "Suicide prevention"
    enforcement = "Enforcement"

    [[regions]]
    name = "Alpha"
    plan = "alpha"

    [[regions]]
    name = "Beta"
    plan = "beta"
    """


def meeting(folder: Path, priority: str, quarter: str, day: str,
            outcomes: list[tuple[str, str, str]]) -> None:
    """Write a meeting record: outcomes are (objective, rating, support)."""
    slug = quarter.replace("/", "-").replace(" ", "-")
    lines = ["schema_version = 1", f'priority = "{priority}"', f'quarter = "{quarter}"',
             f"date = {day}", "version = 1", f"recorded_at = {day} 12:00:00+00:00",
             'recorded_by = "co-ordinator"', 'attendees = ["SLI lead"]']
    for objective, rag, support in outcomes:
        lines += ["", "[[outcomes]]", f'objective = "{objective}"', f'rag = "{rag}"']
        if support:
            lines.append(f'support = "{support}"')
        if rag == "red":
            lines += ["", "[[outcomes.actions]]", f'id = "A{objective[:2].upper()}{day[-2:]}"',
                      'text = "Recovery plan"', 'owner = "DPH lead"', "due = 2024-06-30"]
    path = folder / "meetings" / slug / f"{priority}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", TODAY)
    alpha = write_plan(tmp_path / "net" / "alpha", ALPHA)
    beta = write_plan(tmp_path / "net" / "beta", BETA)
    meeting(alpha, "TOB", "2023/24 Q1", "2023-07-20", [("TOB1", "amber", ""),
                                                       ("TOB2", "green", "")])
    meeting(alpha, "TOB", "2023/24 Q2", "2023-10-19", [("TOB1", "red", "Ask the board"),
                                                       ("TOB2", "blue", "")])
    meeting(alpha, "TOB", "2023/24 Q3", "2024-01-18", [("TOB1", "red", "Ask the board again"),
                                                       ("TOB2", "blue", "")])
    meeting(beta, "SP", "2023/24 Q3", "2023-12-05", [("sp-1", "green", "")])
    meeting(beta, "TC", "2023/24 Q3", "2023-12-06", [("tc-1", "amber", "Pathway advice")])
    meeting(beta, "SP", "2023/24 Q4", "2024-02-10", [("sp-1", "blue", "")])
    path = tmp_path / "net" / "network.toml"
    path.write_text(textwrap.dedent(NETWORK), encoding="utf-8")
    return path


STATUS_MD = """\
# Test roll-up

Position of each region at its quarter under review, as of 15 February 2024.

## Regions

| Region | Quarter | Red | Amber | Green | Blue | Grey | Not rated | Meetings owed |
|---|---|---|---|---|---|---|---|---|
| Alpha | 2023/24 Q4 | 1 | 0 | 0 | 1 | 0 | 0 | TOB Smokefree |
| Beta | 2023/24 Q4 | 0 | 1 | 0 | 1 | 0 | 0 | TC Tobacco control |

## Red objectives

### Alpha

- **Red** TOB1 Treatment in trusts (support needed: Ask the board again)

## Regions that could not be read

_Every region's plan was read._
"""


def test_status_markdown_is_pinned(sli: SliRunner, network: Path) -> None:
    result = sli("network", "status", "--network", str(network), "--format", "md")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == STATUS_MD


THEMES_MD = """\
# Test roll-up: themes

Every region's objectives grouped by theme, as of 15 February 2024.

## Themes

### Tobacco control

2 regions, 3 objectives: 1 Red, 1 Amber, 1 Blue.

| Objective | Region | Rating |
|---|---|---|
| TOB1 Treatment in trusts | Alpha | **Red** |
| TOB2 Illicit tobacco | Alpha | **Blue** |
| tc-1 Smoking in pregnancy | Beta | **Amber** |

### Suicide prevention

1 region, 1 objective: 1 Blue.

| Objective | Region | Rating |
|---|---|---|
| sp-1 Surveillance | Beta | **Blue** |

### Enforcement

1 region, 1 objective: 1 Blue.

| Objective | Region | Rating |
|---|---|---|
| TOB2 Illicit tobacco | Alpha | **Blue** |

## Regions that could not be read

_Every region's plan was read._
"""


def test_themes_markdown_is_pinned(sli: SliRunner, network: Path) -> None:
    result = sli("network", "themes", "--network", str(network), "--format", "md")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == THEMES_MD


REPORT_MD = """\
# Test roll-up: 2023/24

The national ADPH SLI board's summary of 2023/24, drafted on 15 February 2024.

## Regions

### Alpha

- **Plan**: Alpha SLI Plan (2023/24 Q1 to 2024/25 Q4)
- Meetings held: 3 of 4 (TOB in Q4 did not meet).
- Ratings at the year's end: 1 Red, 1 Blue.

**Completed in the year**

- TOB2 Illicit tobacco

**Support asked**

- **Red** TOB1 Treatment in trusts: Ask the board again

### Beta

- **Plan**: Beta SLI Plan (2022/23 Q1 to 2023/24 Q4)
- Meetings held: 3 of 8 (SP in Q1, TC in Q1, SP in Q2, TC in Q2, TC in Q4 did not meet).
- Ratings at the year's end: 1 Amber, 1 Blue.

**Completed in the year**

- sp-1 Surveillance

**Support asked**

- **Amber** tc-1 Smoking in pregnancy: Pathway advice

## Themes at the year's end

### Tobacco control

2 regions, 3 objectives: 1 Red, 1 Amber, 1 Blue.

| Objective | Region | Rating |
|---|---|---|
| TOB1 Treatment in trusts | Alpha | **Red** |
| TOB2 Illicit tobacco | Alpha | **Blue** |
| tc-1 Smoking in pregnancy | Beta | **Amber** |

### Suicide prevention

1 region, 1 objective: 1 Blue.

| Objective | Region | Rating |
|---|---|---|
| sp-1 Surveillance | Beta | **Blue** |

### Enforcement

1 region, 1 objective: 1 Blue.

| Objective | Region | Rating |
|---|---|---|
| TOB2 Illicit tobacco | Alpha | **Blue** |

## Red objectives with support still asked at the year's end

- Alpha: **Red** TOB1 Treatment in trusts: Ask the board again

## Regions that could not be read

_Every region's plan was read._
"""


def test_report_markdown_is_pinned(sli: SliRunner, network: Path) -> None:
    result = sli("network", "report", "--year", "2023/24", "--network", str(network))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == REPORT_MD


def test_status_json_fields(sli: SliRunner, network: Path) -> None:
    result = sli("network", "status", "--network", str(network), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["network"] == "Test roll-up"
    alpha, beta = data["regions"]
    assert alpha["ok"] and alpha["quarter"] == "2023/24 Q4"
    assert alpha["counts"]["red"] == 1 and alpha["counts"]["blue"] == 1
    assert alpha["red"] == [{"id": "TOB1", "title": "Treatment in trusts", "priority": "TOB",
                             "support": "Ask the board again"}]
    assert alpha["meetings_owed"] == ["TOB"]
    assert beta["meetings_owed"] == ["TC"]


def test_status_csv_has_a_row_per_region(sli: SliRunner, network: Path) -> None:
    result = sli("network", "status", "--network", str(network), "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("region,plan,quarter,red,amber,green,blue,grey,not_rated")
    assert lines[0].endswith(",meetings_owed,red_objectives,problems")
    assert lines[1] == "Alpha,Alpha SLI Plan,2023/24 Q4,1,0,0,1,0,0,TOB,TOB1,"
    assert len(lines) == 3


def test_table_fits_80_columns(sli: SliRunner, network: Path) -> None:
    for command in ("status", "themes"):
        result = sli("network", command, "--network", str(network))
        assert result.exit_code == 0, result.output
        assert all(len(line) <= 80 for line in result.stdout.splitlines())
    status = sli("network", "status", "--network", str(network)).stdout
    assert "TOB1 Treatment in trusts" in status and "Ask the board again" in status


def test_a_broken_region_never_stops_the_others(sli: SliRunner, network: Path) -> None:
    beta_plan = network.parent / "beta" / "plan.toml"
    beta_plan.write_text(beta_plan.read_text().replace('title = "Beta SLI Plan"',
                                                       'title = "Beta SLI Plan"\ntitel = "x"'))
    with network.open("a") as f:
        f.write('\n[[regions]]\nname = "Gone"\nplan = "gone"\n'
                '\n[[regions]]\nname = "Future"\nplan = "future"\n')
    write_plan(network.parent / "future", ALPHA.replace("schema_version = 1",
                                                        "schema_version = 99"))
    before = tree(network.parent)
    for fmt in ("table", "md", "json", "csv"):
        result = sli("network", "status", "--network", str(network), "--format", fmt)
        assert result.exit_code == 1, result.output
        assert "Alpha" in result.stdout
        assert result.stderr.endswith("sli: 3 regions could not be read (the problems are "
                                      "listed with the roll-up); the other regions are shown\n")
    json_out = json.loads(sli("network", "status", "--network", str(network),
                              "--format", "json").stdout)
    by_name = {r["region"]: r for r in json_out["regions"]}
    assert by_name["Alpha"]["ok"] is True
    assert by_name["Beta"]["ok"] is False
    assert any("unknown key 'titel' (did you mean 'title'?)" in p
               for p in by_name["Beta"]["problems"])
    assert any("the plan folder does not exist" in p for p in by_name["Gone"]["problems"])
    assert any("schema_version 99 is not supported" in p for p in by_name["Future"]["problems"])
    table = sli("network", "status", "--network", str(network)).stdout
    assert "Beta (" in table and "could not be read" in table
    assert sli("network", "themes", "--network", str(network)).exit_code == 1
    assert sli("network", "report", "--network", str(network), "--year", "2023/24"
               ).exit_code == 1
    assert tree(network.parent) == before


def test_an_empty_folder_name_is_refused(sli: SliRunner, network: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(network.parent)
    result = sli("network", "themes", "", "-o", "out.md", "--force")
    assert result.exit_code == 2
    assert result.stderr == "sli: a plan folder given is empty; name each region's plan folder\n"
    assert not (network.parent / "out.md").exists()


def test_plan_folders_on_the_command_line(sli: SliRunner, network: Path) -> None:
    alpha, beta = network.parent / "alpha", network.parent / "beta"
    result = sli("network", "status", str(alpha), str(beta), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["quarter"] for r in json.loads(result.stdout)["regions"]] == [
        "2023/24 Q4", "2023/24 Q4"]
    both = sli("network", "status", str(alpha), "--network", str(network))
    assert both.exit_code == 2
    assert "not both" in both.stderr


def test_network_file_found_in_the_current_folder(sli: SliRunner, network: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(network.parent)
    assert sli("network", "status", "--format", "json").exit_code == 0
    monkeypatch.chdir(network.parent / "alpha")
    result = sli("network", "status")
    assert result.exit_code == 2
    assert "no network file" in result.stderr


def test_network_file_problems_are_located(sli: SliRunner, tmp_path: Path) -> None:
    path = tmp_path / "network.toml"
    path.write_text('schema_version = 1\nname = "N"\nregoins = []\n\n[themes]\nBad_Tag = "x"\n')
    result = sli("network", "status", "--network", str(path))
    assert result.exit_code == 1
    assert "network.toml:3: unknown key 'regoins' (did you mean 'regions'?)" in result.stderr
    assert "network.toml:6: themes: tag 'Bad_Tag' is not allowed" in result.stderr
    assert "'regions' is missing" in result.stderr
    assert "Traceback" not in result.output


def test_a_tag_in_a_plan_is_checked(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p", ALPHA.replace('tags = ["tobacco"]',
                                                      'tags = ["Tobacco Control"]'))
    _, _, problems = check_folder(folder)
    assert [p.message for p in problems] == [
        "priority TOB: tag 'Tobacco Control' is not allowed: use lower-case letters, digits "
        "and '-', at most 40"]


def test_tags_outside_the_vocabulary_are_shown(sli: SliRunner, network: Path) -> None:
    network.write_text(network.read_text().replace('enforcement = "Enforcement"\n', ""))
    result = sli("network", "status", "--network", str(network))
    assert result.exit_code == 0
    assert "Alpha: tags not in the network's themes: enforcement" in result.stdout
    themes = network_themes(network_status(read_network(network)[0], _today()))  # type: ignore[arg-type]
    assert [t.tag for t in themes.themes] == ["tobacco", "suicide-prevention", "enforcement"]


def _today():  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(TODAY)


@pytest.mark.parametrize(("args", "message"), [
    (["report", "--year", "2023"], "sli: --year 2023 names no financial year: it could be "
                                   "2023/24 (April 2023 to March 2024) or 2022/23"),
    (["report", "--year", "next"], "sli: --year 'next' is not a financial year"),
    (["status", "--format", "table", "-o", "x.txt"], "sli: --format table prints to the screen"),
    (["themes", "-o", "x.md"], "sli: --format table prints to the screen"),
])
def test_usage_mistakes_exit_2(sli: SliRunner, network: Path, args: list[str],
                               message: str) -> None:
    result = sli("network", *args, "--network", str(network))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message)


def test_output_never_goes_into_a_region_folder(sli: SliRunner, network: Path) -> None:
    before = tree(network.parent)
    target = network.parent / "alpha" / "status.md"
    result = sli("network", "status", "--network", str(network), "-f", "md", "-o", str(target))
    assert result.exit_code == 2
    assert "inside the plan folder of Alpha" in result.stderr
    assert tree(network.parent) == before
    good = network.parent.parent / "status.html"
    result = sli("network", "status", "--network", str(network), "-f", "html", "-o", str(good))
    assert result.exit_code == 0, result.output
    html = good.read_text()
    # The HTML is email-ready: styles are written on the elements themselves.
    assert re.search(r"<h1[^>]*>Test roll-up</h1>", html) and "Treatment in trusts" in html


def test_region_text_is_escaped(sli: SliRunner, network: Path) -> None:
    alpha_plan = network.parent / "alpha" / "plan.toml"
    alpha_plan.write_text(alpha_plan.read_text().replace(
        'title = "Treatment in trusts"', 'title = "<script>x</script> | *t*"'))
    html = sli("network", "status", "--network", str(network), "-f", "html").stdout
    assert "<script>x" not in html and "&lt;script&gt;" in html
    md = sli("network", "themes", "--network", str(network), "-f", "md").stdout
    assert "\\<script\\>" in md or "&lt;script&gt;" in md
    assert "| *t*" not in md


def test_the_bundled_example_network(sli: SliRunner, tmp_path: Path) -> None:
    target = tmp_path / "national"
    result = sli("network", "example", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "south-west" / "plan.toml").read_bytes() == (
        EXAMPLE / "plan.toml").read_bytes()
    status = sli("network", "status", "--network", str(target / "network.toml"))
    assert status.exit_code == 0, status.output
    assert "Northern Example Region (fictional)" in status.stdout
    themes = sli("network", "themes", "--network", str(target / "network.toml"), "-f", "json")
    tags = {row["theme"] for row in json.loads(themes.stdout)["themes"]}
    assert {"tobacco", "suicide-prevention", "cvd"} <= tags
    again = sli("network", "example", str(target))
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    # The repository's own example network is the same data.
    repo = sli("network", "status", "--network", str(REPO / "plans" / "network.toml"),
               "-f", "json")
    copy = sli("network", "status", "--network", str(target / "network.toml"), "-f", "json")
    assert repo.exit_code == 0 and copy.exit_code == 0

    def without_folders(text: str) -> list[dict[str, object]]:
        return [{k: v for k, v in r.items() if k != "folder"}
                for r in json.loads(text)["regions"]]

    assert without_folders(repo.stdout) == without_folders(copy.stdout)


def test_nine_generated_regions(sli: SliRunner, tmp_path: Path) -> None:
    """Nine regions of realistic size: every one is read and shown."""
    lines = ['schema_version = 1', 'name = "Nine regions"', '[themes]', 'tobacco = "Tobacco"']
    for n in range(9):
        folder = write_plan(tmp_path / f"r{n}", BETA.replace("beta-2022-24", f"r{n}"))
        for q, day in (("2023/24 Q3", "2023-12-05"), ("2023/24 Q4", "2024-02-10")):
            meeting(folder, "SP", q, day, [("sp-1", ["green", "amber", "red"][n % 3], "")])
            meeting(folder, "TC", q, day, [("tc-1", "amber", "")])
        lines += ["", "[[regions]]", f'name = "Region {n}"', f'plan = "r{n}"']
    (tmp_path / "network.toml").write_text("\n".join(lines) + "\n")
    result = sli("network", "status", "--network", str(tmp_path / "network.toml"), "-f",
                 "json")
    assert result.exit_code == 0, result.output
    regions = json.loads(result.stdout)["regions"]
    assert [r["counts"]["red"] for r in regions] == [0, 0, 1] * 3


def test_report_in_the_first_month_of_a_quarter_does_not_owe_its_meetings(
        sli: SliRunner, network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On 15 January 2024 the quarter under review is 2023/24 Q3: Q4 has begun,
    # but its meetings are held from April, so none of them is missed yet.
    monkeypatch.setenv("SLI_TODAY", "2024-01-15")
    result = sli("network", "report", "--year", "2023/24", "--network", str(network))
    assert result.exit_code == 0, result.stderr
    assert "- Meetings held: 3 of 3." in result.stdout
    assert "in Q4 did not meet" not in result.stdout


def test_report_in_word_and_text(sli: SliRunner, network: Path, tmp_path: Path) -> None:
    import zipfile

    target = tmp_path / "board.docx"
    result = sli("network", "report", "--year", "2023/24", "--network", str(network),
                 "--format", "docx", "-o", str(target))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as docx:
        body = docx.read("word/document.xml").decode()
    assert "Treatment in trusts" in body and "Test roll-up: 2023/24" in body
    screen = sli("network", "report", "--year", "2023/24", "--network", str(network),
                 "--format", "docx")
    assert screen.exit_code == 2
    assert "give it a name with -o FILE" in screen.stderr
    text = sli("network", "report", "--year", "2023/24", "--network", str(network),
               "--format", "text")
    assert text.exit_code == 0
    assert "Treatment in trusts" in text.stdout and "**" not in text.stdout
