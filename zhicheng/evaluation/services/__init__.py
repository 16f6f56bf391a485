"""Writes of the evaluation (DESIGN.md §4.2): keyword-only, one transaction each, a named audit event,
side effects after commit. Grouped by what they write: cases, payments, assessments, experts, scoring,
votes and results."""


class ServiceError(ValueError):
    """A refused request; the message is Chinese, names the field and the rule, and is safe to show."""
