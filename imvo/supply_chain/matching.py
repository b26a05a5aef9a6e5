"""Matching production locations to canonical facilities.

Pure Python on purpose (no Django at import): the same engine runs inside a request, in a background
job over a whole sector and in the `imvo match-locations` command, and it must be fast enough for a
country with hundreds of thousands of rows. Why it works the way it does, with measurements:
docs/decisions/0002-matching.md.

A site is first normalised (case, accents, punctuation, legal forms, abbreviations, generic industry
words), then looked up in its country's block: an exact hit on an earlier variant is linked at once;
otherwise candidates come from an inverted index on name tokens (with a one-edit typo index), and each
candidate is scored on name, address, region, distance and activity.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

__all__ = [
    "AUTO_MARGIN",
    "AUTO_THRESHOLD",
    "REVIEW_THRESHOLD",
    "Candidate",
    "Match",
    "Registry",
    "Result",
    "Site",
    "Tuning",
    "cluster",
    "fingerprint",
    "normalise_address",
    "normalise_name",
]

AUTO_THRESHOLD = 88.0
"""Link without asking when the best facility scores at least this much and leads the next one by
AUTO_MARGIN. Chosen on the benchmark (docs/decisions/0002-matching.md): below it wrong links rise
faster than the review queue shrinks."""
AUTO_MARGIN = 6.0
"""How far the best facility must lead the second-best *different* facility to be linked without
asking; an exact hit on a known variant needs no margin."""
REVIEW_THRESHOLD = 70.0
"""From here up to an automatic link a person confirms; below it the site is a new facility."""

Decision = Literal["auto", "review", "new"]


@dataclass(frozen=True, slots=True)
class Site:
    """One production location as a company listed it, already validated by the caller."""

    key: str
    name: str
    address: str = ""
    region: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    activity: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    facility: Hashable
    score: float
    fields: dict[str, float]


@dataclass(frozen=True, slots=True)
class Match:
    decision: Decision
    facility: Hashable | None
    score: float
    candidates: tuple[Candidate, ...]


class Result(NamedTuple):
    """One row of `cluster`: a tuple, because a million of them cross process boundaries."""

    key: Hashable
    facility: Hashable
    decision: Decision
    score: float


@dataclass(frozen=True, slots=True)
class Tuning:
    """The knobs the benchmark turns to compare alternatives; the defaults are the chosen ones."""

    auto: float = AUTO_THRESHOLD
    review: float = REVIEW_THRESHOLD
    margin: float = AUTO_MARGIN
    scorer: Literal["weighted", "token_set", "token_sort", "wratio"] = "weighted"
    blocking: Literal["tokens", "tokens+typos", "all"] = "tokens+typos"
    candidates: int = 5
    variants: int = 12
    review_joins: Literal["always", "unless-clash", "never"] = "unless-clash"
    two_pass: bool = True


# --- normalisation -------------------------------------------------------------------------------

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "&": " and ",
        "+": " and ",
        "'": "",
        "’": "",
        "`": "",
        "´": "",
    }
)
_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    text = text.lower().translate(_SPECIAL)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    """Words, with dotted or spaced initials joined: "B.V." and "P T" become "bv" and "pt"."""
    words = _WORD.findall(_fold(text))
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return out


def _phrases(text: str) -> dict[tuple[str, ...], str]:
    return {tuple(k.split()): v for k, v in (line.split("=") for line in text.split(";") if line.strip())}


_LEGAL = frozenset(
    [
        "ltd",
        "coltd",
        "pvtltd",
        "sdnbhd",
        "limited",
        "co",
        "company",
        "companies",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "plc",
        "pllc",
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "kgaa",
        "ohg",
        "ug",
        "ev",
        "bv",
        "nv",
        "vof",
        "cv",
        "sa",
        "saa",
        "sac",
        "sas",
        "sasu",
        "sarl",
        "sprl",
        "srl",
        "spa",
        "sl",
        "slu",
        "ltda",
        "eireli",
        "lda",
        "pt",
        "tbk",
        "persero",
        "terbuka",
        "sdn",
        "bhd",
        "berhad",
        "pty",
        "pte",
        "pvt",
        "pcl",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "oao",
        "ooo",
        "pao",
        "zao",
        "ao",
        "tov",
        "kk",
        "kabushiki",
        "kaisha",
        "gk",
        "yk",
        "ab",
        "oy",
        "oyj",
        "asa",
        "aps",
        "as",
        "se",
        "kft",
        "zrt",
        "nyrt",
        "doo",
        "dd",
        "ad",
        "sro",
        "spol",
        "tnhh",
        "gongsi",
        "youxian",
        "zeren",
        "gufen",
        "societe",
        "sociedad",
        "sociedade",
        "compania",
        "companhia",
        "compagnie",
        "cia",
        "cie",
        "societa",
        "maatschappij",
        "mij",
        "fa",
        "firma",
        "gesellschaft",
    ]
)
_LEGAL_PHRASES = {
    tuple(p.split())
    for p in (
        "joint stock",
        "public joint stock",
        "open joint stock",
        "closed joint stock",
        "limited liability",
        "public company",
        "private limited",
        "public limited",
        "sp zoo",
        "sp z oo",
        "s de rl",
        "cong ty",
        "co phan",
        "naamloze vennootschap",
        "besloten vennootschap",
        "societe anonyme",
        "sociedad anonima",
        "per azioni",
        "anonim sirketi",
    )
}
_PHRASE_STARTS = frozenset(phrase[0] for phrase in _LEGAL_PHRASES)
_STOP = frozenset(
    [
        "u",
        "and",
        "und",
        "en",
        "et",
        "y",
        "e",
        "of",
        "the",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "del",
        "della",
        "di",
        "du",
        "des",
        "la",
        "le",
        "les",
        "el",
        "los",
        "las",
        "der",
        "die",
        "den",
        "het",
        "van",
        "von",
        "zu",
        "fur",
        "voor",
        "a",
        "d",
        "l",
    ]
)
_JOIN = _phrases(
    "non ferrous=nonferrous;hi tech=hitech;high tech=hitech;new material=newmaterial;xin cailiao=newmaterial"
)
_NAME_ABBREVIATIONS = {
    "intl": "international",
    "mfg": "manufacturing",
    "mfr": "manufacturing",
    "manufacturer": "manufacturing",
    "manufacturers": "manufacturing",
    "manufacture": "manufacturing",
    "bros": "brothers",
    "natl": "national",
    "ind": "industry",
    "inds": "industry",
    "indl": "industry",
    "grp": "group",
    "hldg": "holding",
    "hldgs": "holding",
    "mtl": "metal",
    "mtls": "metal",
    "tech": "technology",
    "technol": "technology",
    "sci": "science",
    "dev": "development",
    "devt": "development",
    "res": "resources",
    "chem": "chemical",
    "eng": "engineering",
    "engg": "engineering",
    "svcs": "services",
    "svc": "services",
    "ent": "enterprise",
    "mgmt": "management",
    "assoc": "association",
    "st": "saint",
    "mt": "mount",
    "gebr": "gebroeders",
    "int": "international",
}
_GENERIC_FORMS = {
    "mine": "mine mines mining miner minera minero mineira mineracao mineria mineras mineros miniere minier minieres mijn mijnbouw bergbau bergwerk kuangye kuangshan kuang",
    "smelter": "smelter smelters smelting smeltery smelterij fundicion fundiciones fonderie fundicao huette hutte huettenwerk huttenwerk yelian smeltery",
    "refinery": "refinery refineries refining refiner refiners raffinerie refinadora refineria raffinaderij refinaria",
    "metal": "metal metals metaal metalen metall metalle metallurgy metallurgical metallurgic metalurgica metalurgico metalurgia metallurgique metallurgie metaux metales metais metalli jinshu",
    "industry": "industry industries industrial industrie industrias industria industriel industrielle gongye shiye",
    "group": "group groep gruppe grupo groupe gruppo jituan",
    "plant": "plant plants factory factories fabriek fabrik works werk werke usine planta fabrica",
    "recycling": "recycling recycle recycled recycler recyclers reciclaje reciclagem recyclage riciclo",
    "scrap": "scrap schroot schrott ferraille chatarra sucata rottami",
    "trading": "trading trade trader traders handel handelsonderneming commerce comercial comercio comercializadora",
    "nonferrous": "nonferrous youse",
    "resources": "resources resource recursos ressources",
    "material": "material materials materiales materiaux",
    "product": "product products produits productos",
    "enterprise": "enterprise enterprises entreprise empresa empresas onderneming unternehmen",
    "holding": "holding holdings",
    "technology": "technology technologies technologie tecnologia techniek technik keji",
    "science": "science sciences",
    "development": "development developments",
    "new": "new",
    "newmaterial": "newmaterial",
    "hitech": "hitech",
    "international": "international internacional internationale",
    "national": "national nacional nationale",
    "general": "general generale",
    "united": "united",
    "global": "global",
    "mill": "mill mills",
    "foundry": "foundry foundries gieterij giesserei",
    "processing": "processing process processors processor",
    "mineral": "mineral minerals minerales mineraux mineracao",
    "ore": "ore ores",
    "chemical": "chemical chemicals chemie quimica",
    "energy": "energy",
    "engineering": "engineering",
    "services": "services service servicios",
    "supply": "supply supplies supplier suppliers",
    "import": "import imports",
    "export": "export exports exporter exporters",
    "manufacturing": "manufacturing",
    "alloy": "alloy alloys",
    "brothers": "brothers gebroeders hermanos freres",
    "cooperative": "cooperative cooperativa cooperatief genossenschaft",
    "management": "management",
    "association": "association",
    "production": "production productie produktion produccion",
    "bedrijf": "bedrijf bedrijven betrieb",
}
_GENERIC = {form: canonical for canonical, forms in _GENERIC_FORMS.items() for form in forms.split()}
GENERIC_WORDS = frozenset(_GENERIC.values())
"""Canonical generic words: they stay in the normalised name but weigh little in the score."""
_COMPOUND_TAILS = (
    "metaal",
    "metall",
    "recycling",
    "handel",
    "schroot",
    "schrott",
    "werk",
    "werke",
    "hutte",
    "huette",
    "groep",
    "gruppe",
)


def _split_compound(word: str) -> list[str]:
    """Dutch and German glue generic words on: "Metaalrecycling", "Zinkhütte", "Schrotthandel"."""
    for tail in _COMPOUND_TAILS:
        if word.endswith(tail) and len(word) - len(tail) >= 4:
            head = word[: -len(tail)]
            if head.endswith("s") and head[:-1] in _GENERIC:
                head = head[:-1]
            return [*_split_compound(head), tail]
    for head in ("metaal", "metall", "schroot", "schrott", "recycling"):
        rest = word[len(head) :]
        if word.startswith(head) and rest in _GENERIC:
            return [head, rest]
    return [word]


def _strip_phrases(words: list[str], phrases: Collection[tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        if words[i] not in _PHRASE_STARTS:
            out.append(words[i])
            i += 1
            continue
        for size in (4, 3, 2):
            if i + size <= n and tuple(words[i : i + size]) in phrases:
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _join_phrases(words: list[str]) -> list[str]:
    """Join word pairs that mean one word: "non ferrous", and a generic word or legal form typed
    with a space in it ("Smelt Ing", "Mater Ial")."""
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = tuple(words[i : i + 2])
        if pair in _JOIN:
            out.append(_JOIN[pair])
            i += 2
            continue
        if len(pair) == 2 and pair[0] not in _GENERIC and pair[1] not in _GENERIC:
            joined = pair[0] + pair[1]
            if (
                joined in _GENERIC
                or joined in _LEGAL
                or (min(len(pair[0]), len(pair[1])) <= 3 and _snap(joined))
            ):
                out.append(joined)
                i += 2
                continue
        out.append(words[i])
        i += 1
    return out


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


@lru_cache(maxsize=1)
def _snap_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for form in (*_GENERIC, *_LEGAL):
        if len(form) >= 6:
            for key in (form, *_deletions(form)):
                index.setdefault(key, []).append(form)
    return index


@lru_cache(maxsize=1 << 16)
def _snap(word: str) -> str:
    """The generic word or legal form a mistyped word stands for ("Smeltihg", "Limted", "Mtals"), or
    "". Only for forms of six letters or more, a five-letter word only when a letter is missing, and
    never when the word is a form plus a letter ("Metallo" stays)."""
    if len(word) < 5:
        return ""
    index = _snap_index()
    for key in (word, *_deletions(word)):
        for form in index.get(key, ()):
            if OSA.distance(word, form, score_cutoff=1) != 1 or (len(word) == 5 and len(form) != 6):
                continue
            if len(word) > len(form) and not any(
                word[:i] + word[i + 1 :] == form and word[i] in word[max(0, i - 1) : i] + word[i + 1 : i + 2]
                for i in range(len(word))
            ):
                continue
            return form
    return ""


@lru_cache(maxsize=1 << 17)
def _name_tokens(text: str) -> tuple[str, ...]:
    words = _words(text)
    if not words:
        return ()
    words = _join_phrases(_strip_phrases(words, _LEGAL_PHRASES))
    tokens: list[str] = []
    for word in words:
        if word in _LEGAL or word in _STOP:
            continue
        word = _NAME_ABBREVIATIONS.get(word, word)
        if word in _GENERIC:
            tokens.append(_GENERIC[word])
            continue
        snapped = _snap(word)
        if snapped in _LEGAL:
            continue
        if snapped:
            tokens.append(_GENERIC[snapped])
            continue
        for part in _split_compound(word) if len(word) >= 9 else (word,):
            tokens.append(_GENERIC.get(part, part))
    if not tokens:
        tokens = [w for w in words if w not in _STOP] or words
    return tuple(tokens)


def normalise_name(text: str) -> str:
    """The name as compared: folded, without legal forms or filler words, abbreviations written out and
    generic industry words in one canonical form ("Smelting", "Fundición" → "smelter")."""
    return " ".join(_name_tokens(text))


_ADDRESS_WORDS = {
    "street": "st str street straat strasse strae calle rue rua via jalan jl jln ulitsa ul",
    "road": "rd road lu weg",
    "avenue": "ave av avda avenida avenue laan allee",
    "boulevard": "blvd boulevard",
    "highway": "hwy highway",
    "lane": "ln lane",
    "drive": "dr drive",
    "place": "pl place plein platz plaza",
    "building": "bldg building gebouw",
    "district": "dist district qu distrito kecamatan kec",
    "town": "town township zhen",
    "village": "village cun desa kampung",
    "regency": "kabupaten kab",
    "province": "province provinsi prov sheng",
    "city": "city shi kota",
    "county": "county xian",
    "industrial": "industrial ind indl industrie industriel industria",
    "estate": "estate est",
    "park": "park zone",
    "km": "km kilometer kilometre",
    "": "no nr number num nro numero",
}
_ADDRESS = {form: canonical for canonical, forms in _ADDRESS_WORDS.items() for form in forms.split()}
_STREET_TAILS = ("straat", "strasse", "str", "weg", "laan")
_POSTCODE = re.compile(r"\b(\d{4}) ?([a-z]{2})\b")


@lru_cache(maxsize=1 << 17)
def normalise_address(text: str) -> str:
    """Addresses compared word by word in any order: "Havenstr. 12" and "Havenstraat 12" agree,
    as do "Jl." and "Jalan", "Rd" and "Road"; house-number words go."""
    folded = _POSTCODE.sub(r"\1\2", _fold(text))
    out: list[str] = []
    for word in _words(folded):
        if word in _ADDRESS:
            canonical = _ADDRESS[word]
            if canonical:
                out.append(canonical)
            continue
        if word in _STOP:
            continue
        for tail in _STREET_TAILS:
            if word.endswith(tail) and len(word) - len(tail) >= 3 and not word[-len(tail) - 1].isdigit():
                out.extend((word[: -len(tail)], _ADDRESS[tail]))
                break
        else:
            out.append(word)
    return " ".join(out)


_REGION_CODE = re.compile(r"^([A-Z]{2})-([A-Z0-9]{1,3})$")
_REGION_SUFFIXES = frozenset(
    [
        "sheng",
        "shi",
        "zizhiqu",
        "zhuangzu",
        "huizu",
        "weiwuer",
        "uygur",
        "province",
        "provinsi",
        "provincia",
        "state",
        "region",
        "regiao",
        "departamento",
        "department",
        "prefecture",
        "oblast",
        "kray",
        "krai",
    ]
)


@lru_cache(maxsize=1)
def _subdivisions() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """(country, folded name) → ISO 3166-2 code, and code → parent code, from pycountry (loaded once)."""
    import pycountry

    names: dict[tuple[str, str], str] = {}
    parents: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        country = sub.country_code
        parent = getattr(sub, "parent_code", None)
        if parent:
            parents[sub.code] = parent
        folded = " ".join(_words(sub.name))
        names.setdefault((country, folded), sub.code)
        short = " ".join(w for w in folded.split() if w not in _REGION_SUFFIXES)
        if short:
            names.setdefault((country, short), sub.code)
        names.setdefault((country, sub.code.split("-", 1)[1].lower()), sub.code)
    return names, parents


@lru_cache(maxsize=1 << 15)
def _region_key(region: str, country: str) -> str:
    """An ISO 3166-2 code when the region is one or names one, otherwise "~" and the folded text."""
    text = region.strip()
    if not text:
        return ""
    found = _REGION_CODE.match(text.upper())
    if found and (not country or found.group(1) == country):
        return text.upper()
    folded = " ".join(_words(text))
    names, _ = _subdivisions()
    if country:
        code = names.get((country, folded)) or names.get(
            (country, " ".join(w for w in folded.split() if w not in _REGION_SUFFIXES))
        )
        if code:
            return code
    return "~" + folded


def _same_region(a: str, b: str) -> bool | None:
    """True, False, or None when the two cannot be compared (a code against unresolved text)."""
    if a == b:
        return True
    if (a[0] == "~") != (b[0] == "~"):
        return None
    if a[0] == "~":
        return fuzz.ratio(a, b) >= 85
    parents = _subdivisions()[1]
    return parents.get(a) == b or parents.get(b) == a


def fingerprint(site: Site) -> str:
    """A digest of what identifies a listed site, to remember a decision across uploads: the same
    name, address, region and country written differently (case, spacing, punctuation, legal form)
    give the same fingerprint. Coordinates and activity stay out: they do not change who it is."""
    country = site.country.strip().upper()
    parts = (
        normalise_name(site.name),
        normalise_address(site.address),
        _region_key(site.region, country),
        country,
    )
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


# --- prepared sites ------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _initials(name: str) -> tuple[str, ...]:
    """The acronyms a name may be listed under: "Malaysia Smelting Corporation Berhad" as MSCB or MSC,
    "Yunnan Tin Company Limited" as YTCL or YT; with and without its legal form."""
    words = [w for w in _words(name) if w not in _STOP]
    full = "".join(w[0] for w in words)
    core = "".join(w[0] for w in words if w not in _LEGAL)
    company = "".join(w[0] for w in words if w not in _LEGAL or w in _COMPANY)
    return tuple(i for i in dict.fromkeys((full, core, company)) if 2 <= len(i) <= 6)


_COMPANY = frozenset(["co", "company", "corp", "corporation"])
_ACRONYM_SCORE = 82.0
"""An acronym alone ("MSC") is as good as a fair name match: enough to ask, and with an agreeing
address or place enough to link."""


class _Prepared:
    """A site in the form the scorer needs, computed once. Coordinates (0, 0) are an empty spreadsheet
    cell, not a place."""

    __slots__ = (
        "acronym",
        "activity",
        "address",
        "country",
        "exact",
        "lat",
        "lon",
        "name",
        "raw",
        "region",
        "street",
        "tokens",
    )

    def __init__(self, site: Site) -> None:
        self.country = site.country.strip().upper()
        self.raw = site.name
        self.tokens, self.name, self.acronym = _name_form(site.name)
        self.address, self.street = _address_form(site.address) if site.address else ("", "")
        self.region = _region_key(site.region, self.country) if site.region else ""
        lat, lon = site.latitude, site.longitude
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180 and (lat or lon):
            self.lat: float | None = float(lat)
            self.lon: float | None = float(lon)
        else:
            self.lat = self.lon = None
        self.activity = site.activity.strip().lower() if site.activity else ""
        self.exact = f"{self.name}\x1f{self.address}\x1f{self.region}"


@lru_cache(maxsize=1 << 17)
def _name_form(text: str) -> tuple[tuple[str, ...], str, str]:
    """Tokens, normalised name and the acronym a one-word name may be."""
    tokens = _name_tokens(text)
    distinctive = [t for t in tokens if t not in GENERIC_WORDS]
    only = distinctive[0] if len(distinctive) == 1 else ""
    return tokens, " ".join(tokens), only if 2 <= len(only) <= 6 and only.isalpha() else ""


@lru_cache(maxsize=1 << 17)
def _address_form(text: str) -> tuple[str, str]:
    address = normalise_address(text)
    return address, _address_core(address)


_COMPATIBLE_ACTIVITIES = (
    frozenset({"smelting", "refining"}),
    frozenset({"recycling", "scrap_collection", "smelting", "refining"}),
    frozenset({"mining", "artisanal_mining"}),
    frozenset({"processing", "manufacturing"}),
    frozenset({"trading", "scrap_collection"}),
)


def _activities_agree(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _COMPATIBLE_ACTIVITIES)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _soft_matches(tokens: list[tuple[str, float]], others: list[str]) -> float:
    """The weight unmatched tokens earn from their nearest spelling on the other side: one typo in a
    word of five letters or more earns most of it, in four letters some, two typos in a long word
    some; shorter words must be equal (tin is not tim)."""
    earned = 0.0
    for token, w in tokens:
        if len(token) < 4 or token.isdigit():
            continue
        hit = process.extractOne(token, others, scorer=OSA.distance, score_cutoff=2)
        if hit is None:
            continue
        shortest = min(len(token), len(hit[0]))
        if hit[1] == 1:
            earned += w * (0.85 if shortest >= 5 else 0.75 if shortest == 4 else 0.0)
        elif hit[1] == 2 and shortest >= 8:
            earned += w * 0.6
    return earned


_GENERIC_WEIGHT = 0.25


def _weighted_name_similarity(q: Sequence[str], v: Sequence[str], weight: Callable[[str], float]) -> float:
    """Soft, weighted Dice over tokens: rare words dominate, generic words barely count, typos in long
    words earn most of their weight, and a word split in two ("Hua Xi" / "Huaxi") still agrees."""
    if not q or not v:
        return 0.0
    if q == v:
        return 100.0
    vset = set(v)
    qset = set(q)
    total = matched = 0.0
    q_left: list[tuple[str, float]] = []
    v_left: list[tuple[str, float]] = []
    for token in q:
        w = weight(token)
        total += w
        if token in vset:
            matched += w
        else:
            q_left.append((token, w))
    for token in v:
        w = weight(token)
        total += w
        if token in qset:
            matched += w
        else:
            v_left.append((token, w))
    if q_left and v_left:
        q_joined = "".join(t for t, _ in q_left if t not in GENERIC_WORDS)
        v_joined = "".join(t for t, _ in v_left if t not in GENERIC_WORDS)
        if q_joined and q_joined == v_joined:
            matched += sum(w for t, w in q_left if t not in GENERIC_WORDS)
            matched += sum(w for t, w in v_left if t not in GENERIC_WORDS)
        else:
            matched += _soft_matches(q_left, [t for t, _ in v_left])
            matched += _soft_matches(v_left, [t for t, _ in q_left])
    return 100.0 * matched / total if total else 0.0


_ADDRESS_GENERIC = frozenset(_ADDRESS.values())


def _address_core(address: str) -> str:
    """The words of a normalised address that tell places apart: street-type words go, so that two
    different "No. … Road, … Province" addresses do not look alike."""
    return " ".join(word for word in address.split() if word not in _ADDRESS_GENERIC)


# --- the registry --------------------------------------------------------------------------------


class _Profile:
    """What a facility is known as in one country: the distinct spellings, addresses, regions, places and
    activities it was listed with (capped). Scoring against the whole profile means a clash with any
    known region or place counts, instead of the least informative variant winning."""

    __slots__ = (
        "activities",
        "addresses",
        "initials",
        "labels",
        "names",
        "points",
        "regions",
        "rows",
        "tokens",
    )

    def __init__(self) -> None:
        self.names: list[tuple[str, ...]] = []
        self.labels: list[str] = []
        self.addresses: list[str] = []
        self.regions: set[str] = set()
        self.points: list[tuple[float, float]] = []
        self.activities: set[str] = set()
        self.tokens: set[str] = set()
        self.initials: set[str] = set()
        self.rows = 0

    def add(self, site: _Prepared, cap: int) -> None:
        self.rows += 1
        if site.tokens and len(self.names) < cap and site.tokens not in self.names:
            self.names.append(site.tokens)
            self.labels.append(site.name)
        if site.street and len(self.addresses) < cap and site.street not in self.addresses:
            self.addresses.append(site.street)
        if site.region and len(self.regions) < cap:
            self.regions.add(site.region)
        lat, lon = site.lat, site.lon
        if lat is not None and lon is not None and len(self.points) < cap and self._new_place(lat, lon):
            self.points.append((lat, lon))
        if site.activity:
            self.activities.add(site.activity)
        if len(self.initials) < cap:
            self.initials.update(_initials(site.raw))

    def _new_place(self, lat: float, lon: float) -> bool:
        return all(_km(lat, lon, plat, plon) > 1.0 for plat, plon in self.points)

    def absorb(self, other: _Profile) -> None:
        self.rows += other.rows
        for tokens, label in zip(other.names, other.labels, strict=True):
            if tokens not in self.names:
                self.names.append(tokens)
                self.labels.append(label)
        self.addresses += [a for a in other.addresses if a not in self.addresses]
        self.regions |= other.regions
        self.points += other.points
        self.activities |= other.activities
        self.initials |= other.initials

    def nearest(self, lat: float, lon: float) -> float | None:
        return min((_km(lat, lon, plat, plon) for plat, plon in self.points), default=None)


class _Block:
    """One country's facilities and the index that keeps matching cheaper than all pairs: postings of
    name tokens, a one-deletion index of the tokens (typos), exact names and exact variants."""

    __slots__ = ("acronyms", "deletes", "df", "exact", "named", "postings", "profiles")

    def __init__(self) -> None:
        self.profiles: dict[int, _Profile] = {}
        self.postings: dict[str, list[int]] = {}
        self.df: dict[str, int] = {}
        self.deletes: dict[str, list[str]] = {}
        self.exact: dict[str, int] = {}
        self.named: dict[str, list[int]] = {}
        self.acronyms: dict[str, list[int]] = {}

    def weight(self, token: str) -> float:
        """Inverse document frequency over the block's facilities; generic words a quarter."""
        n = len(self.profiles) + 1
        w = math.log(n / min(self.df.get(token, 1), n)) + 1.0
        return w * _GENERIC_WEIGHT if token in GENERIC_WORDS else w


