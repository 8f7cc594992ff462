from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def shell_commands() -> list[str]:
    return [line for block in re.findall(r"```sh\n(.*?)```", README, re.S) for line in block.splitlines() if line]


def test_readme_gives_exactly_two_commands_demo_and_tests() -> None:
    commands = shell_commands()
    assert len(commands) == 2
    assert commands[0].endswith("newstrace demo")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert shell_commands()[1] in ci.splitlines()


def test_readme_lists_every_command() -> None:
    from newstrace.cli import main

    for name in main.commands:  # type: ignore[attr-defined]
        assert f"newstrace {name}" in README
