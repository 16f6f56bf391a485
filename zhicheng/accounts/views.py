import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhicheng.accounts.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from zhicheng.core import audit, crypto, throttle
from zhicheng.core.masking import mask_phone
from zhicheng.core.middleware import client_ip
from zhicheng.notifications.models import Message
from zhicheng.notifications.selectors import (
    get_message_for_reader,
    inbox_groups,
    inbox_page_rows,
    unread_by_box,
)
from zhicheng.notifications.services import message_mark_read, messages_mark_all_read
from zhicheng.organizations.services import employer_register

from . import codes, selectors, services
from .forms import (
    ActivationCodeForm,
    ApplicantRegistrationForm,
    ChinesePasswordChangeForm,
    EmployerRegistrationForm,
    LoginForm,
    OTPTokenForm,
    PasswordResetForm,
    PhoneForm,
    StaffAccountForm,
)
from .models import Role
from .permissions import require_role


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=429)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:  # the demo's own accounts, so that a visitor need not look in the README
            context.update(demo_accounts=DEMO_ACCOUNTS, demo_password=DEMO_PASSWORD)
        return context


login_view = login_not_required(LoginView.as_view())


LARGE_TEXT_COOKIE = "large_text"


@login_not_required
@require_POST
def large_text(request):
    """大字号 on or off: kept on the account when signed in, in a cookie either way (anonymous visitors too)."""
    on = request.POST.get("on") == "1"
    if request.user.is_authenticated:
        services.user_set_large_text(user=request.user, on=on)
    target = _safe_next(request) or resolve_url("portal:home")
    response = redirect(target)
    response.set_cookie(
        LARGE_TEXT_COOKIE, "1" if on else "0", max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


@require_POST
def logout_view(request):
    return auth_views.LogoutView.as_view()(request)


@login_not_required
def register_choice(request):
    return render(request, "accounts/register_choice.html")


# Throttles of the public phone doors (issue 12 items 13, 21): SMS per number and per address, and
# submissions of a code per address.
SMS_PER_PHONE = (5, 60 * 60)
SMS_PER_ADDRESS = (20, 60 * 60)
SUBMITS_PER_ADDRESS = (30, 60 * 60)


def _phone_step(request, *, purpose: str, session_key: str, title: str, intro: str):
    """Step one of registration and password reset: the phone, proven by an SMS code.

    Returns (phone, None) once a code was sent to a phone in this session, or (None, response) to show.
    Every phone gets the same answer, registered or not; only its owner's SMS differs.
    """
    if request.method == "POST" and "change_phone" in request.POST:
        request.session.pop(session_key, None)
        return None, redirect(request.path)
    if request.method == "POST" and "send_code" in request.POST:
        form = PhoneForm(request.POST)
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            address = client_ip(request)
            if not throttle.allowed(
                (f"sms-{purpose}-phone", phone, *SMS_PER_PHONE),
                (f"sms-{purpose}-ip", address, *SMS_PER_ADDRESS),
            ):
                form.add_error("phone", "短信发送过于频繁，请 1 小时后再试。")
                return None, render(
                    request,
                    "accounts/phone_step.html",
                    {"form": form, "title": title, "intro": intro},
                    status=429,
                )
            code = codes.phone_code_send(purpose=purpose, phone=phone)
            request.session[session_key] = crypto.encrypt(phone)  # sessions are rows: no phone in clear
            if settings.SMS_CODES_SHOWN_ON_SCREEN and code:  # `make run` only: no SMS gateway there
                messages.warning(request, f"演示环境：短信不会真正发出，本次验证码为 {code}。")
            messages.info(
                request,
                f"短信已发送至 {mask_phone(phone)}，请按短信提示操作；验证码 10 分钟内有效。"
                "若未收到，请核对号码后重新获取。",
            )
            return None, redirect(request.path)
        return None, render(
            request, "accounts/phone_step.html", {"form": form, "title": title, "intro": intro}
        )
    phone = _session_phone(request, session_key)
    if not phone:
        return None, render(
            request, "accounts/phone_step.html", {"form": PhoneForm(), "title": title, "intro": intro}
        )
    return phone, None


def _session_phone(request, session_key: str) -> str:
    try:
        return crypto.decrypt(request.session.get(session_key) or "")
    except Exception:  # noqa: BLE001 - a missing, old or garbled value means: ask for the phone again
        return ""


def _submission_allowed(request, form) -> bool:
    if request.method != "POST":
        return True
    if throttle.hit(
        "code-submit-ip", client_ip(request), limit=SUBMITS_PER_ADDRESS[0], window=SUBMITS_PER_ADDRESS[1]
    ):
        return True
    form.add_error(None, "提交过于频繁，请 1 小时后再试。")
    return False


@login_not_required
def register_applicant(request):
    phone, response = _phone_step(
        request, purpose="register", session_key="register_phone", title="个人注册",
        intro="第一步：验证手机号码。手机号码用于登录和接收 12333 短信通知。",
    )  # fmt: skip
    if response:
        return response
    form = ApplicantRegistrationForm(request.POST or None, phone=phone)
    if request.method == "POST" and _submission_allowed(request, form) and form.is_valid():
        user = services.applicant_register(
            phone=phone,
            password=form.cleaned_data["password1"],
            real_name=form.cleaned_data["real_name"],
            id_number=form.cleaned_data["id_number"],
            email=form.cleaned_data["email"],
        )
        request.session.pop("register_phone", None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "注册成功。请先完善个人基本信息和业绩档案，并提交所在单位审核。")
        return redirect("portal:account_home")
    return render(
        request, "accounts/register_applicant.html", {"form": form, "masked_phone": mask_phone(phone)}
    )


@login_not_required
def register_employer(request):
    phone, response = _phone_step(
        request, purpose="register", session_key="register_phone", title="用人单位注册",
        intro="第一步：验证经办人手机号码。该号码用于登录和接收审核结果短信。",
    )  # fmt: skip
    if response:
        return response
    form = EmployerRegistrationForm(request.POST or None, phone=phone)
    if request.method == "POST" and _submission_allowed(request, form) and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():  # the SMS code is used up with the registration it allowed, or not at all
            user = _register_employer(data, phone)
        request.session.pop("register_phone", None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, "单位注册成功。请下载《用人单位委托证明》，加盖公章后上传扫描件，等待平台审核。"
        )
        return redirect("organizations:onboarding")
    return render(
        request, "accounts/register_employer.html", {"form": form, "masked_phone": mask_phone(phone)}
    )


def _register_employer(data, phone):
    user = employer_register(
        uscc=data["uscc"],
        name=data["name"].strip(),
        nature=data["nature"],
        region=data["region"],
        contact_name=data["contact_name"].strip(),
        phone=phone,
        password=data["password1"],
        email=data["email"],
    )
    codes.phone_code_use(purpose="register", phone=phone)
    return user


@login_not_required
def password_reset(request):
    """忘记密码: an SMS code to the account's phone, then a new password; other sessions end."""
    phone, response = _phone_step(
        request, purpose="password_reset", session_key="reset_phone", title="找回密码",
        intro="请输入账号绑定的手机号码，我们将发送短信验证码。",
    )  # fmt: skip
    if response:
        return response
    form = PasswordResetForm(request.POST or None, phone=phone)
    if request.method == "POST" and _submission_allowed(request, form) and form.is_valid():
        services.password_reset(phone=phone, password=form.cleaned_data["password1"])
        request.session.pop("reset_phone", None)
        messages.success(request, "密码已重置，其他设备上的登录已失效。请用新密码登录。")
        return redirect("accounts:login")
    return render(request, "accounts/password_reset.html", {"form": form, "masked_phone": mask_phone(phone)})


MESSAGES_PER_PAGE = 20


def _message_box(request) -> tuple[str, str | None]:
    box = request.GET.get("box") or request.POST.get("box")
    if box not in ("important", "notice"):  # first visit: the important box unless there is nothing in it
        box = "important" if inbox_page_rows(request.user, important=True).exists() else "notice"
    return box, request.GET.get("about", request.POST.get("about"))


def message_center(request):
    """消息中心: 重要消息 (also sent by SMS) apart from 一般通知, grouped by 事项, paged, marked read one or all."""
    box, about = _message_box(request)
    important = box == "important"
    page = Paginator(
        inbox_page_rows(request.user, important=important, about=about), MESSAGES_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/messages.html",
        {
            "page": page,
            "messages_list": page.object_list,
            "box": box,
            "about": about,
            "groups": inbox_groups(request.user, important=important),
            "unread": unread_by_box(request.user),
        },
    )


@require_POST
def message_read(request, pk: int):
    try:
        message = get_message_for_reader(user=request.user, pk=pk)
    except Message.DoesNotExist as exc:
        raise Http404("消息不存在") from exc
    message_mark_read(message=message)
    return redirect(_message_center_url(request))


@require_POST
def messages_read_all(request):
    box, about = _message_box(request)
    count = messages_mark_all_read(user=request.user, important=box == "important", about=about)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect(_message_center_url(request))


def _message_center_url(request) -> str:
    box, about = _message_box(request)
    query = {"box": box}
    if about is not None:
        query["about"] = about
    if request.POST.get("page"):
        query["page"] = request.POST["page"]
    return f"{resolve_url('accounts:messages')}?{urlencode(query)}"


@require_http_methods(["GET", "POST"])
def message_detail(request, pk: int):
    """Open a message's page. The 消息中心 opens it by POST, which marks it read; a GET (a link kept
    from elsewhere) only leads there and writes nothing (a GET never writes, DESIGN.md §4)."""
    try:
        message = get_message_for_reader(user=request.user, pk=pk)
    except Message.DoesNotExist as exc:
        raise Http404("消息不存在") from exc
    if request.method == "POST":
        message_mark_read(message=message)
    if message.link and url_has_allowed_host_and_scheme(message.link, allowed_hosts=None):
        return redirect(message.link)
    return redirect("accounts:messages")


def password_change(request):
    form = ChinesePasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Rotates this session's hash; every other session of the user ends (SECURITY.md 3).
        update_session_auth_hash(request, user)
        request.session.cycle_key()
        audit.password_changed(user=user)
        messages.success(request, "密码已修改，其他设备上的登录已失效。")
        return redirect("portal:account_home")
    return render(request, "accounts/password_change.html", {"form": form})


def _safe_next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def otp(request):
    """Verify the staff TOTP second factor, or bind a new authenticator.

    Binding is not trust-on-first-use (issue 12 item 12): the secret is shown only after the platform
    admin's activation code for this account has been entered; the password alone never reveals it."""
    user = request.user
    if not user.needs_second_factor:
        return redirect("portal:account_home")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    context = {"setting_up": setting_up, "next": request.GET.get("next", "")}
    if setting_up:
        device = TOTPDevice.objects.filter(
            user=user, confirmed=False, pk=request.session.get("otp_enrolment_device")
        ).first()
        if device is None:  # no activation yet in this session: ask for the admin's code
            activation = ActivationCodeForm(request.POST if "activation_code" in request.POST else None)
            if activation.is_bound and activation.is_valid():
                if codes.otp_activation_use(user=user, code=activation.cleaned_data["activation_code"]):
                    device = services.otp_device_start(user=user)
                    request.session["otp_enrolment_device"] = device.pk
                    return redirect(request.get_full_path())
                activation.add_error(
                    "activation_code", "激活码不正确、已使用或已过期，请联系平台管理员重新发放。"
                )
            return render(request, "accounts/otp.html", {**context, "activation": activation})
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session.pop("otp_enrolment_device", None)
                audit.otp_device_confirmed(user=user)
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", "动态口令不正确或已过期，请查看验证器中的最新口令。")
    context["form"] = form
    if setting_up:
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        buffer = io.BytesIO()
        image.save(buffer)
        context["qr_svg_b64"] = base64.b64encode(buffer.getvalue()).decode()
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


@require_role(Role.ADMIN)
@require_POST
def otp_activation(request, pk: int):
    """The platform admin issues (or re-issues, which resets the device) a staff member's activation code."""
    target = selectors.staff_account(pk)
    if target is None or not target.needs_second_factor:
        raise Http404("账号不存在或无需动态口令")
    code = codes.otp_activation_issue(actor=request.user, user=target)
    response = render(
        request, "accounts/otp_activation.html", {"target": target, "code": code, "ttl_hours": 72}
    )
    response["Cache-Control"] = "no-store"  # the code is shown once
    return response


@require_role(Role.ADMIN)
def staff_accounts(request):
    form = StaffAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.staff_account_create(
            actor=request.user,
            login=data["phone"],
            phone=data["phone"],
            password=data["password"],
            real_name=data["real_name"],
            role=data["role"],
            organization=data["organization"],
        )
        messages.success(request, f"已创建{Role(data['role']).label}账号：{data['real_name']}。")
        return redirect("accounts:staff_accounts")
    return render(
        request, "accounts/staff_accounts.html", {"form": form, "staff": selectors.staff_accounts()}
    )
