"""Feeds the employer's own details into the 用人单位委托证明 renderer."""

from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.organizations.models import Employer

from .data import AuthorizationLetterData
from .pdf import authorization_letter_pdf


def authorization_letter_for(employer: Employer, *, agent=None) -> bytes:
    region, names = employer.organization.region, []
    while region is not None:
        names.append(region.name)
        region = region.parent
    agent = agent or employer.organization.members.filter(role=Role.EMPLOYER).order_by("id").first()
    data = AuthorizationLetterData(
        employer_name=employer.name,
        credit_code=employer.uscc,
        employer_nature=employer.nature,
        region=tuple(reversed(names)),
        address="",  # left blank on purpose: filled in by hand before stamping
        legal_representative="",
        account=employer.uscc,
        agent_name=employer.contact_name,
        agent_id_number="",
        agent_phone=agent.phone if agent else "",
        issued_on=timezone.localdate(),
    )
    return authorization_letter_pdf(data, reveal_identifiers=True)  # the employer prints its own letter
