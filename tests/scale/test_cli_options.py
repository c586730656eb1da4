"""--workers/--dask/--scheduler are validated with coded errors before anything runs."""
from __future__ import annotations

from typer.testing import CliRunner

from conflictlens.cli.app import app


def test_bad_dask_option_is_a_coded_error(tmp_path):
    res = CliRunner().invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--dask", "remote"])
    assert res.exit_code == 1 and "E123" in res.output


def test_negative_workers_is_a_coded_error(tmp_path):
    res = CliRunner().invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--workers", "-2"])
    assert res.exit_code == 1 and "E122" in res.output


def test_unreachable_scheduler_is_a_coded_error(tmp_path):
    res = CliRunner().invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "x.duckdb"),
                                   "--scheduler", "tcp://127.0.0.1:9"])
    assert res.exit_code == 1 and "E124" in res.output
