from .models import Role, User


def staff_accounts():
    return (
        User.objects.exclude(role__in=[Role.APPLICANT, Role.EMPLOYER])
        .select_related("organization")
        .order_by("role", "id")
    )


def staff_account(pk: int) -> User | None:
    return staff_accounts().filter(pk=pk).first()