_VOTE_FLOOR = 0.4
_RARE = 120
"""Postings up to this length are walked to collect candidates; longer ones (a province, a metal)
only re-rank the candidates the rare words found, so a 300,000-row country stays fast."""
_RERANK = 100
_FAR_KM = 25.0


def _placed(site: _Prepared) -> str:
    """The exact key of a variant written like another facility's but located elsewhere (a namesake):
    the same text, qualified by where it is, so the plain text stays one facility's."""
    return f"{site.exact}\x1f{site.lat:.1f},{site.lon:.1f}"


class Registry:
    """In-memory index of canonical facilities, blocked by country; each facility may have several
    variants (the spellings and addresses under which it was listed)."""

    def __init__(self, tuning: Tuning | None = None) -> None:
        self.tuning = tuning or Tuning()
        self._blocks: dict[str, _Block] = {}
        self._ids: dict[Hashable, int] = {}
        self._keys: list[Hashable] = []
        self._homes: list[set[str]] = []

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, facility: object) -> bool:
        return facility in self._ids

    def add(self, facility: Hashable, site: Site) -> None:
        """Add a variant of a facility (creating the facility if it is new)."""
        self._add(facility, _Prepared(site))

    def match(self, site: Site, *, exclude: Collection[Hashable] = ()) -> Match:
        """Where the site belongs; `exclude` holds facilities a person already said it is not."""
        return self._match(_Prepared(site), exclude)

    def merge(self, keep: Hashable, drop: Hashable) -> None:
        """All variants of `drop` become `keep`'s, and `drop` ceases to exist."""
        if keep == drop:
            return
        for facility in (keep, drop):
            if facility not in self._ids:
                raise KeyError(facility)
        k, d = self._ids[keep], self._ids.pop(drop)
        for country in self._homes[d]:
            block = self._blocks[country]
            self._homes[k].add(country)
            kept = block.profiles.get(k)
            if kept is None:
                kept = block.profiles[k] = _Profile()
            dropped = block.profiles.pop(d)
            for token in dropped.tokens:
                postings = block.postings[token]
                postings.remove(d)
                if token in kept.tokens:
                    block.df[token] -= 1
                else:
                    kept.tokens.add(token)
                    postings.append(k)
            for index, keys in ((block.named, dropped.labels), (block.acronyms, dropped.initials)):
                for key in keys:
                    owners = index[key]
                    owners[:] = dict.fromkeys(k if fid == d else fid for fid in owners)
            kept.absorb(dropped)
            for key, owner in block.exact.items():
                if owner == d:
                    block.exact[key] = k
        self._homes[d] = set()

    def _fid(self, facility: Hashable) -> int:
        fid = self._ids.get(facility)
        if fid is None:
            fid = self._ids[facility] = len(self._keys)
            self._keys.append(facility)
            self._homes.append(set())
        return fid

    def _add(self, facility: Hashable, site: _Prepared) -> None:
        fid = self._fid(facility)
        block = self._blocks.get(site.country)
        if block is None:
            block = self._blocks[site.country] = _Block()
        self._homes[fid].add(site.country)
        profile = block.profiles.get(fid)
        if profile is None:
            profile = block.profiles[fid] = _Profile()
        profile.add(site, self.tuning.variants)
        owner = block.exact.get(site.exact)
        if owner == fid:
            return
        if owner is None:
            block.exact[site.exact] = fid
        elif site.lat is not None and site.lon is not None:
            block.exact.setdefault(_placed(site), fid)
        if site.name:
            owners = block.named.setdefault(site.name, [])
            if fid not in owners:
                owners.append(fid)
        for initials in _initials(site.raw):
            owners = block.acronyms.setdefault(initials, [])
            if fid not in owners:
                owners.append(fid)
        typos = self.tuning.blocking == "tokens+typos"
        known = profile.tokens
        for token in site.tokens:
            if token in known:
                continue
            known.add(token)
            postings = block.postings.get(token)
            if postings is None:
                block.postings[token] = [fid]
                block.df[token] = 1
                if typos and len(token) >= 5:
                    for key in (token, *_deletions(token)):
                        block.deletes.setdefault(key, []).append(token)
            else:
                postings.append(fid)
                block.df[token] += 1

    def _lookups(self, block: _Block, site: _Prepared) -> list[tuple[str, float]]:
        """The index words standing for the site's name words, with their weights: the word itself, or
        when the block has never seen it, the words one edit away (a typo on either side)."""
        out: list[tuple[str, float]] = []
        for token in dict.fromkeys(site.tokens):
            if token in block.postings:
                out.append((token, block.weight(token)))
            elif len(token) >= 5 and block.deletes:
                seen: set[str] = set()
                for key in (token, *_deletions(token)):
                    for similar in block.deletes.get(key, ()):
                        if similar not in seen:
                            seen.add(similar)
                            out.append((similar, 0.8 * block.weight(similar)))
        return out

    def _candidates(self, block: _Block, site: _Prepared, skip: Collection[int]) -> list[int]:
        """Facilities sharing the most weight of name words with the site, found through the rare words;
        facilities carrying exactly the site's name always take part."""
        if self.tuning.blocking == "all":
            return [fid for fid in block.profiles if fid not in skip]
        lookups = self._lookups(block, site)
        postings = block.postings
        votes: dict[int, float] = dict.fromkeys(block.named.get(site.name, ()), 1000.0)
        if site.acronym:
            for fid in block.acronyms.get(site.acronym, ()):
                votes.setdefault(fid, 500.0)
        rare = [(t, w) for t, w in lookups if len(postings[t]) <= _RARE and t not in GENERIC_WORDS]
        late: list[tuple[str, float]] = []
        if rare:
            late = [(t, w) for t, w in lookups if len(postings[t]) > _RARE or t in GENERIC_WORDS]
            get = votes.get
            for token, w in rare:
                for fid in postings[token]:
                    votes[fid] = get(fid, 0.0) + w
        elif lookups:
            lookups.sort(key=lambda lookup: (lookup[0] in GENERIC_WORDS, len(postings[lookup[0]])))
            found = set(postings[lookups[0][0]])
            used = 1
            while used < len(lookups) and len(found) > _RARE:
                narrower = found.intersection(postings[lookups[used][0]])
                if not narrower:
                    break
                found = narrower
                used += 1
            start = sum(w for _, w in lookups[:used])
            for fid in found:
                votes.setdefault(fid, start)
            late = lookups[used:]
        limit = self.tuning.candidates
        if late and votes:
            profiles = block.profiles
            if rare and len(votes) > _RERANK:
                votes = dict(heapq.nlargest(_RERANK, votes.items(), key=itemgetter(1)))
            for token, w in late:
                for fid in votes:
                    if token in profiles[fid].tokens:
                        votes[fid] += w
        best = heapq.nlargest(limit + len(skip), votes.items(), key=itemgetter(1))
        best = [(fid, v) for fid, v in best if fid not in skip][:limit]
        if not best:
            return []
        floor = min(best[0][1], 999.0) * _VOTE_FLOOR
        return [fid for fid, v in best if v >= floor]

    def _name_scorer(self, block: _Block, site: _Prepared) -> Callable[[_Profile], float]:
        scorer = self.tuning.scorer
        if scorer != "weighted":
            fn = {
                "token_set": fuzz.token_set_ratio,
                "token_sort": fuzz.token_sort_ratio,
                "wratio": fuzz.WRatio,
            }[scorer]
            return lambda profile: process.extractOne(site.name, profile.labels, scorer=fn)[1]
        weights: dict[str, float] = {}

        def weight(token: str) -> float:
            w = weights.get(token)
            if w is None:
                w = weights[token] = block.weight(token)
            return w

        def score(profile: _Profile) -> float:
            if site.name in profile.labels:
                return 100.0
            names = profile.names
            if len(names) > 2:
                nearest = process.extract(site.name, profile.labels, scorer=fuzz.token_sort_ratio, limit=2)
                names = [names[i] for _, _, i in nearest]
            best = max(_weighted_name_similarity(site.tokens, tokens, weight) for tokens in names)
            if site.acronym in profile.initials:
                return max(best, _ACRONYM_SCORE)
            return best

        return score

    def _match(self, site: _Prepared, exclude: Collection[Hashable] = ()) -> Match:
        block = self._blocks.get(site.country)
        if block is None or not block.profiles or not site.tokens:
            return Match("new", None, 0.0, ())
        skip = {self._ids[f] for f in exclude if f in self._ids}
        keys = (_placed(site), site.exact) if site.lat is not None else (site.exact,)
        for key in keys:
            owner = block.exact.get(key)
            if owner is not None and owner not in skip:
                exact = self._exact(block.profiles[owner], owner, site)
                if exact is not None:
                    return exact
        fids = self._candidates(block, site, skip)
        if not fids:
            return Match("new", None, 0.0, ())
        name_of = self._name_scorer(block, site)
        scored: list[tuple[float, int, int, dict[str, float]]] = []
        for fid in fids:
            profile = block.profiles[fid]
            raw, fields = _evidence(site, profile, name_of(profile))
            scored.append((raw, profile.rows, fid, fields))
        scored.sort(key=itemgetter(0, 1), reverse=True)
        candidates = tuple(
            Candidate(self._keys[fid], round(max(0.0, min(100.0, raw)), 1), fields)
            for raw, _, fid, fields in scored[:5]
        )
        top = scored[0][0]
        second = scored[1][0] if len(scored) > 1 else -math.inf
        best = candidates[0]
        tuning = self.tuning
        if top >= tuning.auto and top - second >= tuning.margin:
            return Match("auto", best.facility, best.score, candidates)
        if top >= tuning.review:
            return Match("review", best.facility, best.score, candidates)
        return Match("new", None, best.score, candidates)

    def _exact(self, profile: _Profile, fid: int, site: _Prepared) -> Match | None:
        """An exact hit on a known variant links at once, unless its coordinates put it far from every
        place the facility is known at (then it is a namesake, and full scoring decides)."""
        fields = {"name": 100.0}
        if site.address:
            fields["address"] = 100.0
        if site.region:
            fields["region"] = 100.0
        if site.lat is not None and site.lon is not None:
            km = profile.nearest(site.lat, site.lon)
            if km is not None:
                if km > _FAR_KM:
                    return None
                fields["distance_km"] = round(km, 2)
        only = Candidate(self._keys[fid], 100.0, fields)
        return Match("auto", only.facility, 100.0, (only,))


