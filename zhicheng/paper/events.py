"""Named audit events of paper materials (DESIGN.md §4.6)."""

from zhicheng.core.audit import record


def paper_step_saved(*, actor, step, created: bool):
    return record("paper_step_created" if created else "paper_step_changed", actor=actor, obj=step)


def paper_check_recorded(*, actor, check):
    return record(
        f"paper_check_{check.state}", actor=actor, obj=check, application=check.application_id,
        items=len(check.checked_items),
    )  # fmt: skip


def paper_mailed(*, actor, mailing):
    return record("paper_mailed", actor=actor, obj=mailing, application=mailing.application_id)


def paper_received(*, actor, mailing):
    return record("paper_received", actor=actor, obj=mailing, application=mailing.application_id)


def paper_form_returned(*, actor, mailing):
    return record("paper_form_returned", actor=actor, obj=mailing, application=mailing.application_id)
