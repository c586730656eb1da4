"""One settings object: packaged defaults, then a user TOML file, then CLI flags."""
from __future__ import annotations

import copy
import functools
import logging
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Errors, SettingsError

LOGGER = logging.getLogger(__name__)
USER_FILE = "conflictlens.toml"


def _merge(base: dict, over: dict, path: str, where: str) -> dict:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if key not in base:
            raise SettingsError(Errors.E004.format(key=f"{path}{key}", path=where, options=", ".join(sorted(base))))
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise SettingsError(Errors.E004.format(key=f"{path}{key}", path=where, options="a [section]"))
            out[key] = _merge(base[key], value, f"{path}{key}.", where)
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class Settings:
    """All tunables, by section. Read with ``settings["nlp"]["model"]`` or ``settings.get("nlp.model")``."""

    data: dict = field(default_factory=dict)

    def __getitem__(self, section: str) -> dict:
        return self.data[section]

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def with_overrides(self, **dotted: Any) -> "Settings":
        """New settings with ``section__key=value`` overrides (None values are ignored)."""
        over: dict = {}
        for k, v in dotted.items():
            if v is None:
                continue
            section, key = k.split("__", 1)
            over.setdefault(section, {})[key] = v
        return Settings(_merge(self.data, over, "", "command-line flags"))


def defaults() -> dict:
    """A fresh copy of the packaged defaults (callers may change it)."""
    text = resources.files("conflictlens").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.lru_cache(maxsize=1)
def packaged_defaults() -> dict:
    """The packaged defaults, read once and shared: for reading only (``defaults()`` gives a copy)."""
    return defaults()


def load_settings(path: str | Path | None = None) -> Settings:
    """Defaults, overridden by ``path`` (or ./conflictlens.toml when present)."""
    data = defaults()
    candidate = Path(path) if path else Path(USER_FILE)
    if path or candidate.exists():
        try:
            user = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(Errors.E003.format(path=candidate, reason=exc)) from exc
        data = _merge(data, user, "", str(candidate))
        LOGGER.info("settings from %s", candidate)
    return Settings(data)
