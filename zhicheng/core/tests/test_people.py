"""Issue 17 §1: what a new user stumbled on — empty states that say what to do and link there, irreversible
acts that ask first and say what will happen, disabled buttons that say why and from when."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from zhicheng.evaluation.services.experts import panel_create

pytestmark = pytest.mark.django_db


def test_an_empty_panel_says_to_add_experts_and_links_to_the_expert_library(world, as_user):  # noqa: F811
    panel = panel_create(plan=world.plan, actor=world.office, name="新评审组")
    body = as_user(world.office).get(f"/evaluation/office/panels/{panel.pk}/").content.decode()
    assert "评审组还没有专家" in body
    empty = re.search(r'<p class="empty">评审组还没有专家.*?</p>', body).group(0)
    assert 'href="/evaluation/office/experts/"' in empty and "专家库" in empty


# (template, the button's own text, words the confirmation must carry about what will happen)
IRREVERSIBLE = [
    ("evaluation/expert_meeting.html", ">投票</button>", "投票提交后不能更改"),
    ("review/detail.html", ">审核通过</button>", "送往下一审核环节"),
    ("review/queue.html", ">批量审核通过</button>", "全部审核通过"),
    ("evaluation/bureau_plan.html", ">审批通过并发放电子证书</button>", "证书签发后不能收回"),
    ("certificates/office_integrity.html", ">记入诚信档案</button>", "电子证书将被撤销"),
    ("evaluation/office_meeting.html", ">结束表决并计算结果</button>", "专家不能再投票"),
    ("applications/detail.html", "撤回</button>", "确定撤回该申报吗"),
    ("archive/entry_detail.html", ">删除</button>", "确定删除该条目吗"),
]


@pytest.mark.parametrize(("template", "button", "says"), IRREVERSIBLE)
def test_every_irreversible_act_asks_first_and_says_what_will_happen(template, button, says):
    text = Path(settings.BASE_DIR, "templates", template).read_text(encoding="utf-8")
    index = text.index(button)
    form_start = text.rfind("<form", 0, index)
    assert form_start != -1, template
    form = text[form_start : index + len(button)]
    assert re.search(r'data-confirm="[^"]*' + re.escape(says), form), (template, form[-400:])


def test_the_confirmation_dialog_lives_in_a_static_file_not_in_the_page():
    script = Path(settings.BASE_DIR, "static", "js", "site.js").read_text(encoding="utf-8")
    assert "showModal" in script and "data-confirm" in script


def test_a_disabled_close_button_says_why_beside_it_with_the_date_it_becomes_possible(world, as_user):  # noqa: F811
    case = world.pay(world.case())
    world.assign(case)
    world.vote([case])
    publicity = world.publicise(case)
    body = as_user(world.office).get(f"/evaluation/office/plans/{world.plan.pk}/publicity/").content.decode()
    possible = publicity.end + timedelta(days=1)
    why = f"{possible.year}年{possible.month}月{possible.day}日起可报人社部门审批"
    assert why in body
    button = re.search(r'<button class="btn" id="close-publicity"[^>]*>', body).group(0)
    assert "disabled" in button and f'aria-describedby="close-why-{publicity.pk}"' in button
    assert 'title="' not in button  # not only in a tooltip


def test_the_results_publicity_fills_in_its_end_from_working_days_and_lets_it_be_changed(world, as_user):  # noqa: F811
    """Issue 17 §1: the results 公示 asked for an end date; the qualification 公示 filled it in. Both fill it in."""
    from zhicheng.core.workdays import calendar
    from zhicheng.evaluation.models import ResultPublicity

    case = world.pay(world.case())
    world.assign(case)
    world.vote([case])
    office = as_user(world.office)
    url = f"/evaluation/office/plans/{world.plan.pk}/publicity/"
    today = timezone.localdate()
    expected = calendar().end_of_period(today, 5)
    page = office.get(url).content.decode()
    assert re.search(r'<input type="date" name="end" value="' + expected.isoformat() + '"', page)
    assert "可以修改" in page
    posted = office.post(
        url, {"title": "评审结果公示", "start": today.isoformat(), "end": "", "contact": "电话 0577-86591590"}
    )
    assert posted.status_code == 302
    assert ResultPublicity.objects.get().end == expected
