"""Plain-English clauses for CAMEO codes, in the past tense, for the brief's sentences.

Each entry gives up to four forms: with source and target, source only, target only, and
neither (``None`` where no natural agentless form exists; the caller then names an
unidentified actor or leaves the event out). The wording paraphrases the CAMEO codebook
(Schrodt 2012, public domain); the most specific code wins (``1823`` before ``182`` before
``18``), and the PLOVER type is a fallback when the CAMEO code is missing.
"""

from __future__ import annotations

from typing import NamedTuple


class Forms(NamedTuple):
    """The clause forms of one code; ``{s}`` is the source, ``{t}`` the target."""

    st: str
    s: str
    t: str | None = None
    none: str | None = None


_ATTACK = Forms("{s} attacked {t}", "{s} carried out an attack", "{t} came under attack",
                "an attack took place")
_FIGHT = Forms("{s} used military force against {t}", "{s} used military force",
               "{t} came under fire", "fighting broke out")

CAMEO_FORMS: dict[str, Forms] = {
    # 01 public statements
    "01": Forms("{s} commented on {t}", "{s} made a statement"),
    "011": Forms("{s} declined to comment on {t}", "{s} declined to comment"),
    "012": Forms("{s} voiced concern about {t}", "{s} voiced concern"),
    "013": Forms("{s} voiced optimism about {t}", "{s} voiced optimism"),
    "015": Forms("{s} acknowledged responsibility towards {t}", "{s} acknowledged responsibility"),
    "016": Forms("{s} denied responsibility towards {t}", "{s} denied responsibility"),
    "018": Forms("{s} expressed sympathy to {t}", "{s} expressed sympathy"),
    "019": Forms("{s} expressed agreement with {t}", "{s} expressed agreement"),
    # 02 appeals
    "02": Forms("{s} appealed to {t}", "{s} made an appeal"),
    "023": Forms("{s} asked {t} for aid", "{s} appealed for aid"),
    "024": Forms("{s} called on {t} to make political changes", "{s} called for political change"),
    "025": Forms("{s} called on {t} to yield", "{s} called for concessions"),
    "0253": Forms("{s} called on {t} to release persons or property",
                  "{s} called for the release of persons or property"),
    "0256": Forms("{s} called on {t} to de-escalate", "{s} called for de-escalation"),
    "026": Forms("{s} called on {t} to meet or negotiate", "{s} called for talks"),
    "027": Forms("{s} called on {t} to settle the dispute", "{s} called for a settlement"),
    "028": Forms("{s} called on {t} to accept mediation", "{s} called for mediation"),
    # 03 intent to cooperate
    "03": Forms("{s} said it was willing to cooperate with {t}", "{s} said it was willing to cooperate"),
    "036": Forms("{s} offered talks with {t}", "{s} offered talks"),
    "0344": Forms("{s} said it would change institutions in {t}",
                  "{s} said it would change institutions"),
    # 04 consult
    "04": Forms("{s} held talks with {t}", "{s} held consultations"),
    "041": Forms("{s} discussed the situation with {t} by telephone", "{s} held a telephone call"),
    "042": Forms("{s} visited {t}", "{s} made a visit"),
    "043": Forms("{s} hosted {t}", "{s} hosted a visit"),
    "045": Forms("{s} mediated with {t}", "{s} mediated"),
    "046": Forms("{s} negotiated with {t}", "{s} negotiated"),
    # 05 diplomatic cooperation
    "05": Forms("{s} cooperated diplomatically with {t}", "{s} engaged in diplomatic cooperation"),
    "051": Forms("{s} praised {t}", "{s} voiced support"),
    "057": Forms("{s} signed an agreement with {t}", "{s} signed an agreement"),
    # 06 material cooperation
    "06": Forms("{s} cooperated with {t}", "{s} engaged in material cooperation"),
    "062": Forms("{s} cooperated militarily with {t}", "{s} engaged in military cooperation"),
    # 07 aid
    "07": Forms("{s} provided aid to {t}", "{s} provided aid", "{t} received aid"),
    "071": Forms("{s} provided economic aid to {t}", "{s} provided economic aid"),
    "072": Forms("{s} provided military aid to {t}", "{s} provided military aid"),
    "073": Forms("{s} provided humanitarian aid to {t}", "{s} provided humanitarian aid"),
    "074": Forms("{s} provided protection or peacekeeping to {t}",
                 "{s} provided protection or peacekeeping"),
    # 08 yield
    "08": Forms("{s} yielded to {t}", "{s} made concessions"),
    "084": Forms("{s} released {t}", "{s} returned or released persons or property",
                 "{t} were released"),
    "087": Forms("{s} de-escalated towards {t}", "{s} de-escalated"),
    # 09 investigate
    "09": Forms("{s} investigated {t}", "{s} opened an investigation"),
    # 10-13 demands, disapproval, rejection, threats
    "10": Forms("{s} made demands of {t}", "{s} issued demands"),
    "11": Forms("{s} criticised {t}", "{s} voiced disapproval"),
    "112": Forms("{s} accused {t}", "{s} made accusations"),
    "114": Forms("{s} complained officially to {t}", "{s} complained officially"),
    "12": Forms("{s} rebuffed {t}", "{s} rejected a proposal"),
    "128": Forms("{s} defied {t}", "{s} defied norms or law"),
    "13": Forms("{s} threatened {t}", "{s} issued threats"),
    "138": Forms("{s} threatened {t} with military force", "{s} threatened military force"),
    # 14 protest
    "14": Forms("{s} protested against {t}", "{s} held protests", "protests were held against {t}",
                "protests took place"),
    "141": Forms("{s} rallied against {t}", "{s} held demonstrations",
                 "demonstrations were held against {t}", "demonstrations took place"),
    "145": Forms("{s} rioted against {t}", "{s} rioted", "riots broke out against {t}",
                 "riots broke out"),
    # 15 force posture
    "15": Forms("{s} staged a show of force against {t}", "{s} staged a show of force",
                "forces were massed near {t}", "a show of force took place"),
    "150": Forms("{s} staged a show of military force near {t}", "{s} staged a show of military force",
                 "forces were massed near {t}", "a show of military force took place"),
    "152": Forms("{s} raised its military alert against {t}", "{s} raised its military alert"),
    "153": Forms("{s} reinforced its police against {t}", "{s} reinforced its police",
                 "police were reinforced near {t}", "police were reinforced"),
    "154": Forms("{s} built up forces near {t}", "{s} built up its forces",
                 "forces were built up near {t}", "forces were built up"),
    # 16 reduce relations
    "16": Forms("{s} cut back relations with {t}", "{s} cut back relations"),
    "163": Forms("{s} imposed an embargo on {t}", "{s} imposed an embargo"),
    "166": Forms("{s} expelled officials of {t}", "{s} expelled officials"),
    # 17 coerce
    "17": Forms("{s} took coercive measures against {t}", "{s} took coercive measures",
                "coercive measures were taken against {t}", None),
    "171": Forms("{s} seized property of {t}", "{s} seized property"),
    "172": Forms("{s} imposed sanctions on {t}", "{s} imposed sanctions"),
    "173": Forms("{s} arrested {t}", "{s} made arrests", "{t} were arrested", "arrests were made"),
    "174": Forms("{s} expelled {t}", "{s} expelled people", "{t} were expelled"),
    "175": Forms("{s} used violent repression against {t}", "{s} used violent repression",
                 "{t} faced violent repression", None),
    # 18 assault
    "18": _ATTACK,
    "181": Forms("{s} abducted {t}", "{s} took hostages", "{t} were abducted",
                 "an abduction took place"),
    "182": Forms("{s} assaulted {t}", "{s} carried out an assault", "{t} were assaulted",
                 "an assault took place"),
    "1823": _ATTACK,
    "183": Forms("{s} carried out a bombing against {t}", "{s} carried out a bombing",
                 "{t} were hit by a bombing", "a bombing took place"),
    # 19 fight
    "19": _FIGHT,
    "193": Forms("{s} exchanged fire with {t}", "{s} fought with small arms",
                 "{t} came under fire", "an exchange of fire took place"),
    "194": Forms("{s} shelled {t}", "{s} used artillery or tanks", "{t} came under shelling",
                 "shelling took place"),
    "195": Forms("{s} carried out air strikes on {t}", "{s} carried out air strikes",
                 "{t} were hit by air strikes", "air strikes took place"),
    # 20 mass violence
    "20": Forms("{s} carried out mass violence against {t}", "{s} carried out mass violence",
                "{t} suffered mass violence", "mass violence took place"),
}

