"""评委会评审对象资格审查花名册 (seed 003 附件7) as an Excel workbook.

Exactly the note's 36 columns under a two-row header (groups merged across their
sub-columns, single columns merged down both rows), every date as the text "200808",
every cell in text format (注3), 单位性质 and 最高学历 from the note's lists (注5, 注6,
offered as drop-downs too), the note's footer rows, A3 landscape (注11).

Rows are streamed from an iterator with XlsxWriter's constant_memory mode: each row is
flushed to a temporary file as soon as the next one starts, so 10,000 applicants take
the same memory as ten. The data rows go through RosterSheet.write_text_row(), which
writes a row of plain text cells in one step (see its docstring and docs/documents.md
for the figures, and bench/bench_documents.py for the benchmark).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from zhicheng.core.dates import cn_date

from .data import EDUCATION_LEVELS, EMPLOYER_NATURES, LANGUAGE_COMPUTER_RESULTS, RosterMeta, RosterRow
from .masking import id_number as shown_id_number
from .masking import phone as shown_phone

TITLE = "评委会评审对象资格审查花名册"
SHEET_NAME = "花名册"

# Characters that make a spreadsheet treat a typed value as a formula (OWASP "CSV injection");
# tab and carriage return are included because some programs strip them and then evaluate.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def yyyymm(value: date | None) -> str:
    """注3: 表中所有时间均按“200808”格式表示."""
    return f"{value.year:04d}{value.month:02d}" if value else ""


def _count(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


@dataclass(frozen=True)
class Column:
    header: str  # the top-row label (the group's label for grouped columns)
    sub: str | None  # the second-row label of a grouped column, None for a single column
    width: float
    value: Callable[[RosterRow, bool], str]


def _c(header: str, width: float, value: Callable[[RosterRow, bool], str], sub: str | None = None) -> Column:
    return Column(header=header, sub=sub, width=width, value=value)


# seed 003 附件7, left to right. The notice's Word table places 毕业时间（年月）/院校名称/毕业专业
# in a third header row under 毕业院校; here they are that group's second row, like the
# other three groups, so the header is two rows throughout.
COLUMNS: tuple[Column, ...] = (
    _c("序号", 5, lambda r, _: ""),  # filled by the writer
    _c("姓 名", 8, lambda r, _: r.name),
    _c("身份证号", 20, lambda r, reveal: shown_id_number(r.id_number, reveal_identifiers=reveal)),
    _c("工作单位", 26, lambda r, _: r.employer),
    _c("单位性质", 14, lambda r, _: r.employer_nature),
    _c("性别", 5, lambda r, _: r.gender),
    _c("出生年月", 8, lambda r, _: yyyymm(r.birth_date)),
    _c("参加工作时间", 8, lambda r, _: yyyymm(r.work_start)),
    _c("工作部门及岗位（行政职务）", 16, lambda r, _: r.department_position),
    _c("最高学历", 9, lambda r, _: r.education_level),
    _c("最高学位", 9, lambda r, _: r.degree),
    _c("毕业院校", 9, lambda r, _: yyyymm(r.graduated_on), sub="毕业时间（年月）"),
    _c("毕业院校", 18, lambda r, _: r.school, sub="院校名称"),
    _c("毕业院校", 14, lambda r, _: r.major, sub="毕业专业"),
    _c("从事何专业工作", 10, lambda r, _: r.specialty),
    _c("专业工作年限", 7, lambda r, _: _count(r.specialty_years)),
    _c("现专业技术资格", 12, lambda r, _: r.current_qualification, sub="名称"),
    _c("现专业技术资格", 8, lambda r, _: yyyymm(r.current_qualification_on), sub="取得时间"),
    _c("现聘任专业技术职务", 12, lambda r, _: r.current_post, sub="名称"),
    _c("现聘任专业技术职务", 8, lambda r, _: yyyymm(r.current_post_on), sub="聘任时间"),
    _c("推荐专业技术资格名称", 12, lambda r, _: r.recommended_qualification),
    _c("外语成绩", 7, lambda r, _: r.foreign_language),
    _c("计算机成绩", 7, lambda r, _: r.computer),
    # seed 003 附件5 三4: 逐年考核结果, e.g. 2019合格、2020优秀.
    _c("单位考核情况", 20, lambda r, _: "、".join(a.label for a in r.assessments)),
    _c("继续教育情况（学时数）", 9, lambda r, _: _count(r.ce_hours)),
    _c(
        "下一级评委会推荐评审情况",
        6,
        lambda r, _: _count(r.lower_committee.members) if r.lower_committee else "",
        sub="总人数",
    ),
    _c(
        "下一级评委会推荐评审情况",
        6,
        lambda r, _: _count(r.lower_committee.present) if r.lower_committee else "",
        sub="出席人数",
    ),
    _c(
        "下一级评委会推荐评审情况",
        6,
        lambda r, _: _count(r.lower_committee.approve) if r.lower_committee else "",
        sub="赞成数",
    ),
    _c(
        "下一级评委会推荐评审情况",
        6,
        lambda r, _: _count(r.lower_committee.against) if r.lower_committee else "",
        sub="反对数",
    ),
    _c("符合破格条件", 16, lambda r, _: r.exceptional_basis),
    _c("申报人联系电话（手机必填）", 13, lambda r, reveal: shown_phone(r.phone, reveal_identifiers=reveal)),
    _c("申报人通信地址", 24, lambda r, _: r.address),
    _c("邮政编码", 8, lambda r, _: r.postcode),
    _c("主管部门", 16, lambda r, _: r.department),
    _c("所在县市区", 10, lambda r, _: r.county),
    # 注7: the earlier 学历 matching the specialty is reported "同时"; it goes to 备注 so the
    # 最高学历 columns stay single-valued.
    _c(
        "备注",
        18,
        lambda r, _: "；".join(
            p for p in (f"专业一致的前学历：{r.prior_education}" if r.prior_education else "", r.remarks) if p
        ),
    ),
)

# The note under the table, numbered as the notice means it (its own numbering repeats
# "4" and has a stray "、3．").
NOTES: tuple[str, ...] = (
    "本表由委托单位填写，报系列主管部门和人事部门审核。",
    "本表连同电子版本（要求用EXCEL制作）报送。",
    "涉及到数字的请将此表的相关单元格格式设置为“文本格式”，表中所有时间均按“200808”格式表示。",
    "身份证号码务必准确填写。",
    "工作单位务必用全称，要完整准确输入。",
    "“单位性质”一栏按浙人专（2007）57号文件所列的类别"
    + "、".join(f"“{n}”" for n in EMPLOYER_NATURES)
    + "填写。",
    "最高学历栏按下列内容选择填写：" + "、".join(f"“{n}”" for n in EDUCATION_LEVELS) + "。",
    "所学专业与现从事专业不一致的，需将专业一致的前学历相关信息同时填报。",
    "“从事专业”指申报相应专业技术资格时所从事的专业，将填入资格证书专业名称栏内，请填写完整准确，字数最多不超过6个字。",
    "外语计算机应填“合格”或“省线合格”。",
    "请准确填写主管单位名称，应与评审表中的印章一致。",
    "本表一律用A3纸打印。",
)

HEADER_TOP_ROW = 2  # 0: title, 1: 委托单位（盖章）, 2–3: header, 4…: data
FIRST_DATA_ROW = HEADER_TOP_ROW + 2


def header_spans() -> list[tuple[int, int, str, bool]]:
    """(first column, last column, label, grouped) of the top header row."""
    spans: list[tuple[int, int, str, bool]] = []
    for i, col in enumerate(COLUMNS):
        if spans and col.sub is not None and spans[-1][2] == col.header and spans[-1][3]:
            first, _, label, grouped = spans[-1]
            spans[-1] = (first, i, label, grouped)
        else:
            spans.append((i, i, col.header, col.sub is not None))
    return spans


def escape_needed(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


# Text XlsxWriter writes unchanged: no XML-special or control characters, no "_xHHHH_"
# (which it would escape), no leading or trailing whitespace (which needs xml:space), and
# well under its 32,767-unit limit. Anything else takes XlsxWriter's own path.
_NEEDS_CARE = re.compile(r'["&<>\n\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$')
_PLAIN_MAX_LEN = 16_000


class RosterSheet(Worksheet):
    """XlsxWriter's worksheet with one addition, write_text_row().

    360,000 cells through write_string() cost 2.2 s for a 10,000-applicant roster: each cell
    is checked, stored in the row table and, when the next row starts, turned into XML by
    the generic cell writer. A roster row is always 36 text cells, so write_text_row()
    writes the row's XML in one step, byte for byte what write_string()/write_blank() would
    have written (documents/tests/test_roster.py compares the two), in 0.5 s for the same roster.
    Rows it cannot write that simply (any cell with characters XlsxWriter escapes, or not
    in constant_memory mode) go through write_string() and write_blank() unchanged.
    """

    previous_row: int  # set by Worksheet; declared for type checkers

    def write_text_row(self, row: int, cells: Sequence[tuple[str, Format]]) -> int:
        """Write ``cells`` (text and format, from column 0) as row ``row``. An empty text is a
        blank cell with the format (as write() treats ""). The row is complete afterwards:
        later writes to it are refused, as XlsxWriter refuses rows it has already flushed."""
        # In constant_memory mode XlsxWriter holds one row (previous_row) until a later one starts.
        starts_new_row = row > self.previous_row or (row == self.previous_row and not self.table.get(row))
        if not (
            self.constant_memory
            and starts_new_row
            and all(len(text) < _PLAIN_MAX_LEN and not _NEEDS_CARE.search(text) for text, _ in cells)
        ):
            return self._write_cells(row, cells)
        if self._check_dimensions(row, 0) or self._check_dimensions(row, len(cells) - 1):
            return -1
        if row > self.previous_row:
            self._write_single_row(row)  # flushes the row still held in the table
        self._write_row(row, None, self.row_info.get(row))
        number = row + 1
        parts = []
        for letter, (text, fmt) in zip(_column_letters(len(cells)), cells, strict=True):
            style = fmt._get_xf_index()
            if text:
                parts.append(f'<c r="{letter}{number}" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>')
            else:
                parts.append(f'<c r="{letter}{number}" s="{style}"/>')
        self.fh.write("".join(parts))
        self._xml_end_tag("row")
        self.previous_row = row + 1
        return 0

    def _write_cells(self, row: int, cells: Sequence[tuple[str, Format]]) -> int:
        worst = 0
        for col, (text, fmt) in enumerate(cells):
            result = self.write_string(row, col, text, fmt) if text else self.write_blank(row, col, None, fmt)
            worst = min(worst, result)
        return worst


@cache
def _column_letters(count: int) -> tuple[str, ...]:
    return tuple(xl_col_to_name(c) for c in range(count))


def write_roster(
    rows: Iterable[RosterRow],
    target: str | Path | IO[bytes],
    *,
    meta: RosterMeta,
    reveal_identifiers: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the 花名册 to ``target`` (a path or a binary file object); return the row count.

    ``reveal_identifiers`` prints full ID and phone numbers; the committee needs them
    (注4 "身份证号码务必准确填写"), other readers get 330***********1234.
    ``progress`` is called every 500 rows with the number written so far.
    """
    workbook = xlsxwriter.Workbook(
        target,
        {
            # Stream rows to a temp file instead of holding the sheet in memory.
            "constant_memory": True,
            # Never turn a string into a formula, number or link behind our back.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    try:
        count = _write(workbook, rows, meta=meta, reveal=reveal_identifiers, progress=progress)
    finally:
        workbook.close()
    return count


def _write(
    workbook: xlsxwriter.Workbook,
    rows: Iterable[RosterRow],
    *,
    meta: RosterMeta,
    reveal: bool,
    progress: Callable[[int], None] | None,
) -> int:
    ws = workbook.add_worksheet(SHEET_NAME, worksheet_class=RosterSheet)
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "num_format": "@"}
    f_title = workbook.add_format({**base, "font_size": 18, "bold": True, "align": "center"})
    f_unit = workbook.add_format({**base, "font_size": 11, "align": "left"})
    f_head = workbook.add_format(
        {**base, "bold": True, "align": "center", "text_wrap": True, "border": 1, "bg_color": "#F2F2F2"}
    )
    f_cell = workbook.add_format({**base, "border": 1, "text_wrap": True})
    # quote_prefix is Excel's own "this is text" flag: the cell shows "=1+1" and stays text
    # even when someone edits it, while the stored value is unchanged.
    f_cell_escaped = workbook.add_format({**base, "border": 1, "text_wrap": True, "quote_prefix": True})
    f_note = workbook.add_format({**base, "text_wrap": True, "valign": "top"})
    f_note_escaped = workbook.add_format({**base, "text_wrap": True, "valign": "top", "quote_prefix": True})

    last_col = len(COLUMNS) - 1
    for i, col in enumerate(COLUMNS):
        ws.set_column(i, i, col.width)

    # Print as the notice asks: A3 landscape, header rows on every page, fitted to width.
    ws.set_paper(8)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_TOP_ROW, HEADER_TOP_ROW + 1)
    ws.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.5)
    ws.freeze_panes(FIRST_DATA_ROW, 3)

    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, last_col, meta.title or TITLE, f_title)
    ws.set_row(1, 22)
    unit = f"委托单位（盖章）：{meta.delegating_unit}"
    ws.merge_range(1, 0, 1, last_col, unit, f_note_escaped if escape_needed(meta.delegating_unit) else f_unit)

    _write_header(ws, f_head)

    # 360,000 cells for 10,000 applicants: the loop keeps its look-ups local.
    value_of = [col.value for col in COLUMNS[1:]]
    write_text_row = ws.write_text_row
    n = 0
    for n, row in enumerate(rows, start=1):
        cells = [(str(n), f_cell)]
        for value_fn in value_of:
            value = value_fn(row, reveal)
            cells.append((value, f_cell_escaped if value.startswith(FORMULA_TRIGGERS) else f_cell))
        write_text_row(FIRST_DATA_ROW + n - 1, cells)
        if progress and n % 500 == 0:
            progress(n)

    # Drop-downs for the closed lists; stored apart from the cell data, so they can be
    # added once the row count is known even in constant_memory mode.
    if n:
        last_row = FIRST_DATA_ROW + n - 1
        for c, col in enumerate(COLUMNS):
            allowed = {
                "单位性质": EMPLOYER_NATURES,
                "最高学历": EDUCATION_LEVELS,
                "外语成绩": LANGUAGE_COMPUTER_RESULTS,
                "计算机成绩": LANGUAGE_COMPUTER_RESULTS,
            }.get(col.header)
            if allowed:
                ws.data_validation(
                    FIRST_DATA_ROW,
                    c,
                    last_row,
                    c,
                    {"validate": "list", "source": [a for a in allowed if a], "ignore_blank": True},
                )

    footer = FIRST_DATA_ROW + n + 1  # one empty row between the table and the note
    for i, note in enumerate(NOTES, start=1):
        ws.set_row(footer, 28 if len(note) > 90 else 16)
        ws.merge_range(footer, 0, footer, last_col, f"{'注：' if i == 1 else '　　'}{i}．{note}", f_note)
        footer += 1
    signature = "　　".join(
        (
            f"填报人：{meta.filled_by}",
            f"电话：{meta.phone}",
            f"手机：{meta.mobile}",
            f"传真：{meta.fax}",
            f"电子邮箱地址：{meta.email}",
            "送评时间" + (cn_date(meta.submitted_on) if meta.submitted_on else "　　年　　月　　日"),
        )
    )
    ws.set_row(footer + 1, 20)
    ws.merge_range(
        footer + 1, 0, footer + 1, last_col, signature, f_note_escaped if escape_needed(signature) else f_note
    )
    return n


