"""Events of the review chain for the apps above (DESIGN.md §4.12), sent after commit with ids only."""

from __future__ import annotations

from django.dispatch import Signal

# publicity_id, plan_id, cleared: the application ids whose names stood the 资格审查公示 without a
# sustained objection. Seed 001 三(二) and seed 002 三: 公示无异议后，组织专家评审.
qualification_publicity_closed = Signal()
