"""Events of the 公示 module for the apps above (DESIGN.md §4.12), sent after commit with ids only."""

from __future__ import annotations

from django.dispatch import Signal

# kind, publicity_id, plan_id, cleared: the application ids whose names stood the 公示 without a sustained
# objection. For kind "qualification" this is the former review.signals.qualification_publicity_closed:
# seed 001 三(二) and seed 002 三: 公示无异议后，组织专家评审.
publicity_closed = Signal()