# PLOVER event types, when no CAMEO code is given.
PLOVER_ROOTS: dict[str, str] = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
    "RETREAT": "08", "REQUEST": "02", "ACCUSE": "112", "REJECT": "12", "THREATEN": "13",
    "PROTEST": "14", "MOBILIZE": "154", "SANCTION": "172", "SEIZE": "171",
    "ASSAULT": "18", "COERCE": "17", "FIGHT": "19", "DISAPPROVE": "11",
}  # fmt: skip

# Roots of events that happen on the ground (not words): led with in the story sentences.
MATERIAL_ROOTS = {"06", "07", "08", "14", "15", "17", "18", "19", "20"}
VIOLENT_ROOTS = {"18", "19", "20"}
# What to call a group named only by a nationality adjective ("Serbian" → "Serbian fighters").
NORP_ROLE: dict[str, str] = {
    "18": "assailants", "19": "forces", "20": "forces", "14": "protesters", "15": "forces",
    "17": "forces",
}  # fmt: skip


def forms_for(cameo: str, root: str, plover: str) -> Forms | None:
    """The most specific clause forms for a code: 4, 3, then 2 digits; then the PLOVER type."""
    for code in (cameo[:4], cameo[:3], root, cameo[:2]):
        if code and code in CAMEO_FORMS:
            return CAMEO_FORMS[code]
    alt = PLOVER_ROOTS.get(plover.upper()) if plover else None
    if alt:
        return CAMEO_FORMS.get(alt) or CAMEO_FORMS.get(alt[:2])
    return None
