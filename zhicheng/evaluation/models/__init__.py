"""From 资格审查通过 to the HR bureau's approval: the evaluation of one qualified application.

The review chain's table (applications/workflow.py) ends at "qualified". What follows is a separate
aggregate, ``EvaluationCase``, whose status moves by its own table (``machine.py``) through the same one
engine (applications/engine.py): fees, assessments, the expert panel's scoring and vote, the results' 公示
and the bureau's approval. Its moves are rows of the application's one history (``case.history``).
Every other table here is a record beside the case, written by the services in ``services/``.

The tables live in one module per group, the same groups as ``services/``: cases, payments,
assessments, experts, scoring, votes and results. Every name is re-exported here, so
``from zhicheng.evaluation.models import X`` works as before; the models keep the app label
``evaluation`` and their tables (the package is the app's ``models`` module).
"""

# The modules load in the order the one models.py had, so the app registry lists the models as before.
# isort: off
from .cases import CaseAction, CaseStatus, EvaluationCase, EvaluationRules
from .payments import Payment, PaymentCallback, PaymentOrder, Provider
from .assessments import AssessmentKind, AssessmentScore, AssessmentSession, AssessmentSitting, AssessmentSpec
from .experts import ConflictOfInterest, ExpertAffiliation, ExpertProfile, ExpertRelation, Panel, PanelMember
from .scoring import ExpertScore, ScoreReminder
from .votes import Attendance, Meeting, Vote, VoteTally
from .results import ResultApproval
# isort: on

__all__ = [
    "CaseStatus",
    "CaseAction",
    "EvaluationRules",
    "EvaluationCase",
    "Provider",
    "PaymentOrder",
    "Payment",
    "PaymentCallback",
    "AssessmentKind",
    "AssessmentSpec",
    "AssessmentSession",
    "AssessmentSitting",
    "AssessmentScore",
    "ExpertProfile",
    "ExpertAffiliation",
    "ExpertRelation",
    "Panel",
    "PanelMember",
    "ConflictOfInterest",
    "ExpertScore",
    "ScoreReminder",
    "Meeting",
    "Attendance",
    "Vote",
    "VoteTally",
    "ResultApproval",
]
