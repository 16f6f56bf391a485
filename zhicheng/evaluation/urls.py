from django.urls import path

from .views import applicant, bureau, expert, office, public

app_name = "evaluation"
urlpatterns = [
    path("", public.index, name="index"),
    path("publicity/", public.publicity, name="public_publicity"),
    # applicant and payments
    path("my/", applicant.my_cases, name="my_cases"),
    path("cases/<int:pk>/", applicant.case_detail, name="case_detail"),
    path("cases/<int:pk>/pay/", applicant.pay_online, name="pay_online"),
    path("sandbox-pay/<str:order>/", applicant.sandbox_cashier, name="sandbox_cashier"),
    path("payments/callback/<str:provider_code>/", applicant.payment_callback, name="payment_callback"),
    path("payments/<int:pk>/receipt.pdf", applicant.receipt, name="receipt"),
    # committee office
    path("office/", office.home, name="office_home"),
    path("office/plans/<int:pk>/", office.plan_overview, name="plan_overview"),
    path("office/plans/<int:pk>/open-cases/", office.open_cases, name="open_cases"),
    path("office/plans/<int:pk>/rules/", office.plan_rules, name="plan_rules"),
    path("office/plans/<int:pk>/assessments/", office.assessments, name="assessments"),
    path("office/plans/<int:pk>/panels/", office.panels, name="panels"),
    path("office/plans/<int:pk>/publicity/", office.publicity, name="publicity"),
    path("office/cases/<int:pk>/", office.case_detail, name="office_case"),
    path("office/cases/<int:pk>/payment/", office.record_payment, name="record_payment"),
    path("office/cases/<int:pk>/cancel/", office.cancel_case, name="cancel_case"),
    path("office/sittings/<int:pk>/scores/", office.sitting_scores, name="sitting_scores"),
    path("office/experts/", office.experts, name="experts"),
    path("office/experts/<int:pk>/", office.expert_edit, name="expert_edit"),
    path("office/panels/<int:pk>/", office.panel_detail, name="panel"),
    path("office/panels/<int:pk>/members/", office.panel_members, name="panel_members"),
    path("office/panels/<int:pk>/assign/", office.panel_assign, name="panel_assign"),
    path("office/panels/<int:pk>/meeting/", office.meeting_open, name="meeting_open"),
    path("office/conflicts/<int:pk>/dismiss/", office.conflict_dismiss, name="conflict_dismiss"),
    path("office/meetings/<int:pk>/", office.meeting_detail, name="meeting"),
    path("office/meetings/<int:pk>/attendance/", office.meeting_attendance, name="meeting_attendance"),
    path("office/meetings/<int:pk>/close/", office.meeting_close, name="meeting_close"),
    # experts (blind review)
    path("expert/", expert.home, name="expert_home"),
    path("expert/cases/<int:pk>/", expert.case_detail, name="expert_case"),
    path("expert/cases/<int:pk>/conflict/", expert.declare_conflict, name="declare_conflict"),
    path("expert/meetings/<int:pk>/", expert.meeting, name="expert_meeting"),
    path("api/expert/cases/", expert.api_cases, name="api_expert_cases"),
    path("api/expert/cases/<int:pk>/", expert.api_case, name="api_expert_case"),
    # HR bureau
    path("bureau/", bureau.home, name="bureau_home"),
    path("bureau/plans/<int:pk>/", bureau.plan_detail, name="bureau_plan"),
    path("bureau/plans/<int:pk>/certify/", bureau.certify, name="bureau_certify"),
    path("bureau/cases/<int:pk>/decline/", bureau.decline, name="bureau_decline"),
]
