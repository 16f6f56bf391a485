from .models import Employer, Region


def approved_employers():
    return (
        Employer.objects.filter(status=Employer.Status.APPROVED)
        .select_related("organization__region")
        .order_by("organization__name")
    )


def search_employers(query: str, limit: int = 20):
    """Every employer matching the name, so that an applicant learns why a pending one cannot be chosen."""
    qs = Employer.objects.select_related("organization__region").order_by("organization__name")
    if query:
        qs = qs.filter(organization__name__icontains=query.strip())
    return qs[:limit]


def employers_awaiting_review():
    return (
        Employer.objects.filter(status=Employer.Status.PENDING)
        .select_related("organization__region")
        .order_by("letter_uploaded_at")
    )


def counties():
    return Region.objects.filter(level=Region.Level.COUNTY).select_related("parent__parent").order_by("code")
