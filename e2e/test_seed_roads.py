"""Issue 13's browser test: two plans walked through the real pages from 提交 to a certificate that verifies
on the public page — the 温州 demo plan, with its offline fee (collected by the 学会), 理论考试 and 面试答辩 and
the bureau's approval before the results 公示 (seed 000 五, 七8), and a plan with neither fee nor exam whose
results 公示 comes before the approval (临平, seed 001 三).

Set-up goes through the services (the applicant's archive and 提交 are the wizard's own browser test); every
decision after the 提交 is a click on the page of the person who takes it.
"""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from e2e.conftest import confirm_dialog, log_in
from tests.factories import PASSWORD, PlanFactory, UserFactory, staff
from zhicheng.accounts.demo_accounts import DEMO_PASSWORD
from zhicheng.accounts.models import Role, User, login_key
from zhicheng.certificates.models import Certificate
from zhicheng.core.workdays import calendar
from zhicheng.demo.people import _application, _archive
from zhicheng.demo.season import _id_number
from zhicheng.demo.seed import load_demo
from zhicheng.evaluation.models import CaseStatus, EvaluationCase
from zhicheng.evaluation.services.cases import rules_for
from zhicheng.evaluation.services.experts import expert_profile_save
from zhicheng.evaluation.services.results import approval_first as approval_first_road
from zhicheng.organizations.models import Committee, Employer, Organization
from zhicheng.plans.models import Plan
from zhicheng.publicity.models import Kind, Publicity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


class Road:
    """Who acts on one plan: (login, password) per role, the plan, its applicant."""

    def __init__(self, plan, *, employer, departments, office, bureau, experts, applicant):
        self.plan, self.employer, self.departments = plan, employer, departments
        self.office, self.bureau, self.experts, self.applicant = office, bureau, experts, applicant


def _experts(committee, office_user, prefix):
    users = []
    for i, (name, works_at) in enumerate(
        [("钱专家", "浙江大学机械工程学院"), ("孙专家", "温州大学机电工程学院"), ("李专家", "浙江工业大学")]
    ):
        user = UserFactory(role=Role.EXPERT, real_name=name, phone=f"{prefix}{i}", id_number="")
        expert_profile_save(
            actor=office_user, committee=committee, user=user, specialty="机械", level="senior",
            title="正高级工程师", organization_name=works_at,
        )  # fmt: skip
        users.append((user.phone, PASSWORD))
    return users


def _submitted(plan, employer, employer_user, intake, name, phone, id_number):
    """The applicant's archive and 提交, twelve days ago (services; the wizard has its own browser test)."""
    with time_machine.travel(_at(timezone.localdate() - timedelta(days=12)), tick=False):
        user = User.objects.create_user(
            login=phone, password=PASSWORD, role=Role.APPLICANT, real_name=name, id_number=id_number
        )
        _archive(user, employer, employer_user, graduated=timezone.localdate().year - 10)
        _application(user, plan, intake)
    return user


def _wenzhou():
    load_demo(with_people=False)
    plan = Plan.objects.get(name__endswith="（演示）")
    committee = plan.committee
    employer = Employer.objects.get(organization__name="温州精工机械有限公司")
    employer_user = User.objects.get(username=login_key("13800000002"))
    office = User.objects.get(username=login_key("13800000004"))
    intake = Organization.objects.get(name="鹿城区人力资源和社会保障局")
    applicant = _submitted(plan, employer, employer_user, intake, "胡小明", "13900000001", _id_number(20001))
    return Road(
        plan,
        employer=("13800000002", DEMO_PASSWORD),
        departments=[("13800000003", DEMO_PASSWORD), ("13800000007", DEMO_PASSWORD)],
        office=("13800000004", DEMO_PASSWORD),
        bureau=("13800000006", DEMO_PASSWORD),
        experts=_experts(committee, office, "1360000002"),
        applicant=applicant,
    )


