"""One dashboard table as an .xlsx file (XlsxWriter, as documents/ writes the 花名册)."""

from __future__ import annotations

import io

import xlsxwriter

from zhicheng.documents.roster import escape_needed

from .selectors import Table


def table_xlsx(table: Table, *, heading: str) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out,
        # Never turn a string into a formula, number or link behind our back.
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    ws = workbook.add_worksheet(table.key)
    bold = workbook.add_format({"bold": True})
    head = workbook.add_format({"bold": True, "border": 1, "bg_color": "#F2F2F2", "text_wrap": True})
    cell = workbook.add_format({"border": 1})
    # quote_prefix: a name such as "=HYPERLINK(...)" stays text even when someone edits the cell.
    escaped = workbook.add_format({"border": 1, "quote_prefix": True})
    ws.write_string(0, 0, heading, bold)
    ws.write_string(1, 0, table.title, bold)
    for col, name in enumerate(table.columns):
        ws.write_string(3, col, name, head)
        ws.set_column(col, col, 28 if col == 0 else 14)
    for r, row in enumerate(table.rows, start=4):
        for c, value in enumerate(row):
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, c, value, cell)
            else:
                text = "" if value is None else str(value)
                ws.write_string(r, c, text, escaped if escape_needed(text) else cell)
    if table.note:
        ws.write_string(len(table.rows) + 5, 0, "说明：" + table.note)
    workbook.close()
    return out.getvalue()
