"""The 花名册 is read back with openpyxl and compared with seed 003 附件7."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter

from zhicheng.documents import roster, samples
from zhicheng.documents.data import EDUCATION_LEVELS, EMPLOYER_NATURES, AnnualAssessment, VoteTally

# seed 003 附件7, top header row left to right, and the groups with their second row.
SEED_TOP = [
    "序号", "姓 名", "身份证号", "工作单位", "单位性质", "性别", "出生年月", "参加工作时间",
    "工作部门及岗位（行政职务）", "最高学历", "最高学位", "毕业院校", "从事何专业工作", "专业工作年限",
    "现专业技术资格", "现聘任专业技术职务", "推荐专业技术资格名称", "外语成绩", "计算机成绩",
    "单位考核情况", "继续教育情况（学时数）", "下一级评委会推荐评审情况", "符合破格条件",
    "申报人联系电话（手机必填）", "申报人通信地址", "邮政编码", "主管部门", "所在县市区", "备注",
]  # fmt: skip
SEED_GROUPS = {
    "毕业院校": ["毕业时间（年月）", "院校名称", "毕业专业"],
    "现专业技术资格": ["名称", "取得时间"],
    "现聘任专业技术职务": ["名称", "聘任时间"],
    "下一级评委会推荐评审情况": ["总人数", "出席人数", "赞成数", "反对数"],
}
HEADER_ROW = 3  # 1-based rows in Excel: title, 委托单位, then the two header rows
DATA_ROW = 5


def build(rows, *, reveal=False) -> openpyxl.Workbook:
    buf = io.BytesIO()
    roster.write_roster(rows, buf, meta=samples.ROSTER_META, reveal_identifiers=reveal)
    buf.seek(0)
    return openpyxl.load_workbook(buf)


def column_of(ws, label: str, sub: str | None = None) -> int:
    for c in range(1, ws.max_column + 1):
        top = ws.cell(HEADER_ROW, c).value
        if sub is None and top == label:
            return c
        if sub is not None and ws.cell(HEADER_ROW + 1, c).value == sub:
            # a sub-label belongs to the nearest group label at or left of it
            k = c
            while ws.cell(HEADER_ROW, k).value is None:
                k -= 1
            if ws.cell(HEADER_ROW, k).value == label:
                return c
    raise AssertionError(f"no column {label}/{sub}")


@pytest.fixture(scope="module")
def sheet():
    rows = list(samples.sample_roster_rows(30))
    return build(rows).active, rows


def test_header_has_exactly_the_seed_columns_and_merges(sheet):
    ws, _ = sheet
    expected_merges, c = set(), 1
    for label in SEED_TOP:
        subs = SEED_GROUPS.get(label)
        assert ws.cell(HEADER_ROW, c).value == label
        if subs:
            assert [ws.cell(HEADER_ROW + 1, c + i).value for i in range(len(subs))] == subs
            expected_merges.add(f"{_col(c)}{HEADER_ROW}:{_col(c + len(subs) - 1)}{HEADER_ROW}")
            c += len(subs)
        else:
            assert ws.cell(HEADER_ROW + 1, c).value is None
            expected_merges.add(f"{_col(c)}{HEADER_ROW}:{_col(c)}{HEADER_ROW + 1}")
            c += 1
    assert c - 1 == 36 == ws.max_column  # the notice's data rows have 36 cells
    header_merges = {str(r) for r in ws.merged_cells.ranges if r.min_row in (HEADER_ROW, HEADER_ROW + 1)}
    assert header_merges == expected_merges


def _col(index: int) -> str:
    return openpyxl.utils.get_column_letter(index)


def test_title_and_delegating_unit_rows(sheet):
    ws, _ = sheet
    assert ws.cell(1, 1).value == "评委会评审对象资格审查花名册"
    assert ws.cell(2, 1).value == "委托单位（盖章）：温岭市经济和信息化局"
    assert {"A1:AJ1", "A2:AJ2"} <= {str(r) for r in ws.merged_cells.ranges}


def test_dates_are_the_text_200808_in_text_format(sheet):
    ws, rows = sheet
    first = rows[0]
    checks = {
        column_of(ws, "出生年月"): first.birth_date,
        column_of(ws, "参加工作时间"): first.work_start,
        column_of(ws, "毕业院校", "毕业时间（年月）"): first.graduated_on,
        column_of(ws, "现专业技术资格", "取得时间"): first.current_qualification_on,
        column_of(ws, "现聘任专业技术职务", "聘任时间"): first.current_post_on,
    }
    for col, value in checks.items():
        cell = ws.cell(DATA_ROW, col)
        assert cell.value == f"{value.year:04d}{value.month:02d}"
        assert len(cell.value) == 6
        assert cell.data_type == "s"
        assert cell.number_format == "@"


def test_number_like_cells_are_text_in_text_format(sheet):
    ws, rows = sheet
    for label in ("序号", "身份证号", "专业工作年限", "继续教育情况（学时数）", "邮政编码"):
        cell = ws.cell(DATA_ROW, column_of(ws, label))
        assert cell.data_type == "s", label
        assert cell.number_format == "@", label
    assert ws.cell(DATA_ROW, 1).value == "1"
    assert ws.cell(DATA_ROW + 29, 1).value == "30"
    assert ws.cell(DATA_ROW, column_of(ws, "邮政编码")).value == "317525"
    # Every data cell, filled or blank, is formatted as text (注3).
    for row in ws.iter_rows(min_row=DATA_ROW, max_row=DATA_ROW + 29):
        assert all(cell.number_format == "@" for cell in row)


def test_vote_counts_assessments_and_hours_are_written_as_text(sheet):
    ws, rows = sheet
    voted = next(i for i, r in enumerate(rows) if r.lower_committee)
    r = DATA_ROW + voted
    tally = rows[voted].lower_committee
    assert ws.cell(r, column_of(ws, "下一级评委会推荐评审情况", "总人数")).value == str(tally.members)
    assert ws.cell(r, column_of(ws, "下一级评委会推荐评审情况", "赞成数")).value == str(tally.approve)
    assert ws.cell(r, column_of(ws, "单位考核情况")).value == "2019合格、2020优秀、2021合格"
    assert ws.cell(r, column_of(ws, "继续教育情况（学时数）")).value == str(rows[voted].ce_hours)


def test_closed_lists_come_from_the_note_and_are_offered_as_drop_downs(sheet):
    ws, rows = sheet
    nature_col = column_of(ws, "单位性质")
    level_col = column_of(ws, "最高学历")
    for i in range(len(rows)):
        assert ws.cell(DATA_ROW + i, nature_col).value in EMPLOYER_NATURES
        assert ws.cell(DATA_ROW + i, level_col).value in EDUCATION_LEVELS
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    nature_range = f"{_col(nature_col)}{DATA_ROW}:{_col(nature_col)}{DATA_ROW + len(rows) - 1}"
    assert lists[nature_range] == '"' + ",".join(EMPLOYER_NATURES) + '"'
    level_range = f"{_col(level_col)}{DATA_ROW}:{_col(level_col)}{DATA_ROW + len(rows) - 1}"
    assert lists[level_range] == '"' + ",".join(EDUCATION_LEVELS) + '"'


def test_footer_carries_the_notes_and_the_signature_row(sheet):
    ws, rows = sheet
    footer = [ws.cell(r, 1).value for r in range(DATA_ROW + len(rows), ws.max_row + 1)]
    footer = [f for f in footer if f]
    assert footer[0].startswith("注：1．本表由委托单位填写")
    assert any("表中所有时间均按“200808”格式表示" in f for f in footer)
    assert any("“私营企业和个体工商户”" in f for f in footer)
    assert any("“高中及以下”" in f for f in footer)
    assert any("本表一律用A3纸打印" in f for f in footer)
    assert footer[-1].startswith("填报人：胡晓敏")
    assert "送评时间2022年11月2日" in footer[-1]


def test_print_setup_is_a3_landscape_with_repeated_headers(sheet):
    ws, _ = sheet
    assert ws.page_setup.paperSize == 8
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$3:$4"


def test_id_and_phone_masked_unless_revealed():
    rows = list(samples.sample_roster_rows(3))
    masked = build(rows).active
    full = build(rows, reveal=True).active
    id_col, phone_col = column_of(masked, "身份证号"), column_of(masked, "申报人联系电话（手机必填）")
    for i, row in enumerate(rows):
        assert masked.cell(DATA_ROW + i, id_col).value == row.id_number[:3] + "*" * 11 + row.id_number[-4:]
        assert full.cell(DATA_ROW + i, id_col).value == row.id_number
        assert masked.cell(DATA_ROW + i, phone_col).value == row.phone[:3] + "****" + row.phone[-4:]
        assert full.cell(DATA_ROW + i, phone_col).value == row.phone


def test_cells_that_look_like_formulas_stay_text():
    base = next(samples.sample_roster_rows(1))
    hostile = dataclasses.replace(
        base,
        name="@SUM(A1)",
        employer="=1+1",
        address="+86 cmd|' /C calc'!A0",
        remarks="-2+3",
        department='=HYPERLINK("http://example.invalid","点击")',
    )
    buf = io.BytesIO()
    roster.write_roster([hostile], buf, meta=samples.ROSTER_META)
    # No formula element anywhere in the sheet XML: nothing can be evaluated.
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
    buf.seek(0)
    ws = openpyxl.load_workbook(buf).active
    for label, value in (
        ("姓 名", "@SUM(A1)"),
        ("工作单位", "=1+1"),
        ("申报人通信地址", "+86 cmd|' /C calc'!A0"),
        ("主管部门", hostile.department),
    ):
        cell = ws.cell(DATA_ROW, column_of(ws, label))
        assert cell.value == value  # the stored text is unchanged
        assert cell.data_type == "s"
        assert cell.quotePrefix  # and Excel keeps it text when edited
    remarks = ws.cell(DATA_ROW, column_of(ws, "备注"))
    assert remarks.value == "-2+3" and remarks.quotePrefix
    # Ordinary text is not quote-prefixed.
    assert not ws.cell(DATA_ROW, column_of(ws, "性别")).quotePrefix


def test_rows_are_consumed_lazily_and_counted():
    produced = []

    def rows():
        for row in samples.sample_roster_rows(1200):
            produced.append(1)
            yield row

    seen = []
    buf = io.BytesIO()
    count = roster.write_roster(
        rows(), buf, meta=samples.ROSTER_META, progress=lambda n: seen.append((n, len(produced)))
    )
    assert count == 1200
    # Progress arrives while the generator is still producing: the writer streams.
    assert seen == [(500, 500), (1000, 1000)]


def test_empty_roster_still_has_header_and_footer():
    buf = io.BytesIO()
    assert roster.write_roster([], buf, meta=samples.ROSTER_META) == 0
    buf.seek(0)
    ws = openpyxl.load_workbook(buf).active
    assert ws.cell(HEADER_ROW, 1).value == "序号"
    assert any(str(ws.cell(r, 1).value or "").startswith("注：1．") for r in range(1, ws.max_row + 1))


def test_prior_education_and_remarks_share_the_remarks_column():
    base = next(samples.sample_roster_rows(1))
    row = dataclasses.replace(
        base, prior_education="200607 台州职业技术学院 机电一体化技术（大学专科）", remarks="转评"
    )
    ws = build([row]).active
    assert (
        ws.cell(DATA_ROW, column_of(ws, "备注")).value
        == "专业一致的前学历：200607 台州职业技术学院 机电一体化技术（大学专科）；转评"
    )


def test_yyyymm_formats_year_and_month_only():
    from datetime import date

    assert roster.yyyymm(date(2008, 8, 31)) == "200808"
    assert roster.yyyymm(None) == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employer_nature", "民营企业"),
        ("education_level", "本科"),
        ("foreign_language", "良好"),
        ("specialty", "机电一体化技术专业"),  # 注8: at most six characters
    ],
)
def test_roster_rows_reject_values_outside_the_notes_lists(field, value):
    base = next(samples.sample_roster_rows(1))
    with pytest.raises(ValueError):
        dataclasses.replace(base, **{field: value})


def test_vote_tally_cannot_exceed_attendance():
    with pytest.raises(ValueError):
        VoteTally(members=7, present=8, approve=5, against=0)
    with pytest.raises(ValueError):
        VoteTally(members=7, present=5, approve=5, against=1)
    assert AnnualAssessment(2020, "优秀").label == "2020优秀"


def _sheet_xml(write_rows) -> bytes:
    """The sheet XML of a small workbook: a header row through the normal API, then the rows."""
    buf = io.BytesIO()
    workbook = xlsxwriter.Workbook(buf, {"constant_memory": True})
    ws = workbook.add_worksheet("花名册", worksheet_class=roster.RosterSheet)
    plain = workbook.add_format({"border": 1, "num_format": "@"})
    quoted = workbook.add_format({"border": 1, "num_format": "@", "quote_prefix": True})
    ws.set_row(3, 40)  # a data row with its own height: its <row> attributes must be kept
    ws.write_string(0, 0, "表头", plain)
    write_rows(ws, plain, quoted)
    ws.write_string(9, 0, "页脚", plain)
    workbook.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return z.read("xl/worksheets/sheet1.xml")


ROWS_FOR_EQUIVALENCE = [
    ["1", "张三", "330302198001010011", "", "温州市某某机械有限公司", "=1+1", "200808"],
    ["2", "李四", "", "", "", "", ""],
    # Text XlsxWriter escapes or marks: these rows take its own path.
    ["3", "A&B <r>x</r>", " 前导空格", "结尾空格 ", "_x0041_", "控制\x01字符", "换行\n"],
    ["4", "王五", "🙂 emoji", "\ufffe", '引号"', "\t制表", "x" * 20_000],
    ["5", "赵六", "", "浙江", "", "", ""],
]


def test_write_text_row_writes_exactly_what_write_string_and_write_blank_write():
    def fast(ws, plain, quoted):
        for i, values in enumerate(ROWS_FOR_EQUIVALENCE):
            cells = [(v, quoted if v.startswith("=") else plain) for v in values]
            assert ws.write_text_row(3 + i, cells) == 0

    def cell_by_cell(ws, plain, quoted):
        for i, values in enumerate(ROWS_FOR_EQUIVALENCE):
            for c, v in enumerate(values):
                fmt = quoted if v.startswith("=") else plain
                if v:
                    ws.write_string(3 + i, c, v, fmt)
                else:
                    ws.write_blank(3 + i, c, None, fmt)

    expected = _sheet_xml(cell_by_cell)
    assert b"_x0041_" in expected and b'<row r="4" ht=' in expected  # the cases are exercised
    assert _sheet_xml(fast) == expected


def test_a_row_written_at_once_is_complete():
    def rows(ws, plain, quoted):
        assert ws.write_text_row(3, [("张三", plain), ("", plain)]) == 0
        assert ws.write_string(3, 5, "迟到的单元格", plain) == -1  # refused, as for a flushed row
        assert ws.write_text_row(4, [("李四", plain)]) == 0

    xml = _sheet_xml(rows).decode()
    assert "迟到的单元格" not in xml
    assert xml.count('<row r="4"') == 1 and "李四" in xml