def _evidence(q: _Prepared, profile: _Profile, name: float) -> tuple[float, dict[str, float]]:
    """Name similarity moved by the other evidence: agreement adds a little, a clash (another address,
    region or place) takes a lot, since one group's sites share their name."""
    raw = name
    fields = {"name": round(name, 1)}
    if q.street and profile.addresses:
        address = process.extractOne(q.street, profile.addresses, scorer=fuzz.token_set_ratio)[1]
        fields["address"] = round(address, 1)
        if address >= 80:
            raw += (address - 80.0) * 0.6
        elif address < 60:
            raw -= min(25.0, (60.0 - address) * 0.7)
    if q.region and profile.regions:
        verdicts = {_same_region(q.region, r) for r in profile.regions}
        if True in verdicts:
            fields["region"] = 100.0
            raw += 4.0
        elif False in verdicts:
            fields["region"] = 0.0
            raw -= 20.0
    if q.lat is not None and q.lon is not None and profile.points:
        km = profile.nearest(q.lat, q.lon)
        if km is not None:
            fields["distance_km"] = round(km, 2)
            if km <= 2:
                raw += 8.0
            elif km <= 10:
                raw += 3.0
            elif km > _FAR_KM:
                raw -= min(45.0, 15.0 + km / 10)
    if q.activity and profile.activities:
        agree = any(_activities_agree(q.activity, a) for a in profile.activities)
        fields["activity"] = 100.0 if agree else 0.0
        if not agree:
            raw -= 4.0
    return raw, fields


