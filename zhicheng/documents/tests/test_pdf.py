"""The PDFs are opened again with pypdf and checked for what a reader must find in them."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from zhicheng.documents import pdf, samples
from zhicheng.documents.data import DEFAULT_PLATFORM_NAME

ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts"
FULL_ID = samples.SAMPLE_ID_NUMBER
MASKED_ID = "330***********1234"
FULL_PHONE = samples.SAMPLE_PHONE
MASKED_PHONE = "136****3546"


@pytest.fixture(scope="module")
def photo() -> bytes:
    return samples.sample_photo()


@pytest.fixture(scope="module")
def form(photo):
    return samples.sample_review_form(photo=photo)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    # Extraction inserts spaces and line breaks where the layout wraps; compare without them.
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- 评审表


def test_review_form_prints_applicant_details_in_chinese(form):
    text = squash("".join(pages_text(pdf.review_form_pdf(form))))
    for expected in (
        "专业技术职务任职资格评审表",
        "陈立峰",
        "温岭市东海泵业有限公司",
        "浙江工业大学",
        "机械设计制造及其自动化",
        "2019合格",
        "智能变频供水设备研发及产业化",
        "一是主持完成QJ系列井用潜水电泵的水力模型优化",
        "台州（温岭）机电工程师协同创新中心专业技术职务评聘委员会",
        "所在单位意见",
        "评审委员会评审意见",
        "经公示（2022年9月19日至2022年9月23日），无异议",
    ):
        assert expected in text, expected


def test_review_form_has_the_platform_watermark_on_every_page(form):
    texts = pages_text(pdf.review_form_pdf(form))
    assert len(texts) >= 4
    for number, text in enumerate(texts, start=1):
        # Tiled across the page, so several copies on each page, not one stray line.
        assert text.count(DEFAULT_PLATFORM_NAME) >= 3, f"page {number}"


def test_review_form_watermark_text_is_the_callers(form):
    texts = pages_text(pdf.review_form_pdf(form, watermark="台州市职称评审专用"))
    assert all("台州市职称评审专用" in t for t in texts)
    assert not any(DEFAULT_PLATFORM_NAME * 2 in squash(t) for t in texts)


def test_review_form_numbers_every_page_x_of_y(form):
    texts = pages_text(pdf.review_form_pdf(form))
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页/共{total}页" in squash(text)


def test_review_form_masks_the_id_number_unless_the_reader_may_see_it(form):
    masked = squash("".join(pages_text(pdf.review_form_pdf(form, reveal_identifiers=False))))
    assert MASKED_ID in masked and FULL_ID not in masked
    assert MASKED_PHONE in masked and FULL_PHONE not in masked

    full = squash("".join(pages_text(pdf.review_form_pdf(form, reveal_identifiers=True))))
    assert FULL_ID in full and MASKED_ID not in full
    assert FULL_PHONE in full


def test_publicity_version_masks_id_and_omits_phone_and_opinions_even_for_privileged_readers(form):
    pages = pages_text(pdf.review_form_pdf(form, publicity=True, reveal_identifiers=True))
    text = squash("".join(pages))
    assert "（公示版）" in text
    assert MASKED_ID in text and FULL_ID not in text
    assert FULL_PHONE not in text and MASKED_PHONE not in text
    assert "联系电话" not in squash(pages[1])  # no phone row in 基本情况 at all
    assert "联系电话不予公示" in text
    assert "九、审核（评审）意见" not in text
    assert "公示期：2022年9月19日至2022年9月23日" in text


def test_a_name_with_typst_markup_prints_literally(photo):
    hostile = "#set page(fill: red) [李#四] *粗* $x$ \\ #sys.inputs"
    form = samples.sample_review_form(name=hostile, photo=photo)
    data = pdf.review_form_pdf(form)
    text = "".join(pages_text(data))
    # Every character survives as text: nothing was evaluated as Typst markup.
    assert squash(hostile) in squash(text)
    assert len(pages_text(data)) == len(
        pages_text(pdf.review_form_pdf(samples.sample_review_form(photo=photo)))
    )


def test_long_self_statement_flows_onto_more_pages_without_losing_text(form):
    long = "\n".join(
        f"第{i}段：负责泵站自动化改造项目的方案设计与调试工作，解决了多项技术难题。" * 4 for i in range(1, 16)
    )
    data = pdf.review_form_pdf(dataclasses.replace(form, self_statement=long))
    text = squash("".join(pages_text(data)))
    assert "第1段" in text and "第15段" in text
    assert len(pages_text(data)) > len(pages_text(pdf.review_form_pdf(form)))


def test_photo_is_embedded_as_the_original_jpeg(form, photo):
    import pikepdf

    with pikepdf.Pdf.open(io.BytesIO(pdf.review_form_pdf(form))) as doc:
        images = [o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert len(images) == 1
        assert images[0].get("/Filter") == "/DCTDecode"
        assert images[0].read_raw_bytes() == photo  # passed through, not re-encoded


def test_form_without_photo_still_renders_a_photo_box(form):
    data = pdf.review_form_pdf(
        dataclasses.replace(form, applicant=dataclasses.replace(form.applicant, photo=None))
    )
    assert "照片" in squash(pages_text(data)[1])


def test_same_data_gives_the_same_bytes(form):
    assert pdf.review_form_pdf(form) == pdf.review_form_pdf(form)


def test_a3_layout_is_a_saddle_stitched_booklet(form):
    a4_pages = pages_text(pdf.review_form_pdf(form))
    a3 = PdfReader(io.BytesIO(pdf.review_form_pdf(form, layout="A3")))
    padded = -(-len(a4_pages) // 4) * 4
    assert len(a3.pages) == padded // 2
    for page in a3.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (1191, 842)  # A3 landscape in points
    # The first side carries the last page on the left and the cover on the right.
    first = squash(a3.pages[0].extract_text())
    assert f"第{padded}页/共{padded}页" in first and f"第1页/共{padded}页" in first
    assert DEFAULT_PLATFORM_NAME in first
    assert a3.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"


def test_a3_padding_adds_blank_watermarked_pages_up_to_a_multiple_of_four(form):
    long = "\n".join("负责泵站自动化改造项目的方案设计与调试工作。" * 6 for _ in range(12))
    longer = dataclasses.replace(form, self_statement=long)
    a4_count = len(pages_text(pdf.review_form_pdf(longer)))
    assert a4_count % 4 != 0, "the fixture must need padding"
    a3 = PdfReader(io.BytesIO(pdf.review_form_pdf(longer, layout="A3")))
    sides = "".join(squash(p.extract_text()) for p in a3.pages)
    padded = -(-a4_count // 4) * 4
    assert len(a3.pages) * 2 == padded
    assert sides.count("（本页无正文）") == padded - a4_count
    assert all(DEFAULT_PLATFORM_NAME in p.extract_text() for p in a3.pages)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (4, [(3, 0), (1, 2)]),
        (8, [(7, 0), (1, 6), (5, 2), (3, 4)]),
    ],
)
def test_booklet_order_reads_in_sequence_once_folded(pages, expected):
    assert pdf.booklet_order(pages) == expected


def test_booklet_order_refuses_a_page_count_that_cannot_fold():
    with pytest.raises(ValueError):
        pdf.booklet_order(6)


def test_page_one_renders_to_png_for_a_person_to_look_at(form):
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "review_form.pdf"
    source.write_bytes(pdf.review_form_pdf(form, reveal_identifiers=True))
    # Pages 1 (cover) and 2 (基本情况 with the photo) are what a reviewer looks at first.
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "110",
            "-png",
            "-f",
            "1",
            "-l",
            "2",
            str(source),
            str(ARTIFACTS / "review_form_page"),
        ],
        check=True,
        capture_output=True,
    )
    page1 = next(ARTIFACTS.glob("review_form_page-1.png"))
    with Image.open(page1) as img:
        width, height = img.size
        assert abs(width / height - 210 / 297) < 0.01  # portrait A4
        # Not a blank page: a real share of dark pixels (title, lines, text).
        dark = sum(img.convert("L").histogram()[:128])
        assert dark > width * height * 0.002


# --------------------------------------------------------------------------- other forms


def test_employer_publicity_sheet_lists_applicants_with_achievements():
    text = squash(
        "".join(pages_text(pdf.publicity_sheet_pdf(samples.sample_publicity_sheet(audience="employer"))))
    )
    assert "2022年度机电专业工程师任职资格评审申报人员" in text
    assert "陈立峰" in text and "林晓燕" in text
    assert "主持QJ系列潜水电泵水力模型优化" in text
    assert "公示期为2022年9月19日至2022年9月23日" in text
    assert "共3人" in text


def test_committee_publicity_sheet_shows_only_name_employer_specialty_and_level():
    sheet = samples.sample_publicity_sheet(audience="committee")
    text = squash("".join(pages_text(pdf.publicity_sheet_pdf(sheet))))
    assert "陈立峰" in text and "温岭市东海泵业有限公司" in text and "机电制造" in text and "工程师" in text
    # SECURITY.md 14: nothing else about the person is public.
    for private in ("主持QJ系列", "大学本科", "破格申报", "学历", "性别"):
        assert private not in text, private


def test_exceptional_approval_form_has_the_cells_of_annex_9():
    text = squash("".join(pages_text(pdf.exceptional_approval_pdf(samples.sample_exceptional_approval()))))
    for label in (
        "破格推荐中级专业技术资格审批表",
        "姓名",
        "性别",
        "出生年月",
        "工作单位",
        "行政职务",
        "专业工作年限",
        "何年何校何专业毕业",
        "专业技术职务",
        "聘任时间",
        "破格推荐何专业技术资格",
        "简历",
        "破格推荐理由",
        "所在单位意见",
        "主管部门意见",
        "县市区人社部门意见",
    ):
        assert label in text, label
    assert "林晓燕" in text
    assert "2011年6月毕业于台州职业技术学院机电一体化技术专业" in text
    assert "符合一般破格申报条件7项中的3项" in text
    assert text.count("（盖章）") >= 3


def test_delegation_letter_names_the_first_person_and_the_count_and_lists_everyone():
    letter = samples.sample_delegation_letter()
    text = squash("".join(pages_text(pdf.delegation_letter_pdf(letter))))
    assert "专业技术资格委托评审书" in text
    assert "同意委托陈立峰等3人评审工程师资格。请予评审为盼！" in text
    assert "附：《专业技术资格委托评审名册》（3）名" in text
    assert "浙职改字（86）10号" in text
    for person in letter.persons:
        assert person.name in text


def test_authorization_letter_masks_the_agents_numbers_by_default():
    letter = samples.sample_authorization_letter()
    masked = squash("".join(pages_text(pdf.authorization_letter_pdf(letter))))
    assert "用人单位委托证明" in masked and "温岭市东海泵业有限公司" in masked
    assert letter.credit_code in masked and "浙江省台州市温岭市" in masked
    assert "331***********2345" in masked and letter.agent_id_number not in masked
    full = squash("".join(pages_text(pdf.authorization_letter_pdf(letter, reveal_identifiers=True))))
    assert letter.agent_id_number in full and letter.agent_phone in full


def test_mailing_checklist_lists_the_seed_items_and_both_addresses():
    text = squash(
        "".join(pages_text(pdf.mailing_checklist_pdf(samples.sample_mailing_checklist(exceptional=True))))
    )
    assert "邮寄纸质材料清单" in text
    assert "水印的《专业技术职务任职资格评审表》" in text and "一式1份" in text
    assert "《破格推荐中级专业技术资格审批表》" in text
    assert "临平区人社局人才开发科" in text and "杭州市临平区经济技术开发区兴中路99号" in text
    assert "只有评审通过人员才需邮寄" in text
    assert MASKED_PHONE in text and FULL_PHONE not in text


def test_mailing_checklist_leaves_out_the_exceptional_form_for_normal_applicants():
    text = squash(
        "".join(pages_text(pdf.mailing_checklist_pdf(samples.sample_mailing_checklist(exceptional=False))))
    )
    assert "破格推荐中级专业技术资格审批表" not in text


def test_a_template_error_surfaces_as_a_render_error():
    with pytest.raises(pdf.DocumentRenderError):
        pdf._compile("publicity_sheet.typ", {"rows": []}, timestamp=samples.sample_review_form().generated_at)


def test_long_unbreakable_codes_get_break_opportunities_but_id_numbers_stay_whole():
    wrapped = pdf._soft_wrap({"a": ["ZL2020201234567890123456789.7"], "id": FULL_ID, "n": 3})
    assert wrapped["a"][0].replace("\u200b", "") == "ZL2020201234567890123456789.7"
    assert wrapped["a"][0].count("\u200b") == 2
    assert wrapped["id"] == FULL_ID and wrapped["n"] == 3


def test_a_form_with_empty_lists_prints_无_instead_of_breaking(form):
    bare = dataclasses.replace(
        form,
        current_qualification=None,
        current_post_since=None,
        education=(),
        work_history=(),
        titles=(),
        annual_assessments=(),
        continuing_education=(),
        achievements=(),
        self_statement="",
        opinions=samples.standard_opinions(decided=False),
    )
    pages = pages_text(pdf.review_form_pdf(bare))
    text = squash("".join(pages))
    assert text.count("无") >= 6  # one per empty list, plus 外语成绩
    assert "经公示（年月日至年月日）" in text  # the employer box left to fill by hand


@pytest.mark.parametrize("audience", ["employer", "committee"])
def test_a_publicity_sheet_without_a_phone_leaves_the_phone_out_instead_of_printing_an_empty_line(audience):
    """Issue 17 §1: the 公示表 printed "联系电话：。" when no phone was given."""
    sheet = dataclasses.replace(
        samples.sample_publicity_sheet(audience=audience), contact="", contact_phone=""
    )
    text = squash("".join(pages_text(pdf.publicity_sheet_pdf(sheet))))
    assert "联系电话" not in text and "：。" not in text
    assert re.search(r"反映(（地址：[^）]*）)?。", text)
    with_phone = squash(
        "".join(
            pages_text(pdf.publicity_sheet_pdf(dataclasses.replace(sheet, contact_phone="0576-86123456")))
        )
    )
    assert "联系电话：0576-86123456。" in with_phone