def _without_fee_or_exam():
    load_demo(with_people=False)
    committee = Committee.objects.get(organization__name__startswith="杭州市临平区制造业")
    county = Organization.objects.get(name="杭州市临平区人力资源和社会保障局")
    plan = PlanFactory(
        committee=committee,
        name=f"{timezone.localdate().year}年度临平区制造业专业工程师资格评审（测试）",
        ruleset_id="linping-manufacturing-2022",
        specialty="制造业",
        levels=["intermediate"],
        apply_start=timezone.localdate() - timedelta(days=30),
        chain=["employer", "county", "committee_office"],
    )
    plan.intake_departments.add(county)
    plan.fees.all().delete()  # 临平 names no 评审费 amount (seed 001): no fee, and no exam
    assert not plan.assessment_specs.exists()
    employer = Employer.objects.get(organization__name="温州精工机械有限公司")
    employer_user = User.objects.get(username=login_key("13800000002"))
    office = staff(Role.COMMITTEE_OFFICE, committee.organization, real_name="临平办公", phone="13700000021")
    bureau = staff(Role.HR_BUREAU, committee.hr_bureau, real_name="杭州审批", phone="13700000022")
    reviewer = staff(Role.DEPARTMENT, county, real_name="临平审核", phone="13700000023")
    applicant = _submitted(plan, employer, employer_user, county, "陈晓东", "13900000002", _id_number(20002))
    return Road(
        plan,
        employer=("13800000002", DEMO_PASSWORD),
        departments=[(reviewer.phone, PASSWORD)],
        office=(office.phone, PASSWORD),
        bureau=(bureau.phone, PASSWORD),
        experts=_experts(committee, office, "1360000003"),
        applicant=applicant,
    )


