"""The documents stay true to the code: every setting an operator may change is in
docs/deploy.md, and every command the README shows exists."""

import re
from pathlib import Path

from django.core.management import get_commands

from multifactory.cli import ALIASES

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_of_the_settings_is_documented_in_deploy():
    settings = (ROOT / "multifactory" / "settings.py").read_text()
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    variables = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z0-9_]+)"', settings))

    undocumented = sorted(name for name in variables if f"`{name}`" not in deploy)

    assert len(variables) > 10
    assert undocumented == [], "add them to the table of settings in docs/deploy.md"


def test_every_multifactory_command_in_the_readme_exists():
    readme = (ROOT / "README.md").read_text()
    commands = set(re.findall(r"^multifactory ([a-z_]+)", readme, re.MULTILINE))

    known = {*get_commands(), *ALIASES, "help"}  # `help` is django-admin's own

    unknown = sorted(commands - known)

    assert {"create_multifactory", "worker", "demo"} <= commands
    assert unknown == []
