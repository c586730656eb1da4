"""CAMEO roots, PLOVER 2.0 event types, quad classes and the five ConfliBERT classes.

The root-level mapping follows the PLOVER 2.0 manual and CAMEO2PLOVER-2021.txt (see
``shared/FORMATS.md`` section 3); quad classes follow PLOVER (1 V-coop, 2 M-coop,
3 V-conf, 4 M-conf). The five "pentacode" classes of the ConfliBERT CAMEO data set are
Phoenix's: 0 statement (roots 01-02), 1 verbal cooperation (03-05), 2 material
cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20).
"""
from __future__ import annotations

from typing import Optional

ROOT_NAMES = {
    "01": "MAKE PUBLIC STATEMENT", "02": "APPEAL", "03": "EXPRESS INTENT TO COOPERATE",
    "04": "CONSULT", "05": "ENGAGE IN DIPLOMATIC COOPERATION", "06": "ENGAGE IN MATERIAL COOPERATION",
    "07": "PROVIDE AID", "08": "YIELD", "09": "INVESTIGATE", "10": "DEMAND", "11": "DISAPPROVE",
    "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "EXHIBIT FORCE POSTURE",
    "16": "REDUCE RELATIONS", "17": "COERCE", "18": "ASSAULT", "19": "FIGHT",
    "20": "USE UNCONVENTIONAL MASS VIOLENCE",
}

# CAMEO root -> PLOVER 2.0 event type (01 statements are not PLOVER events; 02 appeals are
# coded REQUEST, as PLOVER folds APPEAL and DEMAND into REQUEST).
ROOT_TO_PLOVER = {
    "01": None, "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT",
    "06": "COOPERATE", "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST",
    "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
    "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

PLOVER_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

# Labels of the PLOVER gold-standard records (pre-2.0) -> PLOVER 2.0 (FORMATS.md 1.6).
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
              "YIELD": "CONCEDE", "CRIME": None, "DOCUMENT": None}

PENTA_NAMES = ("statement", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


def root_of(code: str | None) -> Optional[str]:
    return code[:2] if code and len(code) >= 2 and code[:2].isdigit() else None


def pentacode(root: str | None) -> Optional[int]:
    """CAMEO root (two digits) -> ConfliBERT five-class label 0-4."""
    if not root:
        return None
    r = int(root)
    return 0 if r <= 2 else 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def plover_of(cameo_code: str) -> Optional[str]:
    """CAMEO code -> PLOVER 2.0 event type; yields 084-087 are RETREAT, 080-083 CONCEDE."""
    root = root_of(cameo_code)
    if root == "08" and len(cameo_code) >= 3 and cameo_code[2] in "4567":
        return "RETREAT"
    if root == "05" and cameo_code.startswith("057"):
        return "AGREE"
    # CAMEO2PLOVER-2021: blockade (191) and occupying territory (192) are COERCE; destroying
    # property (1712) is ASSAULT.
    if cameo_code[:3] in ("191", "192"):
        return "COERCE"
    if cameo_code.startswith("1712"):
        return "ASSAULT"
    return ROOT_TO_PLOVER.get(root or "")


def quad_of(event_type: str | None) -> Optional[int]:
    return PLOVER_QUAD.get(event_type or "")