@pytest.mark.parametrize(
    "build", [_wenzhou, _without_fee_or_exam], ids=["wenzhou-fee-exams", "no-fee-no-exam"]
)
def test_a_plan_walked_through_its_pages_to_a_verified_certificate(
    build, live_server, new_page, shot, settings
):
    settings.STAFF_OTP_REQUIRED = False
    settings.DEMO_MODE = True
    road = build()
    plan, name = road.plan, road.applicant.real_name
    base = live_server.url
    has_fee = plan.fees.filter(level="intermediate").exists()
    tag = "wz" if has_fee else "lp"
    cal = calendar()
    today = timezone.localdate()

    def as_(who, viewport=DESKTOP):
        page = new_page(viewport=viewport)
        log_in(page, base, *who)
        return page

    # 1. The employer approves, with its internal 公示 of five working days after the 提交.
    page = as_(road.employer, PHONE)
    page.goto(f"{base}/review/")
    page.click(f"table.queue a:has-text('{name}')")
    start = cal.next_workday(today - timedelta(days=11))
    page.fill("#id_approve-publicity_start", start.isoformat())
    page.fill("#id_approve-publicity_end", cal.end_of_period(start, 5).isoformat())
    page.check("#id_approve-publicity_result_0")
    page.click("form[data-decision=approve] button:has-text('审核通过')")
    confirm_dialog(page)
    page.wait_for_selector(f"text=已审核通过 {name} 的申报")

    # 2. Each department in the plan's order, then the committee office's 资格审查.
    for who in road.departments + [road.office]:
        page = as_(who)
        page.goto(f"{base}/review/")
        page.click(f"table.queue a:has-text('{name}')")
        page.click("form[data-decision=approve] button:has-text('审核通过')")
        confirm_dialog(page)
        page.wait_for_selector("text=已通过资格审查" if who == road.office else "text=已送")
    assert road.applicant.applications.get(plan=plan).status == "qualified"

    # 3. The 资格审查公示, five working days; nothing follows while it is open.
    page.goto(f"{base}/review/publicity/new/")
    page.select_option("#id_plan", str(plan.pk))
    page.fill("#id_start", today.isoformat())
    page.fill("#id_contact", "公示期间如有异议，请向评委会办公室反映。")
    page.click("button:has-text('发布公示')")
    page.wait_for_selector("text=已发布资格审查公示（1 人）")
    publicity_url = page.url
    assert not EvaluationCase.objects.filter(plan=plan).exists()
    end = cal.end_of_period(today, 5)

    with time_machine.travel(_at(cal.next_workday(end + timedelta(days=1))), tick=True):
        office = as_(road.office)
        office.goto(publicity_url)
        office.click("button:has-text('结束公示')")
        confirm_dialog(office)
        office.wait_for_selector("text=公示已结束")
        case = EvaluationCase.objects.get(plan=plan)

        # 4. 温州: the 学会's offline fee, recorded by the office; then 理论考试 and 面试答辩.
        if has_fee:
            assert case.status == CaseStatus.AWAITING_PAYMENT
            office.goto(f"{base}/evaluation/office/cases/{case.pk}/")
            office.fill("#id_receipt_number", "WZJX2026001")
            office.fill("#id_amount", str(case.fee_amount))
            office.fill("#id_paid_on", timezone.localdate().isoformat())
            office.click("button:has-text('登记缴费')")
            office.wait_for_selector("text=已登记线下缴费")
            for spec in plan.assessment_specs.order_by("order"):
                office.goto(f"{base}/evaluation/office/plans/{plan.pk}/assessments/?spec={spec.pk}")
                sitting_at = timezone.localtime() + timedelta(days=1)
                office.fill("#id_starts_at", sitting_at.strftime("%Y-%m-%dT09:00"))
                office.fill("#id_place", "温州市学院中路276号科技合作大楼7楼")
                office.check("input[name=sittings]")
                office.click("button:has-text('发布安排并通知')")
                office.wait_for_selector(f"text={spec.name}已安排")
                office.click("text=录入成绩")
                for i in range(max(spec.min_examiners, 1)):
                    office.fill(f"input[name=examiner_{i}]", f"考评专家{i + 1}")
                    office.fill(f"input[name=score_{i}]", "78")
                office.click("button:has-text('保存成绩')")
                office.wait_for_selector("text=成绩已录入")
            shot(office, f"road-{tag}-01-assessments")
        case.refresh_from_db()
        assert case.status == CaseStatus.AWAITING_REVIEW

        # 5. A panel of three from the 专家库 (the panel page links to it), blind scoring, the vote.
        office.goto(f"{base}/evaluation/office/plans/{plan.pk}/panels/")
        assert office.locator("#expert-pool-link a").get_attribute("href") == "/evaluation/office/experts/"
        office.fill("#id_name", "机械专业评审组")
        office.click("button:has-text('建立评审组')")
        office.wait_for_selector("text=评审组“机械专业评审组”已建立")
        for expert_login, _ in road.experts:
            expert_name = User.objects.get(username=login_key(expert_login)).real_name
            option = office.locator("#id_expert option", has_text=expert_name)
            office.select_option("#id_expert", value=option.get_attribute("value"))
            office.click("button:has-text('加入评审组')")
            office.wait_for_selector(f"text=已将 {expert_name} 加入评审组")
        office.check("input[name=cases]")
        office.click("button:has-text('分配到本组')")
        office.wait_for_selector("text=已分配1份材料")
        panel_url = office.url
        code = EvaluationCase.objects.get(pk=case.pk).code
        expert_pages = []
        for who in road.experts:
            page = as_(who)
            page.goto(f"{base}/evaluation/expert/")
            page.click(f"tr:has-text('{code}') a.btn")
            page.wait_for_selector("text=盲审材料")
            for key, mark in (("theory", 16), ("experience", 25), ("achievements", 28), ("papers", 11)):
                page.fill(f"#mark_{key}", str(mark))
            page.fill("#comment", "业绩与申报级别相符。")
            page.click("button:has-text('提交评分')")
            page.wait_for_selector("text=评分已提交")
            expert_pages.append(page)
        office.goto(panel_url)
        office.fill("#id_place", "评审会议室")
        office.click("button:has-text('召开评审会议')")
        office.wait_for_selector("text=评审会议已开始")
        for box in office.locator("input[name=present]").all():
            box.check()
        office.click("button:has-text('保存签到')")
        office.wait_for_selector("text=签到已保存：出席3人")
        meeting_url = office.url
        for page in expert_pages:
            page.goto(f"{base}/evaluation/expert/")
            page.click("text=进入表决")
            page.check("input[name=choice][value=yes]")
            page.click("button:has-text('投票')")
            confirm_dialog(page)
            page.wait_for_selector("text=已投票：赞成")
        office.goto(meeting_url)
        office.click("#close-vote")
        confirm_dialog(office)
        office.wait_for_selector("text=表决结束：1份材料中通过1份")

        def approve():
            hr = as_(road.bureau)
            hr.goto(f"{base}/evaluation/bureau/plans/{plan.pk}/")
            status = EvaluationCase.objects.get(pk=case.pk).status
            assert hr.locator("#id_document_number").count() == 1, (
                status,
                hr.url,
                hr.inner_text("main")[:600],
            )
            hr.fill("#id_document_number", f"人社发〔{timezone.localdate().year}〕12号")
            hr.click("#approve")
            confirm_dialog(hr)
            hr.wait_for_selector("text=已审批通过1人")
            return hr

        def publicise():
            office.goto(f"{base}/evaluation/office/plans/{plan.pk}/publicity/")
            pub_end = cal.end_of_period(timezone.localdate(), 5)
            office.fill("#id_end", pub_end.isoformat())
            office.fill("#id_contact", "评委会办公室 0571-86591590")
            office.click("button:has-text('发布公示')")
            office.wait_for_selector("text=评审结果已在门户")
            status = EvaluationCase.objects.get(pk=case.pk).status
            assert status == CaseStatus.IN_PUBLICITY, (status, office.inner_text("main")[:800])
            return pub_end

        # 6. 温州: the bureau approves first, then the 学会 publishes the approved results, then 发文、发证.
        #    Otherwise: the results 公示, then the approval, which issues the certificate.
        approval_first = approval_first_road(rules_for(plan))
        assert approval_first == (tag == "wz")
        if approval_first:
            hr = approve()
        pub_end = publicise()
        with time_machine.travel(_at(cal.next_workday(pub_end + timedelta(days=1))), tick=True):
            office = as_(road.office)
            # The one 公示 module closes every kind of 公示 on its own page.
            results_publicity = Publicity.objects.get(kind=Kind.RESULTS, plan=plan)
            office.goto(f"{base}/publicity/manage/{results_publicity.pk}/")
            office.click("button:has-text('结束公示')")
            confirm_dialog(office)
            office.wait_for_selector("text=公示已结束")
            if approval_first:
                hr = as_(road.bureau)
                hr.goto(f"{base}/evaluation/bureau/plans/{plan.pk}/")
                hr.click("button:has-text('发文并发放电子证书')")
                hr.wait_for_selector("text=已为1人发文发证")
            else:
                hr = approve()
            shot(hr, f"road-{tag}-02-bureau-certified")
            assert EvaluationCase.objects.get(pk=case.pk).status == CaseStatus.CERTIFIED

            # 7. Anyone verifies the certificate on the public page, by number and name.
            certificate = Certificate.objects.get(case=case)
            public = new_page(viewport=PHONE)
            public.goto(f"{base}/certificates/verify/")
            public.fill("#id_number", certificate.number)
            public.fill("#id_name", name)
            public.click("button:has-text('查询')")
            assert "证书有效" in public.inner_text("#verdict")
            shot(public, f"road-{tag}-03-verified")
