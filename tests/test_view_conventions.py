"""Pages are written one way (docs/architecture.md, "Layers inside an app"):

- the multifactory of the address comes from `community.decorators.member_view` or
  `multifactory_view`, never from a view calling `multifactory_get` itself;
- objects come from access functions, never from a bare `.objects.get()`;
- a service's ValidationError reaches a form through `core.forms.apply_service_errors`
  (and a button without a form through `message_service_errors`), never through a
  view's own `form.add_error(…)`: governance once had its own copy, and a field the
  form lacks made `add_error` answer 500.

Every module a urls module routes to is read with `ast`.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "multifactory"

# app → why its pages do not follow the rules yet.
# The place's three apps resolve their multifactory through place.web's helpers
# (which call community.access); their pages adopt the decorators next (issue 8).
NOT_YET = dict.fromkeys(
    ("place", "doors", "care"),
    "the place's pages adopt @member_view and the error helper (issue 8, item 4)",
)


def view_modules() -> list[Path]:
    """Every module of the package that a urls module imports views from."""
    found = set()
    for urls in PACKAGE.rglob("*urls.py"):
        if "tests" in urls.parts:
            continue
        tree = ast.parse(urls.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    path = PACKAGE.parent.joinpath(
                        *node.module.split("."), f"{alias.name}.py"
                    )
                    if path.exists():
                        found.add(path)
    return sorted(
        path
        for path in found
        if path.relative_to(PACKAGE).parts[0] not in NOT_YET
        and path.name not in {"api_urls.py"}
    )


def breaches(path: Path, text: str | None = None) -> list[str]:
    """What in the module at `path` (or in `text`, read as that module) breaks the
    rules above, one line per breach."""
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = getattr(func, "attr", None) or getattr(func, "id", None)
        where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        if (
            name == "get"
            and isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
        ):
            found.append(f"{where}: a bare .objects.get(); use an access function")
        elif name == "add_error":
            found.append(f"{where}: add_error in a view; use apply_service_errors")
        elif name in {"multifactory_get", "multifactory_get_for_member"}:
            found.append(f"{where}: {name} in a view; use @member_view")
    return found


def test_the_pages_of_every_app_are_checked():
    names = {str(path.relative_to(PACKAGE)) for path in view_modules()}
    assert {
        "community/views.py",
        "community/trail.py",
        "governance/views.py",
        "notifications/views.py",
        "site/views.py",
        "core/views.py",
    } <= names


@pytest.mark.parametrize(
    "path", view_modules(), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_a_view_resolves_objects_and_errors_the_one_way(path):
    assert breaches(path) == []


def test_the_check_sees_each_kind_of_breach():
    text = (
        "def view(request, mf, pk):\n"
        "    multifactory = access.multifactory_get(mf)\n"
        "    proposal = Proposal.objects.get(pk=pk)\n"
        "    form.add_error(None, error)\n"
    )
    found = breaches(PACKAGE / "example" / "views.py", text)
    assert [line.split(": ", 1)[1] for line in found] == [
        "multifactory_get in a view; use @member_view",
        "a bare .objects.get(); use an access function",
        "add_error in a view; use apply_service_errors",
    ]
