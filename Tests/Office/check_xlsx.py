"""Reads a workbook `thidua rank --format xlsx` wrote (openpyxl, not our code) and compares
every cell of every table with the JSON report of the same replay.

usage: check_xlsx.py BOOK.xlsx REPORT.json
Prints one line per difference and exits 1 if there is any; otherwise prints
`OK <sheets> sheets, <cells> cells` and the facts the Swift test asserts on, and exits 0.
"""
import datetime
import json
import sys

import openpyxl

BAND_SHEET_HEADER = ["Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Điểm tiêu chí", "Điểm cộng", "Điểm trừ",
                     "Xếp loại", "Lý do xếp loại", "Không xét danh hiệu", "Vi phạm", "Hình thành từ", "Hòa điểm"]
CRITERIA_HEADER = ["Cụm, khối", "Ngày", "Mã đơn vị", "Đơn vị", "Tiêu chí", "Tên tiêu chí", "Điểm", "Điểm tối đa",
                   "Cách tính", "Đã thẩm định", "Bản ghi"]

problems = []
cells = 0


def same(where, got, want):
    global cells
    cells += 1
    if isinstance(want, float) or isinstance(got, float):
        ok = isinstance(got, (int, float)) and not isinstance(got, bool) and abs(float(got) - float(want)) < 1e-9
    else:
        ok = (got if got is not None else "") == want
    if not ok:
        problems.append(f"{where}: workbook has {got!r}, the JSON report {want!r}")


def table(ws, header):
    """The rows under the header row, as lists of cell objects."""
    for row in ws.iter_rows():
        if [c.value for c in row[:len(header)]] == header:
            start = row[0].row
            break
    else:
        problems.append(f"{ws.title}: no header row {header[:3]}…")
        return []
    rows = []
    for row in ws.iter_rows(min_row=start + 1):
        if row[0].value is None:
            break
        rows.append(row)
    if ws.freeze_panes != f"A{start + 1}":
        problems.append(f"{ws.title}: panes frozen at {ws.freeze_panes}, not under the header (A{start + 1})")
    return rows


def main():
    book, report = sys.argv[1], sys.argv[2]
    wb = openpyxl.load_workbook(book)
    data = json.load(open(report, encoding="utf-8"))
    groups = data["groups"]
    if len(wb.sheetnames) != len(groups) + 1:
        problems.append(f"{len(wb.sheetnames)} sheets for {len(groups)} groups (want one per group and Tiêu chí)")
    formats = set()
    for ws, g in zip(wb.worksheets, groups):
        title = ws["A1"].value or ""
        if not title.startswith(g["name"]):
            problems.append(f"{ws.title}: title {title!r} does not name {g['name']!r}")
        rows = table(ws, BAND_SHEET_HEADER)
        if len(rows) != len(g["units"]):
            problems.append(f"{ws.title}: {len(rows)} rows for {len(g['units'])} units")
        for row, u in zip(rows, g["units"]):
            w = f"{ws.title}!row {row[0].row}"
            v = [c.value for c in row]
            same(w + " rank", v[0], u["rank"])
            same(w + " unit", v[1], u["unit"])
            same(w + " name", v[2], u["name"])
            same(w + " total", v[3], float(u["total"]))
            same(w + " criteria", v[4], float(u["criteriaTotal"]))
            same(w + " bonuses", v[5], float(sum(b["points"] for b in u["bonuses"])))
            same(w + " deductions", v[6], float(sum(d["points"] for d in u["deductions"])))
            same(w + " band", v[7], u["bandName"])
            same(w + " reason", v[8], u["bandReason"])
            same(w + " disqualified", v[9], "có" if u["disqualified"] else "")
            same(w + " violations", v[10], "; ".join(u["violationReasons"]))
            same(w + " lineage", v[11], "; ".join(u["lineageReasons"]))
            same(w + " tie", v[12], u["tieReason"] or "")
            if not isinstance(row[0].value, int):
                problems.append(f"{w}: the rank is {type(row[0].value).__name__}, not a number")
            for c in row[3:7]:
                formats.add(c.number_format)
        footer = [r[0].value for r in ws.iter_rows(min_row=ws.max_row - 1)]
        same(ws.title + " leader", footer[0], g["leaderReason"])
        same(ws.title + " flag", footer[1], "Cờ thi đua của UBND tỉnh: " + g["provinceFlagReason"])
    ws = wb.worksheets[-1]
    rows = table(ws, CRITERIA_HEADER)
    want = [(g, u, c) for g in groups for u in g["units"] for c in u["criteria"]]
    if len(rows) != len(want):
        problems.append(f"{ws.title}: {len(rows)} rows for {len(want)} criteria")
    for row, (g, u, c) in zip(rows, want):
        w = f"{ws.title}!row {row[0].row}"
        v = [x.value for x in row]
        same(w + " group", v[0], g["group"])
        same(w + " date", v[1].date().isoformat() if isinstance(v[1], datetime.datetime) else v[1], g["date"])
        same(w + " unit", v[2], u["unit"])
        same(w + " name", v[3], u["name"])
        same(w + " criterion", v[4], c["criterion"])
        same(w + " points", v[6], float(c["points"]))
        same(w + " max", v[7], float(c["max"]))
        same(w + " basis", v[8], c["basis"])
        same(w + " appraised", v[9], "có" if c["appraised"] else "")
        same(w + " entries", v[10], ", ".join(str(e) for e in c["entries"]))
        formats.add(row[6].number_format)
    for p in problems[:40]:
        print(p)
    if problems:
        print(f"{len(problems)} differences")
        return 1
    print(f"OK {len(wb.sheetnames)} sheets, {cells} cells")
    print("sheets: " + " | ".join(wb.sheetnames))
    print("number formats: " + " | ".join(sorted(formats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