# --- clustering ----------------------------------------------------------------------------------


@dataclass
class _Work:
    """What the forked workers read (inherited, not pickled)."""

    sites: list[Site]
    blocks: list[list[int]]
    tuning: Tuning


_WORK: _Work | None = None
"""The work the forked pool inherits; set only while a pool runs, under _FORKING."""
_FORKING = threading.Lock()


def _forked_block(index: int) -> tuple[int, list[tuple[Hashable, Decision, float]]]:
    assert _WORK is not None
    return _cluster_block(_WORK, index)


def _cluster_block(work: _Work, index: int) -> tuple[int, list[tuple[Hashable, Decision, float]]]:
    """One country. Rows that say where they are (address, region or coordinates) go first, in input
    order, then the bare names: a bare "PT Timah Tbk" then meets every Timah site the list knows of
    and goes to review, instead of joining whichever site happened to come first. A row written
    exactly like an earlier doubtful one that was kept out of the index gets the same answer, so
    identical rows never end up in two facilities."""
    registry = Registry(work.tuning)
    joins = work.tuning.review_joins
    doubts: dict[str, tuple[Hashable, Decision, float]] = {}
    rows = work.blocks[index]
    prepared = [_Prepared(work.sites[i]) for i in rows]
    answers: list[tuple[Hashable, Decision, float] | None] = [None] * len(rows)
    located = [n for n, site in enumerate(prepared) if site.address or site.region or site.lat is not None]
    bare = [n for n, site in enumerate(prepared) if not (site.address or site.region or site.lat is not None)]
    for n in (located + bare) if work.tuning.two_pass else range(len(rows)):
        i, site = rows[n], prepared[n]
        answer = doubts.get(site.exact)
        if answer is not None:
            answers[n] = answer
            continue
        found = registry._match(site)
        facility: Hashable = work.sites[i].key if found.facility is None else found.facility
        if found.decision != "review" or joins == "always" or (joins == "unless-clash" and _agrees(found)):
            registry._add(facility, site)
        else:
            doubts[site.exact] = (facility, found.decision, found.score)
        answers[n] = (facility, found.decision, found.score)
    return index, [a for a in answers if a is not None]


