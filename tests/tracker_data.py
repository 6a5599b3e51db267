"""Trackers shaped like the ones networks keep, built in code (never by hand).

Each builder writes a file and returns it; the expected positions sit in the
tests beside the imports.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

FILLS = {"red": "FF0000", "amber": "FFC000", "green": "00B050", "blue": "0070C0",
         "grey": "BFBFBF"}


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", fgColor="FF" + colour)


def merged_tracker(path: Path) -> Path:
    """Header on row 4 under a title and notes; priority, lead and deputy in
    merged cells spanning their objectives; a spacer row; quarters written
    ``Q1 23/24 RAG``, ``2023/24 Q2 RAG``, ``Q2 comments`` (year from the sheet);
    ratings as words, letters, odd case and "Amber/Green"; meeting dates as
    serial numbers; a Key sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "2023-24"
    ws["A1"] = "North East SLI Action Plan tracker 2023-24"
    ws["A2"] = "Notes: ratings agreed at the quarterly SLI meetings."
    headers = ["Priority area", "Key objective", "DPH lead", "Deputy lead",
               "Q1 23/24 RAG", "Q1 23/24 update", "Q1 meeting date",
               "2023/24 Q2 RAG", "Q2 progress", "Q2 comments"]
    for column, header in enumerate(headers, start=1):
        ws.cell(4, column, header)
    rows = [
        # priority, objective, lead, deputy, q1 rag, q1 update, q1 date, q2 rag, q2 prog, q2 com
        ("Tobacco and vaping", "Smokefree pregnancy pathway in every trust", "DPH, Durham",
         "DPH, Gateshead", "Amber", "Two trusts live", 45125, "g", "Four trusts live",
         "Funding agreed"),
        (None, "Vape retail enforcement", None, None, " RED ", "Test purchases paused", 45125,
         "Amber/Green", "Restarted", None),
        (None, "Stop smoking service uptake", None, None, "G", None, 45125, None, None, None),
        None,  # spacer
        ("Hypertension and CVD", "Blood pressure checks in pharmacies", "DPH, Sunderland",
         None, "green", "On track", 45127, "BLUE", "Complete", None),
        (None, "NHS Health Check recovery", None, None, "a", "Invites behind", 45127, "r",
         "Provider failed", None),
    ]
    r = 5
    for row in rows:
        if row is not None:
            for column, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, column, value)
        r += 1
    ws.merge_cells("A5:A7")
    ws.merge_cells("C5:C7")
    ws.merge_cells("D5:D7")
    ws.merge_cells("A9:A10")
    ws.merge_cells("C9:C10")
    key = wb.create_sheet("Key")
    key["A1"] = "Key"
    for i, (word, colour) in enumerate(FILLS.items(), start=2):
        key.cell(i, 1, word.capitalize()).fill = _fill(colour)
    key["B2"] = "Off track: escalate to the SLI lead"
    key["B4"] = "On track for the year's outputs"
    wb.save(path)
    return path


MERGED_MAPPING = textwrap.dedent("""\
    [plan]
    title = "North East SLI Action Plan"
    network = "North East"

    [[sheets]]
    name = "2023-24"
    header_row = 4
    year = "2023/24"

    [columns]
    "Priority area" = "priority"
    "Key objective" = "objective"
    "DPH lead" = "lead"
    "Deputy lead" = "deputy"
    "Q1 23/24 RAG" = "2023/24 Q1 rag"
    "Q1 23/24 update" = "2023/24 Q1 progress"
    "Q1 meeting date" = "Q1 date"
    "2023/24 Q2 RAG" = "2023/24 Q2 rag"
    "Q2 progress" = "Q2 progress"
    "Q2 comments" = "Q2 progress"

    [ratings]
    "Amber/Green" = "amber"
    """)