def _write_header(ws: Worksheet, fmt: xlsxwriter.format.Format) -> None:
    """Two header rows. Grouped columns: label merged across the group in the top row,
    sub-labels below. Single columns: label merged down both rows.

    merge_range() pads the whole range with blanks as it goes, which in constant_memory
    mode would flush the top row before its later cells are written; so both rows are
    written cell by cell in order and the vertical merges are registered afterwards.
    """
    top, bottom = HEADER_TOP_ROW, HEADER_TOP_ROW + 1
    ws.set_row(top, 30)
    ws.set_row(bottom, 42)
    spans = header_spans()
    for first, last, label, _grouped in spans:
        ws.write_string(top, first, label, fmt)
        for c in range(first + 1, last + 1):
            ws.write_blank(top, c, None, fmt)
    for c, col in enumerate(COLUMNS):
        if col.sub is not None:
            ws.write_string(bottom, c, col.sub, fmt)
        else:
            ws.write_blank(bottom, c, None, fmt)
    for first, last, _label, grouped in spans:
        if grouped:
            _register_merge(ws, top, first, top, last)
        else:
            _register_merge(ws, top, first, bottom, last)


def _register_merge(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    # Worksheet.merge is the list XlsxWriter writes as <mergeCells>; the cells themselves
    # were already written above. tests/test_roster.py reads the merges back with
    # openpyxl, so a change in this internal would fail loudly, not silently.
    ws.merge.append([first_row, first_col, last_row, last_col])