def _agrees(found: Match) -> bool:
    """Whether a site sent to review may still teach its best guess how it is written: only when it
    was doubt about the name, not a clash of address, region or place (that would be a sister site
    polluting the facility)."""
    fields = found.candidates[0].fields
    return (
        fields.get("address", 100.0) >= 60.0
        and fields.get("region", 100.0) > 0.0
        and fields.get("distance_km", 0.0) <= _FAR_KM
    )


def cluster(sites: Iterable[Site], *, workers: int = 1, tuning: Tuning | None = None) -> list[Result]:
    """Group sites among themselves, country by country: each site is matched against the facilities
    formed so far (sites with an address, region or coordinates first, in input order, then the
    others). A new facility is named after the key of the site that started it. Results come in
    input order. Keys must be unique. With workers > 1 countries run in parallel (fork), largest
    first."""
    global _WORK
    rows = list(sites)
    keys = [site.key for site in rows]
    if len(set(keys)) != len(keys):
        raise ValueError("site keys must be unique")
    by_country: dict[str, list[int]] = {}
    for i, site in enumerate(rows):
        by_country.setdefault(site.country.strip().upper(), []).append(i)
    blocks = sorted(by_country.values(), key=len, reverse=True)
    work = _Work(rows, blocks, tuning or Tuning())
    if workers > 1 and len(blocks) > 1 and "fork" in _start_methods():
        import multiprocessing

        _subdivisions()
        with _FORKING:
            _WORK = work
            try:
                with multiprocessing.get_context("fork").Pool(min(workers, len(blocks))) as pool:
                    done = list(pool.imap_unordered(_forked_block, range(len(blocks))))
            finally:
                _WORK = None
    else:
        done = [_cluster_block(work, i) for i in range(len(blocks))]
    out: list[Result | None] = [None] * len(rows)
    for index, results in done:
        for i, (facility, decision, score) in zip(blocks[index], results, strict=True):
            out[i] = Result(keys[i], facility, decision, score)
    return [r for r in out if r is not None]


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods() if os.name == "posix" else []
