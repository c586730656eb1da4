"""Packaged code tables (PLOVER scores, CAMEO Goldstein values) and the outlet alignment table."""
from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyarrow as pa

from ..config import Settings
from ..errors import Errors, SettingsError

LOGGER = logging.getLogger(__name__)

SIDES = ("pro_government", "anti_government", "neutral")
OUTLET_COLUMNS = ("outlet", "aliases", "name", "alignment", "side", "country", "notes")


@dataclass(frozen=True, slots=True)
class Outlet:
    """One row of the outlet alignment table. ``outlet`` is the normalised key."""

    outlet: str
    aliases: tuple[str, ...]
    name: str
    alignment: str
    side: str | None
    country: str | None = None
    notes: str | None = None


def normalise_outlet(raw: str | None) -> str | None:
    """Outlet name as matched against the table: lower case, no scheme/www, trimmed."""
    if raw is None:
        return None
    s = raw.strip().lower()
    for prefix in ("https://", "http://", "www."):
        if s.startswith(prefix):
            s = s[len(prefix):]
    s = s.strip().strip("/")
    return s or None


def _packaged_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def plover_scores() -> pa.Table:
    """(event_type, mode, score): mode '' is the type's base score. See docs/analytics.md."""
    rows = _csv_rows(_packaged_text("conflictlens.analytics", "data/plover_scores.csv"))
    return pa.table({
        "event_type": [r["event_type"] for r in rows],
        "mode": [r["mode"] for r in rows],
        "score": [float(r["score"]) for r in rows],
    })


def plover_aliases() -> pa.Table:
    """(label, event_type, mode, quad_class): PLOVER 2.0 types and pre-2.0 labels."""
    rows = _csv_rows(_packaged_text("conflictlens.analytics", "data/plover_aliases.csv"))
    return pa.table({
        "label": [r["label"] for r in rows],
        "event_type": [r["event_type"] for r in rows],
        "mode": [r["mode"] or None for r in rows],
        "quad_class": [int(r["quad_class"]) for r in rows],
    })


def cameo_goldstein() -> pa.Table:
    """(cameo_code, goldstein): GDELT's CAMEO.goldsteinscale lookup, 310 codes."""
    rows = _csv_rows(_packaged_text("conflictlens.analytics", "data/cameo_goldstein.csv"))
    return pa.table({
        "cameo_code": [r["cameo_code"] for r in rows],
        "goldstein": [float(r["goldstein"]) for r in rows],
    })


def type_cameo_root() -> pa.Table:
    """(event_type, cameo_root): the CAMEO root standing in for a PLOVER type without a CAMEO code."""
    rows = _csv_rows(_packaged_text("conflictlens.analytics", "data/type_cameo_root.csv"))
    return pa.table({
        "event_type": [r["event_type"] for r in rows],
        "cameo_root": [r["cameo_root"] for r in rows],
    })


def load_outlets(path: str | Path | None = None) -> list[Outlet]:
    """The outlet alignment table: ``path`` if given, else the packaged ``data/outlets.csv``."""
    where = str(path) if path else "conflictlens/data/outlets.csv"
    try:
        text = Path(path).read_text(encoding="utf-8") if path else _packaged_text("conflictlens", "data/outlets.csv")
        rows = _csv_rows(text)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SettingsError(Errors.E021.format(path=where, reason=exc)) from exc
    if rows and not {"outlet", "side"} <= set(rows[0]):
        raise SettingsError(Errors.E021.format(path=where, reason=f"columns {sorted(rows[0])}"))
    out: list[Outlet] = []
    for i, r in enumerate(rows, start=2):
        key = normalise_outlet(r.get("outlet"))
        if not key:
            continue
        side = (r.get("side") or "").strip() or None
        if side is not None and side not in SIDES:
            raise SettingsError(Errors.E022.format(path=where, row=i, side=side, options=", ".join(SIDES)))
        aliases = tuple(a for a in (normalise_outlet(x) for x in (r.get("aliases") or "").split("|")) if a)
        out.append(Outlet(key, aliases, (r.get("name") or key).strip(), (r.get("alignment") or "unknown").strip(),
                          side, (r.get("country") or "").strip() or None, (r.get("notes") or "").strip() or None))
    LOGGER.info("outlet table %s: %d outlets", where, len(out))
    return out


def outlets_for(settings: Settings) -> list[Outlet]:
    path = settings.get("analytics.outlets_file") or None
    return load_outlets(path)


def outlet_index(outlets: list[Outlet]) -> dict[str, Outlet]:
    """Every name and alias (normalised) -> its row of the table; the first row naming a key wins."""
    index: dict[str, Outlet] = {}
    for o in outlets:
        for k in (o.outlet, *o.aliases):
            index.setdefault(k, o)
    return index


def outlet_keys_table(outlets: list[Outlet]) -> pa.Table:
    """(key, outlet): every name and alias -> the table's outlet key."""
    keys, targets = [], []
    for o in outlets:
        for k in (o.outlet, *o.aliases):
            keys.append(k)
            targets.append(o.outlet)
    return pa.table({"key": pa.array(keys, pa.string()), "outlet": pa.array(targets, pa.string())})
