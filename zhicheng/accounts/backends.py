from zhicheng.accounts.models import login_key


def axes_username(request, credentials):
    """Lockout is keyed on the hashed login, so axes never stores a phone number in clear."""
    return login_key((credentials or {}).get("username", "") or request.POST.get("username", ""))
