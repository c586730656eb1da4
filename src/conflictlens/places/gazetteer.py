"""The packaged GeoNames gazetteer: exact and fuzzy name lookup, held in compact arrays.

Loaded once per process from ``places/data/gazetteer*.parquet`` (built by ``build.py``),
never from the network. About 240,000 places and 690,000 names; the name keys are a sorted
list searched by bisection, so the whole gazetteer takes well under 500 MB.
"""
from __future__ import annotations

import bisect
import importlib.resources as ir
import logging
import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import numpy as np

from ..errors import ConflictLensError, Errors
from .normalize import norm_key, variants

LOGGER = logging.getLogger(__name__)

# Fuzzy lookup only searches names of places at least this populous (plus every country,
# admin1, continent and the project's own places): spelling variants of villages are too
# risky. Chosen on eval geo (GWN, TR-News); re-run it after changing.
FUZZY_MIN_POPULATION = 15000


class PlacesError(ConflictLensError):
    """The gazetteer or the alias table is unusable."""


@dataclass(frozen=True, slots=True)
class GeoPlace:
    """One gazetteer entry."""

    row: int
    geonameid: int
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: Optional[str]
    admin1: Optional[str]
    population: int


class Gazetteer:
    """Name -> candidate places. Use ``Gazetteer.load()`` (cached per process)."""

    def __init__(self, table, names) -> None:
        self.geonameid = np.asarray(table.column("geonameid").to_numpy(), dtype=np.int64)
        self.name = table.column("name").to_pylist()
        self.lat = np.asarray(table.column("lat").to_numpy(), dtype=np.float64)
        self.lon = np.asarray(table.column("lon").to_numpy(), dtype=np.float64)
        # few distinct values: one shared string object per value instead of one per row
        self.fclass = _shared_strings(table.column("feature_class"))
        self.fcode = _shared_strings(table.column("feature_code"))
        self.country = _shared_strings(table.column("country_code"))
        self.admin1 = _shared_strings(table.column("admin1"))
        self.population = np.asarray(table.column("population").to_numpy(), dtype=np.int64)
        self.keys: list[str] = names.column("key").to_pylist()
        self.rows = np.asarray(names.column("row").to_numpy(), dtype=np.int32)
        self.primary = np.asarray(names.column("primary").to_numpy(), dtype=np.int8)
        self.by_id = {int(g): i for i, g in enumerate(self.geonameid)}
        self._fuzzy_keys: tuple[list[str], list[int]] | None = None
        self._fuzzy_lock = threading.Lock()
        # country code -> row of the country
        self.country_row = {self.country[i]: i for i in range(len(self.name)) if self.fcode[i] == "PCLI"}
        self.admin1_row = {(self.country[i], self.admin1[i]): i
                           for i in range(len(self.name)) if self.fcode[i] == "ADM1"}

    @classmethod
    def load(cls) -> "Gazetteer":
        return _load()

    def __len__(self) -> int:
        return len(self.name)

    def place(self, row: int) -> GeoPlace:
        return GeoPlace(row, int(self.geonameid[row]), self.name[row], float(self.lat[row]),
                        float(self.lon[row]), self.fclass[row], self.fcode[row], self.country[row],
                        self.admin1[row], int(self.population[row]))

    def by_geonameid(self, geonameid: int) -> GeoPlace | None:
        row = self.by_id.get(int(geonameid))
        return None if row is None else self.place(row)

    def exact(self, key: str) -> list[tuple[int, int]]:
        """(row, name kind) for a normalised key; kind 0 alternate, 1 primary, 2 project alias."""
        lo = bisect.bisect_left(self.keys, key)
        hi = bisect.bisect_right(self.keys, key, lo)
        out: dict[int, int] = {}
        for i in range(lo, hi):
            r = int(self.rows[i])
            out[r] = max(out.get(r, 0), int(self.primary[i]))
        return list(out.items())

    def lookup(self, text: str) -> list[tuple[int, int]]:
        """Candidates for a surface form, trying article-less variants ("al-Bab" -> "Bab")."""
        seen: dict[int, int] = {}
        for k in variants(norm_key(text)):
            for row, kind in self.exact(k):
                seen[row] = max(seen.get(row, 0), kind)
            if seen:
                break
        return list(seen.items())

    def fuzzy(self, text: str, threshold: float) -> list[tuple[int, int]]:
        """Candidates whose name is a close spelling variant (rapidfuzz ratio >= threshold)."""
        from rapidfuzz import fuzz, process

        keys, lengths = self._fuzzy_index()
        key = norm_key(text)
        if len(key) < 5:
            return []
        # ratio = 2 * matches / (len a + len b) >= t needs the shorter at least t / (200 - t)
        # of the longer: only keys of such lengths can pass (same result, far fewer compared)
        f = threshold / (200.0 - threshold)
        lo = bisect.bisect_left(lengths, math.ceil(len(key) * f))
        hi = bisect.bisect_right(lengths, math.floor(len(key) / f))
        hits = process.extract(key, keys[lo:hi], scorer=fuzz.ratio, score_cutoff=threshold, limit=5)
        out: dict[int, int] = {}
        for k, _score, _i in hits:
            for row, kind in self.exact(k):
                out[row] = max(out.get(row, 0), kind)
        return list(out.items())

    def prepare(self) -> None:
        """Build the fuzzy index now (the places stage does this when it is created, so the
        first document that needs a spelling variant does not pay for it)."""
        self._fuzzy_index()

    def _fuzzy_index(self) -> tuple[list[str], list[int]]:
        """Keys of the places fuzzy lookup may return, sorted by length, and their lengths."""
        with self._fuzzy_lock:
            if self._fuzzy_keys is None:
                big = (self.population >= FUZZY_MIN_POPULATION) | np.array(
                    [c != "P" for c in self.fclass]) | (self.geonameid < 0)
                keys = sorted({self.keys[i] for i in range(len(self.keys)) if big[self.rows[i]]},
                              key=lambda k: (len(k), k))
                self._fuzzy_keys = (keys, [len(k) for k in keys])
            return self._fuzzy_keys


def _shared_strings(column) -> list[Optional[str]]:
    """A low-cardinality string column as a list whose equal values are one object."""
    enc = column.combine_chunks().dictionary_encode()
    values = enc.dictionary.to_pylist()
    return [None if i is None else values[i] for i in enc.indices.to_pylist()]


@lru_cache(maxsize=1)
def _load() -> Gazetteer:
    import pyarrow.parquet as pq

    base = ir.files("conflictlens.places") / "data"
    try:
        with ir.as_file(base / "gazetteer.parquet") as p, ir.as_file(base / "gazetteer_names.parquet") as n:
            table, names = pq.read_table(p), pq.read_table(n)
    except (FileNotFoundError, OSError) as exc:
        raise PlacesError(Errors.E501.format(reason=exc)) from exc
    gaz = Gazetteer(table, names)
    # the Parquet buffers are no longer needed: hand their pages back to the OS (the Arrow
    # allocator otherwise keeps ~50 MB of them resident)
    del table, names
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    LOGGER.info("gazetteer loaded: %d places, %d names", len(gaz), len(gaz.keys))
    return gaz


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
