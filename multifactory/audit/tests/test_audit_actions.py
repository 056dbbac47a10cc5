"""The registry of audit actions: every code the package writes is registered with a
label in English and Italian, and `audit_record` refuses one that is not."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

import multifactory
from multifactory.audit import actions
from multifactory.audit.models import AuditEvent
from multifactory.audit.services import audit_record

PACKAGE = Path(multifactory.__file__).resolve().parent


def _skipped(path: Path) -> bool:
    return "tests" in path.parts or "migrations" in path.parts


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def results(expr: ast.expr) -> list[ast.expr]:
    """The expressions whose value `expr` may take: both arms of `a if c else b`."""
    if isinstance(expr, ast.IfExp):
        return results(expr.body) + results(expr.orelse)
    if isinstance(expr, ast.BoolOp):
        return [leaf for value in expr.values for leaf in results(value)]
    return [expr]


def actions_written_by_the_code() -> dict[str, str]:
    """Every audit action code written in the package, with where it is written.

    Walks the source: the `action=` argument of every call, and the positional
    argument that lands on a parameter named `action` of a function of the same
    module (such as place's `_decide(by, booking, status, "booking.approved")`).
    Codes contain a dot, which leaves out argparse's action="store_true"."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if _skipped(path):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        positions = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                if "action" in names:
                    positions[node.name] = names.index("action")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            values = [kw.value for kw in node.keywords if kw.arg == "action"]
            index = positions.get(_call_name(node))
            if index is not None and len(node.args) > index:
                values.append(node.args[index])
            for value in values:
                for leaf in results(value):
                    if (
                        isinstance(leaf, ast.Constant)
                        and isinstance(leaf.value, str)
                        and "." in leaf.value
                    ):
                        where = f"{path.relative_to(PACKAGE)}:{leaf.lineno}"
                        found.setdefault(leaf.value, where)
    return found


def audit_record_calls_with_a_computed_action() -> list[str]:
    """Calls of audit_record whose action is neither literal codes nor the `action`
    parameter of the calling function: the walk above could not see those codes."""
    odd = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if _skipped(path):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and _call_name(node) == "audit_record"):
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                for leaf in results(keyword.value):
                    literal = isinstance(leaf, ast.Constant) and isinstance(
                        leaf.value, str
                    )
                    parameter = isinstance(leaf, ast.Name) and leaf.id == "action"
                    if not (literal or parameter):
                        odd.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return odd


def test_every_action_the_code_writes_is_registered():
    used = actions_written_by_the_code()
    # The walk really sees the package, positional codes included.
    assert len(used) >= 70
    assert {"membership.removed", "booking.approved", "key.returned"} <= set(used)
    missing = {
        code: where for code, where in used.items() if code not in actions.ACTIONS
    }
    assert missing == {}


def test_no_audit_record_call_computes_its_action_out_of_sight_of_the_walk():
    assert audit_record_calls_with_a_computed_action() == []


def test_every_action_has_an_italian_label():
    untranslated = []
    for code, action in actions.ACTIONS.items():
        with translation.override("en"):
            english = str(action.label)
        with translation.override("it"):
            italian = str(action.label)
        if english == italian:
            untranslated.append(code)
    assert untranslated == []


def test_labels_are_sentences_not_codes():
    for code, action in actions.ACTIONS.items():
        with translation.override("en"):
            text = str(action.label)
        assert "." not in text and "_" not in text, code
        assert text[0].isupper(), code


def test_audit_record_refuses_an_unregistered_action(world):
    before = AuditEvent.objects.count()
    with pytest.raises(actions.UnknownAction, match="not registered"):
        audit_record(
            by=world.founder, action="membership.vanished", target=world.company
        )
    assert AuditEvent.objects.count() == before


def test_a_code_registered_twice_with_another_label_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        actions.register("membership.removed", "Someone left")


def test_a_code_that_is_not_thing_dot_what_happened_is_refused():
    for code in ("Booking.Created", "booking", "booking.created.twice", ".created"):
        with pytest.raises(ValueError, match="lower case"):
            actions.register(code, "Whatever")
    assert "booking" not in actions.ACTIONS


def test_the_label_of_an_old_unregistered_code_is_the_code():
    assert actions.label("ancient.thing") == "ancient.thing"
    with translation.override("it"):
        assert actions.label("membership.removed") == "Appartenenza terminata"
