"""What must be done before a case may go to the experts, told by the apps that know it (filled in their
``AppConfig.ready()``): e.g. the paper check before review (seed 003 四: 原件核查). The evaluation does
not import those apps; each gate returns a Chinese refusal, or "" when the case may go on."""

from collections.abc import Callable

Gate = Callable[..., str]
_ASSIGN_GATES: list[Gate] = []


def register_assign_gate(func: Gate) -> None:
    if func not in _ASSIGN_GATES:
        _ASSIGN_GATES.append(func)


def assign_refusal(case) -> str:
    for gate in _ASSIGN_GATES:
        refusal = gate(case)
        if refusal:
            return refusal
    return ""
