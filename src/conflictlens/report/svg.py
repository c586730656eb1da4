"""Static SVG for the HTML report: a country-outline map with event markers and a stacked
bar chart of events per month.  No JavaScript; text goes through the template's escaping."""
from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors

LOGGER = logging.getLogger(__name__)

# Natural Earth 1:110m outlines vendored from npm's world-atlas by scripts/fetch_web_assets.sh.
WORLD_110M = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "world-atlas" / "countries-110m.json"
MAP_W, MAP_H = 860, 520
# Degrees added around the markers' bounding box, and the smallest box drawn (a single
# place still shows its country and neighbours).
MAP_MARGIN_DEG = 1.5
MAP_MIN_SPAN_DEG = 8.0
# Default view when nothing is located: the Levant and Mesopotamia.
DEFAULT_BBOX = (34.0, 29.0, 49.0, 38.5)  # lon_min, lat_min, lon_max, lat_max
CHART_W, CHART_H = 860, 240
PALETTE = ["#c0392b", "#2f6fb0", "#3a8f5c", "#d08a1e", "#8e44ad", "#16a085", "#7f8c8d", "#d35400",
           "#2c3e50", "#27ae60", "#e84393", "#6c5ce7", "#00b894", "#b8860b", "#636e72", "#b33939"]


@dataclass(frozen=True)
class MapMarker:
    lat: float
    lon: float
    n: int
    label: str
    href: str
    kind: str = "event"  # event | place


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    color: str
    title: str


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _rings(geom: dict) -> list[list[int]]:
    if geom.get("type") == "Polygon":
        return geom["arcs"]
    if geom.get("type") == "MultiPolygon":
        return [ring for poly in geom["arcs"] for ring in poly]
    return []


def load_outlines(path: Path = WORLD_110M) -> list[list[tuple[float, float]]]:
    """Country rings (lon, lat) from the vendored world-atlas TopoJSON; [] when it is missing."""
    if not path.exists():
        LOGGER.warning(Errors.E814.format(path=path.parent.parent))
        return []
    topo = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    rings = []
    for geom in topo["objects"]["countries"]["geometries"]:
        for ring in _rings(geom):
            pts: list[tuple[float, float]] = []
            for i in ring:
                seg = arcs[i] if i >= 0 else arcs[~i][::-1]
                pts.extend(seg if not pts else seg[1:])
            rings.append(pts)
    return rings


@dataclass(frozen=True)
class Projection:
    """Equirectangular, scaled by cos(mid-latitude) so shapes look right near the Levant."""

    lon0: float
    lat0: float
    lon1: float
    lat1: float
    width: int
    height: int

    @classmethod
    def fit(cls, markers: list[MapMarker], width: int = MAP_W, height: int = MAP_H) -> "Projection":
        if markers:
            lons = [m.lon for m in markers]
            lats = [m.lat for m in markers]
            lon0, lon1 = min(lons) - MAP_MARGIN_DEG, max(lons) + MAP_MARGIN_DEG
            lat0, lat1 = min(lats) - MAP_MARGIN_DEG, max(lats) + MAP_MARGIN_DEG
        else:
            lon0, lat0, lon1, lat1 = DEFAULT_BBOX
        k = math.cos(math.radians((lat0 + lat1) / 2))
        # grow the box to the canvas' aspect ratio and the minimum span
        span_lon = max(lon1 - lon0, MAP_MIN_SPAN_DEG, (lat1 - lat0) * width / height / k)
        span_lat = span_lon * k * height / width
        cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
        return cls(cx - span_lon / 2, cy - span_lat / 2, cx + span_lon / 2, cy + span_lat / 2, width, height)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.lon0) / (self.lon1 - self.lon0) * self.width
        y = (self.lat1 - lat) / (self.lat1 - self.lat0) * self.height
        return round(x, 1), round(y, 1)


def outline_paths(proj: Projection, rings: list[list[tuple[float, float]]]) -> list[str]:
    """SVG path data of the rings that touch the projection's box."""
    out = []
    for ring in rings:
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        if max(lons) < proj.lon0 - 5 or min(lons) > proj.lon1 + 5 or max(lats) < proj.lat0 - 5 or min(lats) > proj.lat1 + 5:
            continue
        pts = [proj(lon, lat) for lon, lat in ring]
        out.append("M" + "L".join(f"{x},{y}" for x, y in pts) + "Z")
    return out


def marker_radius(n: int) -> float:
    return round(4 + min(16.0, 3 * math.sqrt(n)), 1)


def month_bars(rows: list[dict], width: int = CHART_W, height: int = CHART_H) -> dict:
    """Stacked bars per month (gaps kept) from timeline rows {bucket, event_type, n}."""
    if not rows:
        return {"bars": [], "ticks": [], "legend": [], "max": 0, "width": width, "height": height}
    months = sorted({r["bucket"][:7] for r in rows})
    y0, m0 = map(int, months[0].split("-"))
    y1, m1 = map(int, months[-1].split("-"))
    allm = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        allm.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    types = sorted({r["event_type"] for r in rows}, key=lambda t: -sum(r["n"] for r in rows if r["event_type"] == t))
    color = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(types)}
    per: dict[str, dict[str, int]] = {}
    for r in rows:
        per.setdefault(r["bucket"][:7], {})[r["event_type"]] = r["n"]
    pad_l, pad_b, pad_t = 40, 28, 8
    top = max(sum(v.values()) for v in per.values())
    bw = (width - pad_l - 8) / len(allm)
    bars = []
    for i, month in enumerate(allm):
        y = height - pad_b
        for t in types:
            n = per.get(month, {}).get(t, 0)
            if not n:
                continue
            h = (height - pad_t - pad_b) * n / top
            y -= h
            bars.append(Bar(round(pad_l + i * bw + 0.5, 1), round(y, 1), round(max(1.0, bw - 1), 1), round(h, 1),
                            color[t], f"{month} {t}: {n}"))
    step = max(1, math.ceil(len(allm) / 10))
    ticks = [(round(pad_l + i * bw, 1), month) for i, month in enumerate(allm) if i % step == 0]
    return {"bars": bars, "ticks": ticks, "legend": [(t, color[t]) for t in types], "max": top,
            "width": width, "height": height, "baseline": height - pad_b, "left": pad_l}
