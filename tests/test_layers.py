"""Imports between apps go one way: down (docs/architecture.md, "Layers between apps").

    core ← audit ← api ← notifications ← community ← capabilities ← the top

Every module of the package is parsed with `ast` (nothing is imported, so a cycle
shows here before Python trips on it); each `import` and `from … import`, at the top
of a module or inside a function, is mapped to the app it names and checked against
the order above. Capabilities are every other installed app of the package: they may
import the bottom and each other, but never in a cycle. The top (the `site` app and the
project's own modules: urls, settings, cli, wsgi) may import anything and nothing
imports it. Tests are left out: they drive the whole stack through the `world`
fixture.
"""

import ast
from pathlib import Path

from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[1] / "multifactory"

# From the bottom up; each app may import the ones before it.
BOTTOM = ["core", "audit", "api", "notifications", "community"]
TOP_APPS = {"site"}
TOP = "<top>"  # multifactory/urls.py, settings.py, cli.py, wsgi.py

# (importing module, imported module) → why the import is allowed anyway. Keep it
# short: each entry is a debt with a reason and a way out.
ALLOWED: dict[tuple[str, str], str] = {}


def app_of(module: str) -> str | None:
    """The app a dotted module name belongs to; TOP for the project's own modules;
    None for anything outside the package."""
    parts = module.split(".")
    if parts[0] != "multifactory":
        return None
    if len(parts) == 1 or not (PACKAGE / parts[1]).is_dir():
        return TOP
    return parts[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[str, int]]:
    """(dotted module, line) of every import in the file, relative ones resolved;
    `from multifactory import x` counts as importing `multifactory.x`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module_name(path).split(".")
                if path.name == "__init__.py":
                    anchor.append("")
                anchor = anchor[: len(anchor) - node.level]
                base = ".".join([*anchor, base] if base else anchor)
            if base == "multifactory":
                found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((base, node.lineno))
    return found


def package_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


def edges() -> list[tuple[str, str, str, str, str]]:
    """(from app, to app, from module, to module, where) for every import that
    crosses from one app to another."""
    found = []
    for path in package_modules():
        source = module_name(path)
        source_app = app_of(source)
        for target, line in imports_of(path):
            target_app = app_of(target)
            if target_app is None or target_app == source_app:
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            found.append((source_app, target_app, source, target, where))
    return found


def capabilities() -> set[str]:
    apps = {
        name.split(".")[1]
        for name in settings.INSTALLED_APPS
        if name.startswith("multifactory.")
    }
    return apps - set(BOTTOM) - TOP_APPS


def rank(app: str) -> int:
    if app in BOTTOM:
        return BOTTOM.index(app)
    if app in TOP_APPS or app == TOP:
        return len(BOTTOM) + 1
    return len(BOTTOM)  # a capability


def wrong_way(found) -> list[str]:
    problems = []
    for source_app, target_app, source, target, where in found:
        if (source, target) in ALLOWED:
            continue
        if target_app == TOP or target_app in TOP_APPS:
            if rank(source_app) <= len(BOTTOM):
                problems.append(f"{where}: {source_app} imports the top ({target})")
        elif rank(target_app) > rank(source_app) or (
            rank(target_app) == rank(source_app) and source_app in BOTTOM
        ):
            problems.append(f"{where}: {source_app} imports {target_app} ({target})")
    return problems


def cycles_between(apps: set[str], found) -> list[list[str]]:
    graph = {app: set() for app in apps}
    for source_app, target_app, *_ in found:
        if source_app in apps and target_app in apps:
            graph[source_app].add(target_app)
    cycles, state = [], {}

    def visit(app, path):
        state[app] = "open"
        for nxt in sorted(graph[app]):
            if state.get(nxt) == "open":
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[app] = "done"

    for app in sorted(apps):
        if app not in state:
            visit(app, [app])
    return cycles


def test_every_app_of_the_package_has_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps <= set(BOTTOM) | TOP_APPS | capabilities()


def test_no_import_goes_up_a_layer():
    assert wrong_way(edges()) == []


def test_capabilities_do_not_import_each_other_in_a_cycle():
    assert cycles_between(capabilities(), edges()) == []


def test_every_allowed_exception_is_still_needed():
    """An entry of ALLOWED whose import is gone must go too."""
    used = {(source, target) for _, _, source, target, _ in edges()}
    assert [pair for pair in ALLOWED if pair not in used] == []


def test_the_check_sees_an_import_inside_a_function_going_up(tmp_path):
    """What the check guards: core once imported community inside the context
    processor's functions (to dodge the cycle at import time)."""
    found = [
        ("core", "community", "multifactory.core.x", "multifactory.community", "x:9"),
        ("audit", "api", "multifactory.audit.x", "multifactory.api.pagination", "x:3"),
        ("api", "site", "multifactory.api.x", "multifactory.site.api_urls", "x:1"),
        ("place", "community", "multifactory.place.x", "multifactory.community", ""),
    ]
    assert wrong_way(found) == [
        "x:9: core imports community (multifactory.community)",
        "x:3: audit imports api (multifactory.api.pagination)",
        "x:1: api imports the top (multifactory.site.api_urls)",
    ]
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from multifactory.community import access\n")
    assert ("multifactory.community", 2) in imports_of(source)


def test_the_check_sees_a_cycle_between_capabilities():
    found = [
        ("place", "governance", "a", "b", ""),
        ("governance", "place", "b", "a", ""),
    ]
    assert cycles_between({"place", "governance"}, found) == [
        ["governance", "place", "governance"]
    ]
