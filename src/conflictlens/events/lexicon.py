"""Trigger lexicon: verb and noun lemmas -> CAMEO code, PLOVER mode and context.

Written for this project from the CAMEO 1.1b3 code book categories (codes, not patterns);
it covers the actions news about armed conflicts reports most. Multi-word verbs are
"lemma particle" (``"take over"``). Light verbs (``carry out``, ``launch``...) take their
code from their object noun ("launched airstrikes" -> the noun ``airstrike``).

Calibration: entries were added while reading the five seed articles and the PLOVER
gold records; re-run ``conflictlens eval events`` on PLOVER_GSR_CAMEO.json and the
PETRARCH2 unit tests after changing them.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Trigger:
    cameo: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    # How the grammatical roles map to source/target for nouns: "of" names the target
    # ("the siege of Aleppo") unless ``of_is_source`` ("the fall of Aleppo" has no source).
    of_is_target: bool = True


def _t(cameo: str, mode: str | None = None, *context: str, of_is_target: bool = True) -> Trigger:
    return Trigger(cameo, mode, tuple(context), of_is_target)


VERBS: dict[str, Trigger] = {
    # 02 appeal / 10 demand
    "appeal": _t("020"), "urge": _t("020"), "call": _t("020"), "plead": _t("020"),
    "demand": _t("100"), "insist": _t("100"),
    # 03 intent to cooperate
    "pledge": _t("030"), "promise": _t("030"), "offer": _t("030"), "vow": _t("030"),
    # 04 consult
    "meet": _t("040"), "visit": _t("042", "visit"), "host": _t("043", "visit"),
    "negotiate": _t("046", None, "diplomatic"), "discuss": _t("040"), "consult": _t("040"),
    "mediate": _t("045", "third-party"), "talk": _t("040"), "phone": _t("041", "phone"),
    # 05 diplomatic cooperation
    "praise": _t("051"), "welcome": _t("051"), "commend": _t("051"), "endorse": _t("051"),
    "back": _t("051"), "defend": _t("052"), "recognize": _t("054", None, "diplomatic"),
    "apologize": _t("055"), "forgive": _t("056"), "sign": _t("057", None, "diplomatic"),
    "agree": _t("057", None, "diplomatic"), "ally": _t("050"),
    # 06 material cooperation
    "cooperate": _t("060"), "collaborate": _t("060"), "coordinate": _t("062", None, "military"),
    "train": _t("062", None, "military"), "extradite": _t("063", None, "legal"),
    # 07 aid
    "aid": _t("070"), "help": _t("070"), "assist": _t("070"), "support": _t("070"),
    "supply": _t("072", None, "military"), "arm": _t("072", None, "military"),
    "fund": _t("071", None, "economic"), "finance": _t("071", None, "economic"),
    "donate": _t("071", None, "economic"), "deliver": _t("073", None, "human_security"),
    "rescue": _t("073", None, "human_security"), "shelter": _t("075", None, "asylum"),
    # 08 yield
    "release": _t("0841", "release"), "free": _t("0841", "release"), "pardon": _t("0841", "release"),
    "withdraw": _t("0874", "withdraw", "military"), "retreat": _t("0874", "withdraw", "military"),
    "surrender": _t("0874", "withdraw", "military"), "evacuate": _t("0874", "withdraw"),
    "pull out": _t("0874", "withdraw", "military"), "pull back": _t("0874", "withdraw", "military"),
    "flee": _t("0874", "withdraw", "military"), "lift": _t("081"), "ease": _t("081"),
    "concede": _t("080"), "resign": _t("0874", "resign", "executive"), "disarm": _t("0873", "disarm", "military"),
    "yield": _t("080"), "step down": _t("0874", "resign", "executive"),
    # 09 investigate
    "investigate": _t("090", "investigate"), "probe": _t("090", "investigate"),
    # 11 disapprove
    "accuse": _t("112", "allege"), "blame": _t("112", "allege"), "condemn": _t("111", "disapprove"),
    "criticize": _t("111", "disapprove"), "criticise": _t("111", "disapprove"),
    "denounce": _t("111", "disapprove"), "slam": _t("111", "disapprove"), "charge": _t("112", "allege"),
    "allege": _t("112", "allege"), "sue": _t("115", None, "legal"), "convict": _t("116", None, "legal"),
    "complain": _t("114", "disapprove"),
    # 12 reject
    "reject": _t("120"), "refuse": _t("120"), "deny": _t("120"), "veto": _t("129"), "dismiss": _t("120"),
    "defy": _t("128"), "rebuff": _t("120"),
    # 13 threaten
    "threaten": _t("130"), "warn": _t("130"),
    # 14 protest
    "protest": _t("140", "demo"), "demonstrate": _t("141", "demo"), "rally": _t("141", "demo"),
    "march": _t("141", "demo"), "riot": _t("145", "riot"),
    "boycott": _t("143", "boycott"), "blockade": _t("191", "restrict", "military"),
    # 15 mobilize
    "mobilize": _t("154", "troops", "military"), "mobilise": _t("154", "troops", "military"),
    "deploy": _t("154", "troops", "military"), "mass": _t("154", "troops", "military"),
    "reinforce": _t("154", "troops", "military"),
    # 16 reduce relations / sanction
    "sanction": _t("163", None, "economic"), "expel": _t("166", "expel"), "suspend": _t("160", "discontinue"),
    "sever": _t("161", "discontinue", "diplomatic"), "cut": _t("160", "discontinue"),
    "embargo": _t("163", None, "economic"),
    # 17 coerce
    "arrest": _t("173", "arrest", "crime"), "detain": _t("173", "arrest"), "imprison": _t("173", "arrest"),
    "jail": _t("173", "arrest"), "deport": _t("174", "deport", "migration"), "seize": _t("171", "seize"),
    "confiscate": _t("1711", "seize"), "raid": _t("171", "seize"), "censor": _t("175", "censor"),
    "ban": _t("172", "restrict"), "besiege": _t("191", "restrict", "military"), "encircle": _t("191", "restrict", "military"),
    "surround": _t("191", "restrict", "military"), "starve": _t("175", "withhold", "human_security"),
    "repress": _t("175", "restrict", "repression"), "crack down": _t("175", "restrict", "repression"),
    "execute": _t("1823", "targeted"), "torture": _t("1822", "torture", "human_rights"),
    # 18 assault
    "abduct": _t("181", "abduct"), "kidnap": _t("181", "abduct"), "assassinate": _t("186", "targeted"),
    "kill": _t("190"), "murder": _t("1823", "targeted"), "massacre": _t("202", "unconventional"),
    "slaughter": _t("202", "unconventional"), "behead": _t("1823", "targeted"), "beat": _t("182", "beat"),
    "wound": _t("190"), "injure": _t("190"), "target": _t("190"), "hit": _t("190"),
    "destroy": _t("1712", "destroy"), "demolish": _t("1712", "destroy"), "loot": _t("1712", "destroy"),
    # 19 fight
    "attack": _t("190"), "assault": _t("190"), "fight": _t("190"), "battle": _t("190"), "clash": _t("190"),
    "capture": _t("192", "seize", "military", "territory"), "recapture": _t("192", "seize", "military", "territory"),
    "retake": _t("192", "seize", "military", "territory"), "take": _t("192", "seize", "military", "territory"),
    "take over": _t("192", "seize", "military", "territory"), "occupy": _t("192", "seize", "military", "territory"),
    "overrun": _t("192", "seize", "military", "territory"),
    "conquer": _t("192", "seize", "military", "territory"), "liberate": _t("192", "seize", "military", "territory"),
    "invade": _t("192", "seize", "military", "territory"), "advance": _t("190", None, "territory"),
    "push": _t("190", None, "territory"), "storm": _t("190", "firearms"), "ambush": _t("193", "firearms"),
    "shoot": _t("193", "firearms"), "fire": _t("193", "firearms"), "shell": _t("194", "heavy-weapons"),
    "bombard": _t("194", "heavy-weapons"), "pound": _t("194", "heavy-weapons"),
    "bomb": _t("195", "aerial"), "strike": _t("195", "aerial"), "airstrike": _t("195", "aerial"),
    "blow up": _t("183", "explosives"), "gas": _t("2041", "unconventional", "cbrn"),
    "fall": _t("192", "seize", "military", "territory"),
    "give": _t("070"), "provide": _t("070"), "send": _t("070"), "grant": _t("070"), "hand over": _t("070"),
    "ship": _t("070"), "share": _t("060"), "exchange": _t("060"), "block": _t("144", "obstruct"),
    "halt": _t("160", "discontinue"), "cancel": _t("160", "discontinue"),
    "outlaw": _t("172", "restrict"), "hack": _t("176", "cyber", "cyber"), "abuse": _t("182", "beat"),
    "accept": _t("030"), "recover": _t("192", "seize", "military", "territory"),
    "regain": _t("192", "seize", "military", "territory"), "wrest": _t("192", "seize", "military", "territory"),
}

NOUNS: dict[str, Trigger] = {
    "talk": _t("046", None, "diplomatic"), "negotiation": _t("046", None, "diplomatic"),
    "meeting": _t("040"), "visit": _t("042", "visit"), "summit": _t("044", "multilateral"),
    "agreement": _t("057", None, "diplomatic"), "deal": _t("057", None, "diplomatic"),
    "ceasefire": _t("0871", "ceasefire", "military"), "truce": _t("0871", "ceasefire", "military"),
    "release": _t("0841", "release"), "withdrawal": _t("0874", "withdraw", "military"),
    "retreat": _t("0874", "withdraw", "military"), "surrender": _t("0874", "withdraw", "military"),
    "evacuation": _t("0874", "withdraw"), "aid": _t("070"), "support": _t("070"),
    "sanction": _t("163", None, "economic"), "embargo": _t("163", None, "economic"),
    "protest": _t("140", "demo"), "demonstration": _t("141", "demo"), "riot": _t("145", "riot"),
    "arrest": _t("173", "arrest"), "detention": _t("173", "arrest"), "crackdown": _t("175", "restrict", "repression"),
    "siege": _t("191", "restrict", "military"), "blockade": _t("191", "restrict", "military"),
    "abduction": _t("181", "abduct"), "kidnapping": _t("181", "abduct"), "assassination": _t("186", "targeted"),
    "execution": _t("1823", "targeted"), "massacre": _t("202", "unconventional"), "killing": _t("190"),
    "bombing": _t("195", "aerial"), "airstrike": _t("195", "aerial"), "air strike": _t("195", "aerial"),
    "strike": _t("195", "aerial"), "raid": _t("195", "aerial"), "air raid": _t("195", "aerial"),
    "bombardment": _t("194", "heavy-weapons"), "shelling": _t("194", "heavy-weapons"),
    "barrel bomb": _t("195", "aerial"), "drone strike": _t("1952", "drone"),
    "attack": _t("190"), "assault": _t("190"), "offensive": _t("190", None, "territory"),
    "fighting": _t("190"), "clash": _t("190"), "battle": _t("190"), "ambush": _t("193", "firearms"),
    "capture": _t("192", "seize", "military", "territory"), "recapture": _t("192", "seize", "military", "territory"),
    "takeover": _t("192", "seize", "military", "territory"), "occupation": _t("192", "seize", "military", "territory"),
    "invasion": _t("192", "seize", "military", "territory"), "liberation": _t("192", "seize", "military", "territory"),
    "advance": _t("190", None, "territory"), "fall": _t("192", "seize", "military", "territory"),
    "suicide bombing": _t("1831", "suicide-attack", "terrorism"), "car bomb": _t("1832", "explosives", "terrorism"),
    "chemical attack": _t("2041", "unconventional", "cbrn"), "gas attack": _t("2041", "unconventional", "cbrn"),
    "threat": _t("130"), "accusation": _t("112", "allege"), "condemnation": _t("111", "disapprove"),
    "deployment": _t("154", "troops", "military"), "mobilization": _t("154", "troops", "military"),
    "curfew": _t("1723", "curfew"), "martial law": _t("1724", "martial-law"), "ultimatum": _t("139"),
    "investigation": _t("090", "investigate"), "inquiry": _t("090", "investigate"), "probe": _t("090", "investigate"),
    "mediation": _t("045", "third-party"), "rally": _t("141", "demo"), "march": _t("141", "demo"),
    "sit-in": _t("141", "demo"), "hunger strike": _t("142", "hunger"), "general strike": _t("143", "strike"),
    "boycott": _t("143", "boycott"), "demand": _t("100"), "appeal": _t("020"), "consensus": _t("030"),
    "assistance": _t("070"), "loan": _t("071", None, "economic"), "donation": _t("071", None, "economic"),
    "asylum": _t("075", None, "asylum"), "cooperation": _t("060"), "expulsion": _t("166", "expel"),
}

# Verbs whose object noun carries the event ("launched an offensive", "carried out strikes").
LIGHT_VERBS = {"carry", "launch", "conduct", "stage", "mount", "wage", "impose", "lay", "begin", "start",
               "continue", "intensify", "step", "unleash", "order", "lead", "hold", "make", "announce",
               "sign", "reach", "resume", "escalate", "perpetrate", "commit", "execute", "undertake"}

# A verb's direct object makes its sense: "take" is an event only with a place-like object.
NEEDS_OBJECT = {"take", "hit", "push", "mass", "fire", "cut", "back", "free", "ease", "lift", "call",
                "target", "give", "send", "provide", "grant", "ship", "share", "exchange", "block", "accept",
                "halt", "cancel", "hand over", "recover", "regain"}

# Heads under which the act did not happen and the head is a refusal: "refused to meet".
NEGATING_HEADS = {"refuse", "reject", "decline", "fail", "deny", "oppose", "rule"}
# Mode of a REJECT by the CAMEO root of what was refused.
REJECT_MODES = {"04": "meet", "07": "assist", "06": "assist", "08": "yield", "03": "change", "05": "change"}

# Verbs reporting speech ("X said that ..."): the clause under them is attributed to X.
REPORTING_VERBS = {"say", "claim", "report", "announce", "state", "tell", "insist", "assert", "allege",
                   "add", "confirm", "note", "write", "declare", "accuse", "argue", "suggest", "believe",
                   "according"}

# Heads that make the event below them hypothetical (threat, intention, possibility).
HYPOTHETICAL_HEADS = {"threaten", "plan", "intend", "want", "seek", "aim", "prepare", "try", "attempt",
                      "hope", "propose", "consider", "vow", "pledge", "promise", "warn", "expect", "may",
                      "might", "could", "would", "should", "will", "shall", "can", "likely", "possible",
                      "ready", "poised", "able", "decide", "call", "urge", "demand", "ask"}
MODAL_WORDS = {"could", "would", "might", "may", "will", "shall", "should", "can", "'ll", "wo", "ca"}

# Hypothetical-marking heads keep their own meaning: "threatened to attack" is one
# THREATEN event (its object is coded as the threat's mode), not an attack that happened.
THREAT_MODES = {"190": "violence", "192": "territory", "195": "violence", "173": "arrest", "166": "expel",
                "160": "relations", "172": "restrict"}
