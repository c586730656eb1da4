"""The README and --help stay true: every command has help with an example, the README
names every command, and the README's Python example runs."""
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conflictlens.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _commands():
    group = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            out += [(f"{name} {sub}", c) for sub, c in cmd.commands.items()]
        else:
            out.append((name, cmd))
    return out


@pytest.mark.parametrize("name, cmd", _commands(), ids=[n for n, _ in _commands()])
def test_every_command_has_help_and_example(name, cmd):
    assert (cmd.help or "").strip(), f"{name} has no help text"
    assert "Example:" in cmd.help, f"{name}'s help has no 'Example:' line"
    r = runner.invoke(app, [*name.split(), "--help"])
    assert r.exit_code == 0 and "Usage" in r.output


def test_readme_names_every_top_level_command():
    group = typer.main.get_command(app)
    for name in group.commands:
        assert re.search(rf"\$cl {name}\b|conflictlens {name}\b", README), f"README does not show '{name}'"


def test_readme_python_example_runs(tmp_path, monkeypatch):
    block = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    import conflictlens as cl

    cl.analyze(["Syrian army units shelled rebel positions in Idlib on Monday."], db="war.duckdb").close()
    ns: dict = {}
    exec(compile(block, "README.md", "exec"), ns)
    assert {"event_type", "actor_name"} <= set(ns["table"].column_names)
    assert ns["table"].num_rows >= 1  # "Russian warplanes struck eastern Aleppo" is an event
    assert len(ns["stories"].columns) > 0