def colour_tracker(path: Path) -> Path:
    """One sheet per year; ratings only as fill colours; an id column; a Key
    sheet explaining the colours; real dates; a notes row above the header."""
    from openpyxl import Workbook

    wb = Workbook()
    key = wb.active
    key.title = "Key"
    key["A1"] = "Colour"
    key["B1"] = "Meaning"
    for i, (word, colour) in enumerate(FILLS.items(), start=2):
        key.cell(i, 1).fill = _fill(colour)
        key.cell(i, 2, word.capitalize())
    years = {
        "2022-23": {"KO1": ["red", "amber", "amber", "green"],
                    "KO2": ["grey", "grey", "amber", "amber"],
                    "KO3": ["green", "green", None, "blue"]},
        "2023-24": {"KO1": ["green", "blue", None, None],
                    "KO2": ["amber", "red", "amber", None],
                    "KO3": ["blue", None, None, None]},
    }
    titles = {"KO1": "Suicide prevention plans refreshed", "KO2": "Real-time surveillance",
              "KO3": "Bereavement support offer"}
    priorities = {"KO1": ("P1", "Suicide prevention", "DPH, Leeds"),
                  "KO2": ("P1", "Suicide prevention", "DPH, Leeds"),
                  "KO3": ("P2", "Mental wellbeing", "DPH, York")}
    for name, ratings in years.items():
        ws = wb.create_sheet(name)
        ws["A1"] = "Yorkshire and the Humber SLI tracker"
        headers = ["Ref", "Priority", "Objective", "Lead", "Q1 RAG", "Q2 RAG", "Q3 RAG",
                   "Q4 RAG", "Q1 date"]
        for column, header in enumerate(headers, start=1):
            ws.cell(3, column, header)
        for r, (ko, quarters) in enumerate(ratings.items(), start=4):
            _, ptitle, lead = priorities[ko]
            ws.cell(r, 1, ko)
            ws.cell(r, 2, ptitle)
            ws.cell(r, 3, titles[ko])
            ws.cell(r, 4, lead)
            for q, rating in enumerate(quarters):
                if rating is not None:
                    ws.cell(r, 5 + q).fill = _fill(FILLS[rating])
        ws.cell(4, 9, datetime(int(name[:4]), 6, 20))
    wb.save(path)
    return path


COLOUR_MAPPING = textwrap.dedent("""\
    [[sheets]]
    name = "2022-23"
    year = "2022/23"

    [[sheets]]
    name = "2023-24"
    year = "2023/24"

    [columns]
    "Ref" = "objective_id"
    "Priority" = "priority"
    "Objective" = "objective"
    "Lead" = "lead"
    "Q1 RAG" = "Q1 rag"
    "Q2 RAG" = "Q2 rag"
    "Q3 RAG" = "Q3 rag"
    "Q4 RAG" = "Q4 rag"
    "Q1 date" = "Q1 date"

    [colours]
    "FF0000" = "red"
    "FFC000" = "amber"
    "00B050" = "green"
    "0070C0" = "blue"
    "BFBFBF" = "grey"
    """)


CSV_TRACKER = textwrap.dedent("""\
    East Midlands SLI tracker,,,,,,
    Exported from SharePoint,,,,,,
    Priority,Objective,DPH lead,Q4 2022/23 RAG,2022/23 Q4 update,Q1 2023/24 RAG,\
    2023/24 Q1 update,Q1 2023/24 meeting date
    Screening and immunisation,MMR uptake in under-fives,"DPH, Leicester",R,Uptake 86%,\
    A,Uptake 89%,12/07/2023
    ,Cervical screening recall,,G,,g,"Recall letters sent
    in all areas",12/07/2023
    ,,,,,,,
    Health inequalities,Core20PLUS5 with the ICSs,"DPH, Nottingham",A,,Green,"Costs £45k, agreed",
    """)

CSV_MAPPING = textwrap.dedent("""\
    [[sheets]]
    name = ""
    header_row = 3

    [columns]
    "Priority" = "priority"
    "Objective" = "objective"
    "DPH lead" = "lead"
    "Q4 2022/23 RAG" = "2022/23 Q4 rag"
    "2022/23 Q4 update" = "2022/23 Q4 progress"
    "Q1 2023/24 RAG" = "2023/24 Q1 rag"
    "2023/24 Q1 update" = "2023/24 Q1 progress"
    "Q1 2023/24 meeting date" = "2023/24 Q1 date"
    """)


def csv_tracker(path: Path) -> Path:
    path.write_text(CSV_TRACKER, encoding="utf-8")
    return path
