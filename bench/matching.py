"""Matching figures: quality on noisy production-location lists, scale, and an unchanged re-upload.

Run: `.venv/bin/python bench/matching.py` (about ten minutes: 20,000 rows for quality, 1,000,000 for
scale, 10,000 for the re-upload), `--quick` for a short run, `--compare` to measure the alternatives
(name scorers, blocking, thresholds) that docs/decisions/0002-matching.md reports. No database.

The lists are generated with a fixed seed: a ground truth of facilities across 60 countries weighted
like the metal chain, named in each country's style (RMI smelter-list names, Chinese "Co., Ltd.",
Indonesian "PT … Tbk", Dutch "B.V." scrap yards…), with hard negatives (one group's sites in other
cities under the same name, generic names like "Metal Recycling Co." in several cities). Companies
each list a subset, every row a noisy copy typed the way that company types (see `noisy_row`).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import string
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pycountry

from imvo.supply_chain.matching import Registry, Site, Tuning, cluster

# country: (weight, latitude, longitude, spread in degrees, naming style)
COUNTRIES: dict[str, tuple[float, float, float, float, str]] = {
    "CN": (30, 30.0, 110.0, 8, "cn"),
    "ID": (5, -2.0, 110.0, 6, "id"),
    "IN": (4, 22.0, 79.0, 6, "in"),
    "US": (4, 39.0, -96.0, 10, "en"),
    "DE": (4, 51.0, 10.0, 2.5, "de"),
    "NL": (3, 52.2, 5.5, 0.8, "nl"),
    "PE": (2.5, -10.0, -76.0, 4, "es"),
    "BO": (2, -17.0, -65.0, 3, "es"),
    "CD": (2.5, -4.0, 23.0, 6, "fr"),
    "RW": (1, -2.0, 29.9, 0.5, "rw"),
    "MY": (2, 4.0, 102.0, 2, "my"),
    "TH": (2, 15.0, 101.0, 3, "th"),
    "BR": (2.5, -12.0, -50.0, 8, "pt"),
    "CL": (2, -27.0, -70.5, 6, "es"),
    "JP": (3, 36.0, 138.0, 3, "jp"),
    "KR": (2.5, 36.5, 127.8, 1.2, "kr"),
    "TW": (1.5, 23.7, 121.0, 0.8, "tw"),
    "VN": (1.5, 16.0, 106.0, 4, "vn"),
    "BE": (1.5, 50.6, 4.6, 0.6, "nl"),
    "MX": (2, 23.0, -102.0, 6, "es"),
    "RU": (2, 56.0, 50.0, 10, "ru"),
    "KZ": (1, 48.0, 68.0, 6, "ru"),
    "ZA": (1.5, -29.0, 25.0, 4, "en"),
    "AU": (1.5, -25.0, 134.0, 8, "en"),
    "CA": (1.5, 52.0, -100.0, 10, "en"),
    "GB": (1.5, 53.0, -1.5, 2, "en"),
    "FR": (1.5, 46.5, 2.5, 3, "fr"),
    "IT": (1.5, 43.0, 12.5, 3, "it"),
    "ES": (1.2, 40.0, -3.7, 3, "es"),
    "PL": (1.2, 52.0, 19.0, 2.5, "pl"),
    "SE": (0.8, 62.0, 15.0, 4, "en"),
    "FI": (0.6, 63.0, 26.0, 3, "en"),
    "NO": (0.5, 61.0, 9.0, 3, "en"),
    "TR": (1.2, 39.0, 35.0, 4, "tr"),
    "CH": (0.8, 46.8, 8.2, 0.7, "de"),
    "AT": (0.8, 47.5, 14.5, 1.2, "de"),
    "CZ": (0.6, 49.8, 15.5, 1.2, "pl"),
    "PH": (0.8, 12.0, 122.0, 4, "en"),
    "AR": (0.6, -34.0, -64.0, 8, "es"),
    "CO": (0.6, 4.5, -74.0, 4, "es"),
    "EC": (0.4, -1.5, -78.5, 1.5, "es"),
    "GH": (0.5, 7.5, -1.2, 2, "en"),
    "ZM": (0.8, -14.0, 28.0, 3, "en"),
    "ZW": (0.4, -19.0, 30.0, 2, "en"),
    "TZ": (0.5, -6.5, 35.0, 3, "en"),
    "UG": (0.4, 1.3, 32.5, 1.5, "en"),
    "BI": (0.3, -3.4, 29.9, 0.4, "fr"),
    "MA": (0.3, 31.8, -7.1, 3, "fr"),
    "AE": (0.5, 24.3, 54.4, 1, "en"),
    "SG": (0.5, 1.35, 103.8, 0.1, "my"),
    "UA": (0.5, 49.0, 31.0, 4, "ru"),
    "HU": (0.4, 47.2, 19.5, 1.5, "pl"),
    "RO": (0.4, 45.9, 25.0, 2, "pl"),
    "SK": (0.3, 48.7, 19.7, 1, "pl"),
    "PT": (0.4, 39.5, -8.0, 1.5, "pt"),
    "MM": (0.4, 21.0, 96.0, 4, "en"),
    "LA": (0.3, 18.0, 103.0, 3, "en"),
    "NG": (0.4, 9.0, 8.0, 3, "en"),
    "MZ": (0.3, -18.0, 35.0, 4, "en"),
    "SA": (0.4, 24.0, 45.0, 4, "en"),
}
SYLLABLES = {
    "cn": "hua xi jin long feng xing sheng tai heng da zhong yuan hong xin kang fu an ming guang tian li de cheng rui bao shun hai yang ping jia he yu wei rong chang kai tong hui lian qiang dong nan bei shan hu ning wan hao quan sen lin mei yi chen zhen fa run kun peng ze zhi bo jun ke lu mao qi shen",
    "id": "ma ta ri sa ka ja ya wa ba nu tu si la ra pu di gu lu an in ti na mi ko se bi",
    "my": "ma ta ri sa ka ja ya wa ba nu tu si la ra pu di gu lu an in ti na mi ko se bi",
    "in": "shree ram kri shna bha rat lax mi ga nesh sai ba la ji shak ti dur ga ve dan ta hin dus tan",
    "jp": "ta ka mi tsu shi ma no ya su mo to ki ku ra sa na ha yo o i",
    "kr": "han kor young poong dong sung hyun kum jin sam il bu woo seo",
    "tw": "chang hwa tai yuan chung shin kuo lien ho fu",
    "vn": "viet nam thanh hoa phu binh long an duc minh hung",
    "th": "thai siam chai pra sit won suk kasem rat na",
    "ru": "ural sib nor kaz ust kamen gor sk ov in zol oto pol yus ros kra",
    "de": "nord sud west ost rhein elb main berg tal stein bach hau sen burg dorf feld",
    "nl": "noord zuid west oost rijn maas berg dal steen beek hoven burg dorp veld",
    "es": "ca ra ma to llo que pa ri sol cer ro pla ta an des sur nor te",
    "pt": "ca ra ma to lho que pa ri sol ser ra pra ta ou ro vale",
    "fr": "ki vu mba ta nga lu bu ka si mu ba ko lwe",
    "rw": "ki vu mba ta nga lu bu ka si mu rwa ko",
    "it": "val tor ri mon te ca sa ro ma li no",
    "pl": "kra kow wro slaw gli wi ce ka to no va",
    "tr": "ka ra de niz er ci yes ma den ti",
    "en": "ash ford brook field green wood stone hill bridge water dale mont land",
}
SURNAMES = {
    "de": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Werner Krause Lehmann Köhler",
    "nl": "de_Vries van_Dijk Jansen de_Jong Bakker Visser Smit Meijer de_Boer Mulder de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf van_der_Meer Kok Jacobs Vermeulen Maes Claes Wouters Peeters",
    "en": "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Walker Hall Allen Young King Wright Scott Baker Adams Nelson Carter",
}
METALS = [
    "Tin",
    "Copper",
    "Gold",
    "Zinc",
    "Lead",
    "Nickel",
    "Cobalt",
    "Tungsten",
    "Tantalum",
    "Aluminium",
    "Steel",
    "Silver",
]
METALS_LOCAL = {
    "es": ["Estaño", "Cobre", "Oro", "Zinc", "Plata", "Plomo"],
    "pt": ["Estanho", "Cobre", "Ouro", "Níquel", "Alumínio"],
    "fr": ["Étain", "Cuivre", "Or", "Cobalt", "Coltan"],
    "de": ["Zink", "Kupfer", "Zinn", "Blei", "Stahl", "Nickel"],
    "nl": ["Zink", "Koper", "Tin", "Lood", "Staal", "Non-Ferro"],
}
ACTIVITY_WORDS = {
    "smelting": ["Smelting", "Smelter"],
    "refining": ["Refining", "Refinery"],
    "mining": ["Mining", "Mine"],
    "recycling": ["Recycling"],
    "scrap_collection": ["Scrap", "Recycling"],
    "trading": ["Trading"],
    "processing": ["Metal Products", "Foundry", "Processing"],
    "manufacturing": ["Manufacturing", "Industries"],
}
ACTIVITIES = list(ACTIVITY_WORDS)
ACTIVITY_WEIGHTS = [14, 8, 14, 12, 12, 8, 16, 16]
LEGAL = {
    "cn": ["Co., Ltd.", "Company Limited", "Co. Ltd", "Youxian Gongsi", "Group Co., Ltd.", "Corporation"],
    "id": ["PT|Tbk", "PT|", "CV|", "PT|(Persero) Tbk"],
    "my": ["Sdn. Bhd.", "Berhad", "Sdn Bhd", "Pte. Ltd."],
    "in": ["Pvt. Ltd.", "Private Limited", "Limited", "Ltd."],
    "jp": ["Co., Ltd.", "Corporation", "K.K.", "Inc."],
    "kr": ["Co., Ltd.", "Corporation", "Inc."],
    "tw": ["Co., Ltd.", "Corporation", "Inc."],
    "vn": ["Cong Ty TNHH|", "JSC", "Co., Ltd."],
    "th": ["Public Company Limited", "Co., Ltd.", "PCL"],
    "ru": ["JSC|", "OOO|", "PJSC|", "LLC"],
    "de": ["GmbH", "AG", "GmbH & Co. KG", "KG"],
    "nl": ["B.V.", "N.V.", "BV", "NV"],
    "es": ["S.A.", "S.A. de C.V.", "Ltda.", "S.A.C.", "S.R.L."],
    "pt": ["Ltda.", "S.A.", "S/A"],
    "fr": ["SARL", "S.A.", "SAS", "SPRL"],
    "rw": ["Ltd", "Limited", "SARL"],
    "it": ["S.p.A.", "S.r.l."],
    "pl": ["Sp. z o.o.", "S.A.", "a.s.", "s.r.o."],
    "tr": ["A.Ş.", "Ltd. Şti."],
    "en": ["Inc.", "LLC", "Ltd", "Limited", "Corporation", "Corp.", "Pty Ltd", "PLC", "Company"],
}
GENERIC_NAMES = {
    "en": [
        "Metal Recycling Co.",
        "Scrap Metal Trading Ltd",
        "General Metals Inc.",
        "United Smelting Company",
    ],
    "nl": ["Metaal Recycling B.V.", "Schroothandel B.V.", "Non-Ferro Metalen B.V."],
    "de": ["Metallrecycling GmbH", "Schrotthandel GmbH", "Metallhandel GmbH"],
    "cn": ["Nonferrous Metals Co., Ltd.", "Metal Materials Co., Ltd.", "Mining Co., Ltd."],
    "es": ["Metalúrgica S.A.", "Minera S.A.", "Fundición S.A."],
}
STREET = {
    "cn": ("No. {n} {w} Road, {city}, {prov} {pc}", "Road", "Rd"),
    "id": ("Jalan {w} No. {n}, {city}, {prov}", "Jalan", "Jl."),
    "my": ("Jalan {w} {n}, {pc} {city}, {prov}", "Jalan", "Jln"),
    "nl": ("{w}straat {n}, {pc} {city}", "straat", "str."),
    "de": ("{w}straße {n}, {pc} {city}", "straße", "str."),
    "es": ("Avenida {w} {n}, {city}, {prov}", "Avenida", "Av."),
    "pt": ("Rua {w} {n}, {city} - {prov}", "Rua", "R."),
    "fr": ("Avenue {w} {n}, {city}, {prov}", "Avenue", "Av."),
    "ru": ("ulitsa {w} {n}, {city}, {prov}", "ulitsa", "ul."),
}
STREET_DEFAULT = ("{n} {w} Street, {city}, {prov} {pc}", "Street", "St")
KEYBOARD = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnm",
        [
            "wa",
            "qe",
            "wr",
            "et",
            "ry",
            "tu",
            "yi",
            "uo",
            "ip",
            "o",
            "sq",
            "wad",
            "sef",
            "drg",
            "fth",
            "gyj",
            "huk",
            "jil",
            "ko",
            "xa",
            "zsc",
            "xdv",
            "cfb",
            "vgn",
            "bhm",
            "nj",
        ],
        strict=True,
    )
)


@dataclass
class Facility:
    truth: int
    country: str
    style: str
    name: str
    alias: str
    street: str
    number: int
    city: str
    postcode: str
    region: str
    region_name: str
    latitude: float | None
    longitude: float | None
    activity: str
    popularity: float


def word(rng: random.Random, style: str, syllables: int | None = None) -> str:
    pool = SYLLABLES.get(style, SYLLABLES["en"]).split()
    count = syllables or rng.choice((2, 2, 2, 3))
    return "".join(rng.choice(pool) for _ in range(count)).capitalize()


def company_name(rng: random.Random, style: str, city: str, prov: str, activity: str) -> str:
    act = rng.choice(ACTIVITY_WORDS[activity])
    metal = rng.choice(METALS_LOCAL.get(style, METALS))
    legal = rng.choice(LEGAL.get(style, LEGAL["en"]))
    distinct = word(rng, style)
    if style == "cn":
        head = rng.choice((prov, prov, city, "China"))
        body = rng.choice(
            (
                f"{head} {distinct} {metal} {act}",
                f"{head} {distinct} Nonferrous Metals",
                f"{head} {metal} {act}",
                f"{head} {distinct} {act}",
                f"{head} {distinct} New Material Technology",
            )
        )
    elif style in ("id", "vn", "ru") and "|" in legal:
        before, after = legal.split("|")
        body = rng.choice((distinct, f"{distinct} {word(rng, style)}", f"{distinct} {act}"))
        return " ".join(p for p in (before, body, after) if p)
    elif style in ("de", "nl", "en"):
        common = rng.random() < 0.5
        surname = rng.choice(SURNAMES[style].split()).replace("_", " ") if common else word(rng, style)
        local = {
            "de": ("Metall", "Recycling", "Schrotthandel", "Metallwerke"),
            "nl": ("Metaal", "Recycling", "Schroothandel", "Metaalhandel"),
        }
        kind = rng.choice(local.get(style, ("Metals", act, "Resources", "Alloys")))
        body = rng.choice(
            (
                f"{surname} {kind}",
                f"{distinct} {kind}",
                f"{surname} & {rng.choice(SURNAMES['en'].split())} {kind}",
                f"{city} {act}",
            )
        )
    elif style == "es":
        body = rng.choice(
            (
                f"Minera {distinct}",
                f"Compañía Minera {distinct}",
                f"Fundición {distinct}",
                f"Empresa Metalúrgica {distinct}",
                f"{distinct} {metal}",
            )
        )
    elif style == "fr":
        body = rng.choice(
            (
                f"Société Minière de {distinct}",
                f"Coopérative Minière {distinct}",
                f"{distinct} Métaux",
                f"Comptoir {distinct}",
            )
        )
    else:
        body = rng.choice(
            (f"{distinct} {act}", f"{distinct} {metal} {act}", f"{distinct} {metal}", f"{distinct} Metals")
        )
    if "|" in legal:
        legal = legal.replace("|", " ").strip()
    return f"{body} {legal}"


LEGAL_WORDS = {
    "co",
    "ltd",
    "co.,",
    "ltd.",
    "co.",
    "limited",
    "inc.",
    "llc",
    "gmbh",
    "ag",
    "kg",
    "b.v.",
    "n.v.",
    "bv",
    "nv",
}
LEGAL_WORDS |= {
    "s.a.",
    "sa",
    "sarl",
    "sprl",
    "sas",
    "pt",
    "tbk",
    "sdn.",
    "bhd.",
    "sdn",
    "bhd",
    "pte.",
    "pvt.",
    "pcl",
    "jsc",
}
LEGAL_WORDS |= {
    "ooo",
    "pjsc",
    "k.k.",
    "ltda.",
    "s.a.c.",
    "s.r.l.",
    "s.p.a.",
    "sp.",
    "z",
    "o.o.",
    "a.s.",
    "s.r.o.",
    "youxian",
}
LEGAL_WORDS |= {
    "gongsi",
    "private",
    "public",
    "company",
    "corporation",
    "corp.",
    "plc",
    "pty",
    "berhad",
    "&",
    "de",
    "c.v.",
}


def acronym(name: str) -> str:
    """What a company types for a facility it knows by its initials: "Malaysia Smelting Corporation
    Berhad" → "MS" or "MSC", never the legal form's letters."""
    words = [w for w in name.split() if w.lower() not in LEGAL_WORDS and w[0].isalpha()]
    if len(words) < 2:
        words = [w for w in name.split() if w[0].isalpha()]
    return "".join(w[0].upper() for w in words)[:5]


def build_world(rng: random.Random, count: int) -> list[Facility]:
    """Facilities, with a share of hard negatives: sister sites under one name and generic names."""
    subdivisions: dict[str, list[tuple[str, str]]] = {}
    for code in COUNTRIES:
        subs = list(pycountry.subdivisions.get(country_code=code) or [])
        parents = {s.parent_code for s in subs}
        leaves = [(s.code, s.name) for s in subs if s.code not in parents] or [(f"{code}-XX", code)]
        subdivisions[code] = sorted(leaves)
    codes = list(COUNTRIES)
    weights = [COUNTRIES[c][0] for c in codes]
    regions_centre: dict[str, tuple[float, float]] = {}
    facilities: list[Facility] = []

    def place(country: str) -> tuple[str, str, str, float, float]:
        _, lat, lon, spread, style = COUNTRIES[country]
        region, region_name = rng.choice(subdivisions[country])
        if region not in regions_centre:
            regions_centre[region] = (lat + rng.uniform(-spread, spread), lon + rng.uniform(-spread, spread))
        rlat, rlon = regions_centre[region]
        city = word(rng, style)
        return region, region_name, city, rlat + rng.uniform(-0.8, 0.8), rlon + rng.uniform(-0.8, 0.8)

    def new(
        country: str, name: str | None = None, activity: str | None = None, popularity: float | None = None
    ) -> Facility:
        style = COUNTRIES[country][4]
        region, region_name, city, lat, lon = place(country)
        activity = activity or rng.choices(ACTIVITIES, ACTIVITY_WEIGHTS)[0]
        prov = region_name.split()[0].split("-")[0]
        name = name or company_name(rng, style, city, prov, activity)
        located = rng.random() < 0.6
        big = activity in ("smelting", "refining")
        return Facility(
            truth=len(facilities),
            country=country,
            style=style,
            name=name,
            alias=acronym(name),
            street=word(rng, style),
            number=rng.randint(1, 400),
            city=city,
            postcode=f"{rng.randint(1000, 9999)} {rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"
            if style == "nl"
            else str(rng.randint(10000, 99999)),
            region=region,
            region_name=region_name,
            latitude=lat if located else None,
            longitude=lon if located else None,
            activity=activity,
            popularity=popularity if popularity is not None else rng.paretovariate(1.3) * (6 if big else 1),
        )

    while len(facilities) < count:
        country = rng.choices(codes, weights)[0]
        style = COUNTRIES[country][4]
        roll = rng.random()
        if roll < 0.03 and style in GENERIC_NAMES:
            facilities.append(new(country, name=rng.choice(GENERIC_NAMES[style])))
        elif roll < 0.11 and facilities:
            base = facilities[rng.randrange(len(facilities))]
            sister = new(base.country, activity=base.activity, name=base.name)
            if rng.random() < 0.5:
                sister.name = (
                    f"{base.name} {sister.city} {rng.choice(('Plant', 'Smelter', 'Branch', 'Mine', 'Site'))}"
                )
            facilities.append(sister)
        else:
            facilities.append(new(country))
    return facilities[:count]


def typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    options = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not options:
        return text
    i = rng.choice(options)
    w = words[i]
    p = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.3:
        w = w[:p] + w[p + 1 :]
    elif op < 0.55:
        w = w[:p] + w[p] + w[p:]
    elif op < 0.8:
        c = w[p].lower()
        w = w[:p] + rng.choice(KEYBOARD.get(c, c)) + w[p + 1 :]
    else:
        w = w[: p - 1] + w[p] + w[p - 1] + w[p + 1 :]
    words[i] = w
    return " ".join(words)


def strip_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


LEGAL_SWAPS = [
    ("Co., Ltd.", ("Co Ltd", "Company Limited", "Co. Ltd", "CO.,LTD", "Ltd.", "")),
    ("Company Limited", ("Co., Ltd.", "Co Ltd", "Limited", "")),
    ("Corporation", ("Corp.", "Corp", "Co.", "")),
    ("Berhad", ("Bhd", "Bhd.", "Sdn Bhd", "")),
    ("Sdn. Bhd.", ("Sdn Bhd", "SDN. BHD", "")),
    ("B.V.", ("BV", "bv", "")),
    ("N.V.", ("NV", "SA", "")),
    ("GmbH & Co. KG", ("GmbH", "GmbH u. Co KG", "")),
    ("GmbH", ("", "Gmbh")),
    ("S.A. de C.V.", ("SA de CV", "S.A.", "")),
    ("S.A.", ("SA", "")),
    ("Pvt. Ltd.", ("Private Limited", "Pvt Ltd", "Ltd", "")),
    ("Tbk", ("", "Tbk.")),
    ("Inc.", ("Inc", "Incorporated", "")),
    ("LLC", ("L.L.C.", "")),
    ("Ltd", ("Limited", "Ltd.", "")),
    ("Public Company Limited", ("PCL", "Co., Ltd.", "")),
    ("Youxian Gongsi", ("Co., Ltd.", "")),
]
ABBREVIATIONS = [
    ("International", "Intl"),
    ("Manufacturing", "Mfg"),
    ("Industries", "Ind."),
    ("Company", "Co."),
    ("Metals", "Mtls"),
    ("Technology", "Tech"),
    ("Corporation", "Corp"),
    ("Société", "Sté"),
    ("Compañía", "Cía."),
]
GENERIC_REMOVABLE = (
    "Smelting",
    "Smelter",
    "Mining",
    "Refining",
    "Refinery",
    "Group",
    "Nonferrous Metals",
    "Metals",
    "Industries",
    "Plant",
    "New Material Technology",
    "Mine",
    "Recycling",
)
GENERIC_ADD = {
    "smelting": "Smelter",
    "refining": "Refinery",
    "mining": "Mine",
    "recycling": "Plant",
    "processing": "Factory",
    "manufacturing": "Factory",
    "scrap_collection": "Yard",
    "trading": "Trading",
}


@dataclass
class Style:
    """How one company types: the noise is correlated within a list, as in real uploads."""

    case: str
    drop_legal: float
    address: float
    region: float
    region_as_name: float
    coordinates: float
    activity: float
    typos: float
    sloppy: float


def company_style(rng: random.Random) -> Style:
    return Style(
        case=rng.choices(("asis", "upper", "lower", "title"), (60, 20, 10, 10))[0],
        drop_legal=rng.choice((0.1, 0.3, 0.6)),
        address=rng.choice((0.2, 0.6, 0.9)),
        region=rng.choice((0.2, 0.5, 0.8)),
        region_as_name=rng.choice((0.0, 0.5, 1.0)),
        coordinates=rng.choice((0.0, 0.3, 0.8)),
        activity=rng.choice((0.5, 0.8, 1.0)),
        typos=rng.choice((0.05, 0.12, 0.25)),
        sloppy=rng.random(),
    )


def noisy_name(rng: random.Random, f: Facility, s: Style) -> str:
    name = f.name
    if rng.random() < 0.01:
        return f.alias
    if rng.random() < s.drop_legal:
        for legal, swaps in LEGAL_SWAPS:
            if legal in name:
                name = name.replace(legal, rng.choice(swaps))
                break
    elif rng.random() < 0.15:
        for legal, swaps in LEGAL_SWAPS:
            if legal in name:
                name = name.replace(legal, rng.choice(swaps[:-1] or swaps))
                break
    if rng.random() < 0.12:
        present = [g for g in GENERIC_REMOVABLE if f" {g}" in name]
        if present and len(name.split()) > 3:
            name = name.replace(f" {rng.choice(present)}", "", 1)
    if rng.random() < 0.1:
        extra = GENERIC_ADD[f.activity]
        name = (
            f"{name} {extra}"
            if rng.random() < 0.7
            else f"{name.split(' ', 1)[0]} {extra} {name.split(' ', 1)[-1]}"
        )
    if rng.random() < 0.08:
        for long, short in ABBREVIATIONS:
            if long in name:
                name = name.replace(long, short)
                break
    if f.style == "cn" and rng.random() < 0.06:
        words = name.split()
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) >= 5 and w.isalpha():
            k = rng.randint(2, len(w) - 2)
            words[i] = f"{w[:k]} {w[k:].capitalize()}"
            name = " ".join(words)
    if rng.random() < 0.04:
        words = name.split()
        if len(words) >= 3:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
            name = " ".join(words)
    if rng.random() < 0.5 * s.sloppy:
        name = strip_accents(name)
    if rng.random() < 0.3 * s.sloppy:
        name = name.replace(".", "").replace(",", "")
    if rng.random() < 0.05:
        name = name.replace(" ", "  ", 1) + rng.choice(("", " ", "."))
    if rng.random() < s.typos:
        name = typo(rng, name)
        if rng.random() < 0.25:
            name = typo(rng, name)
    return {"upper": name.upper(), "lower": name.lower(), "title": name.title()}.get(s.case, name)


def noisy_address(rng: random.Random, f: Facility, s: Style) -> str:
    if rng.random() > s.address:
        return ""
    template, long, short = STREET.get(f.style, STREET_DEFAULT)
    prov = f.region_name
    if rng.random() < 0.04:
        # the head office or the trader's address instead of the site's
        return template.format(
            n=rng.randint(1, 400), w=word(rng, f.style), city=word(rng, f.style), prov=prov, pc=f.postcode
        )
    if rng.random() < 0.1:
        return f"{f.city}, {prov}" if rng.random() < 0.5 else f.city
    text = template.format(n=f.number, w=f.street, city=f.city, prov=prov, pc=f.postcode)
    if rng.random() < 0.35:
        text = text.replace(long, short).replace("No. ", rng.choice(("No.", "#", "no ", "")))
    if rng.random() < 0.1:
        parts = text.split(", ")
        rng.shuffle(parts)
        text = ", ".join(parts)
    if rng.random() < 0.1:
        text = text.replace(f" {f.number}", "").replace(f"{f.number} ", "")
    if rng.random() < 0.1:
        text += ", " + (pycountry.countries.get(alpha_2=f.country).name if rng.random() < 0.8 else f.country)
    if rng.random() < 0.05:
        text = typo(rng, text)
    if rng.random() < 0.3 * s.sloppy:
        text = strip_accents(text).replace(",", "")
    return text.upper() if s.case == "upper" else text


def noisy_row(rng: random.Random, key: str, f: Facility, s: Style) -> Site:
    region = ""
    if rng.random() < s.region:
        if rng.random() < 0.01:
            region = f"{f.country}-{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"
        elif rng.random() < s.region_as_name:
            region = f.region_name if rng.random() < 0.7 else f.region_name.split()[0]
        else:
            region = f.region
    lat = lon = None
    if f.latitude is not None and f.longitude is not None and rng.random() < s.coordinates:
        lat = round(f.latitude + rng.uniform(-0.006, 0.006), rng.choice((3, 4, 6)))
        lon = round(f.longitude + rng.uniform(-0.006, 0.006), rng.choice((3, 4, 6)))
    activity = ""
    if rng.random() < s.activity:
        activity = f.activity if rng.random() > 0.05 else rng.choice(ACTIVITIES)
    return Site(
        key=key,
        name=noisy_name(rng, f, s),
        address=noisy_address(rng, f, s),
        region=region,
        country=f.country,
        latitude=lat,
        longitude=lon,
        activity=activity,
    )


def make_lists(seed: int, rows: int) -> tuple[list[Site], list[int], list[Facility]]:
    """`rows` rows from companies listing subsets of a world of facilities (one per ~8 rows)."""
    rng = random.Random(seed)
    world = build_world(rng, max(300, rows // 8))
    cumulative = list(itertools.accumulate(f.popularity for f in world))
    sites: list[Site] = []
    truth: list[int] = []
    company = 0
    while len(sites) < rows:
        company += 1
        style = company_style(rng)
        size = min(rows - len(sites), int(rng.lognormvariate(4.0, 1.2)) + 5)
        picked = set(rng.choices(range(len(world)), cum_weights=cumulative, k=size))
        for index in picked:
            sites.append(noisy_row(rng, f"c{company}-{len(sites)}", world[index], style))
            truth.append(index)
    return sites, truth, world


def pair_scores(predicted: list, truth: list[int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 from the contingency table (no pair enumeration)."""

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter(zip(predicted, truth, strict=True)))
    pred = pairs(Counter(predicted))
    true = pairs(Counter(truth))
    precision = both / pred if pred else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def corrected(results, truth: list[int]) -> list:
    """What the clusters become when reviewers answer correctly: a review row goes to the cluster that
    holds most of its true facility's other rows, or stays alone when there is none."""
    home: dict[int, Counter] = defaultdict(Counter)
    for r, t in zip(results, truth, strict=True):
        if r.decision != "review":
            home[t][r.facility] += 1
    out = []
    for r, t in zip(results, truth, strict=True):
        if r.decision == "review":
            out.append(home[t].most_common(1)[0][0] if home[t] else ("alone", t))
        else:
            out.append(r.facility)
    return out


def quality(
    sites: list[Site], truth: list[int], tuning: Tuning | None = None, workers: int = 2
) -> dict[str, float]:
    start = time.perf_counter()
    results = cluster(sites, workers=workers, tuning=tuning)
    seconds = time.perf_counter() - start
    p, r, f1 = pair_scores([x.facility for x in results], truth)
    reviewed = sum(x.decision == "review" for x in results) / len(results)
    _, _, f1_reviewed = pair_scores(corrected(results, truth), truth)
    return {
        "precision": p,
        "recall": r,
        "f1": f1,
        "review": reviewed,
        "f1_reviewed": f1_reviewed,
        "seconds": seconds,
    }


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: on a machine shared with other work the
    wall time says little, this says what the engine costs."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def compare(rows: int, seeds: list[int]) -> None:
    """Each alternative against the chosen configuration, averaged over several generated lists (one
    list's figures move by ±0.01 with its luck in sister sites); all-pairs blocking on the first only."""
    variants = {
        "chosen: weighted tokens, token+typo index": Tuning(),
        "name: rapidfuzz token_set_ratio": Tuning(scorer="token_set"),
        "name: rapidfuzz token_sort_ratio": Tuning(scorer="token_sort"),
        "name: rapidfuzz WRatio": Tuning(scorer="wratio"),
        "blocking: tokens only (no typo index)": Tuning(blocking="tokens"),
        "blocking: none (all pairs in a country)": Tuning(blocking="all"),
        "one pass in input order": Tuning(two_pass=False),
        "review rows always join their best guess": Tuning(review_joins="always"),
        "review rows never join": Tuning(review_joins="never"),
        "3 candidates scored (not 5)": Tuning(candidates=3),
        "10 candidates scored": Tuning(candidates=10),
        "auto 85 / review 65": Tuning(auto=85, review=65),
        "auto 85 / review 70": Tuning(auto=85),
        "auto 90 / review 70": Tuning(auto=90),
        "auto 92 / review 75": Tuning(auto=92, review=75),
        "margin 3": Tuning(margin=3),
        "margin 10": Tuning(margin=10),
    }
    lists = [make_lists(seed, rows)[:2] for seed in seeds]
    for sites, _ in lists:
        cluster(sites)
    print(
        f"\nalternatives on {len(seeds)} lists of {rows:,} rows (seeds {', '.join(map(str, seeds))}; one worker;"
    )
    print("normalisation caches warm; means, and the worst list's F1):")
    print(
        f"  {'variant':<44} {'P':>6} {'R':>6} {'F1':>6} {'worst':>6} {'review':>7} {'F1 rev.':>8} {'time':>7}"
    )
    for label, tuning in variants.items():
        runs = lists[:1] if tuning.blocking == "all" else lists
        qs = [quality(sites, truth, tuning, workers=1) for sites, truth in runs]

        def mean(key: str, qs: list[dict[str, float]] = qs) -> float:
            return sum(q[key] for q in qs) / len(qs)

        note = " (first list only)" if len(runs) < len(lists) else ""
        print(
            f"  {label:<44} {mean('precision'):6.3f} {mean('recall'):6.3f} {mean('f1'):6.3f} "
            f"{min(q['f1'] for q in qs):6.3f} {mean('review'):7.1%} {mean('f1_reviewed'):8.3f} "
            f"{mean('seconds'):6.1f}s{note}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows for the quality figures")
    parser.add_argument("--scale", type=int, default=1_000_000, help="rows for the scale figure")
    parser.add_argument("--reupload", type=int, default=10_000, help="rows re-uploaded unchanged")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--quick", action="store_true", help="5,000 / 100,000 / 2,000 rows")
    parser.add_argument("--compare", action="store_true", help="also measure the alternatives")
    parser.add_argument("--seeds", type=int, default=5, help="lists to average the alternatives over")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.scale, args.reupload = 5_000, 100_000, 2_000
    figures: list[tuple[str, str, str, bool]] = []

    sites, truth, world = make_lists(args.seed, args.rows)
    q = quality(sites, truth, workers=args.workers)
    print(
        f"quality: {len(sites):,} rows of {len(set(truth)):,} facilities in {len({s.country for s in sites})} countries"
    )
    print(f"pairwise precision {q['precision']:.3f}")
    print(f"pairwise recall {q['recall']:.3f}")
    print(f"pairwise F1 {q['f1']:.3f} (review rows counted with their best guess)")
    print(f"rows sent to review {q['review']:.1%}")
    print(f"pairwise F1 if reviewers decide correctly {q['f1_reviewed']:.3f}")
    figures += [
        ("pairwise F1", f"{q['f1']:.3f}", ">= 0.92", q["f1"] >= 0.92),
        ("rows sent to review", f"{q['review']:.1%}", "<= 10 %", q["review"] <= 0.10),
        ("F1 after correct review", f"{q['f1_reviewed']:.3f}", "", True),
    ]
    if args.compare:
        compare(args.rows, [args.seed + k for k in range(args.seeds)])

    reupload_sites = (
        sites[: args.reupload] if args.reupload <= len(sites) else make_lists(args.seed + 1, args.reupload)[0]
    )
    clusters = cluster(reupload_sites, workers=1)
    registry = Registry()
    for site, result in zip(reupload_sites, clusters, strict=True):
        registry.add(result.facility, site)
    start = time.perf_counter()
    matches = [registry.match(site) for site in reupload_sites]
    seconds = time.perf_counter() - start
    to_review = sum(m.decision != "auto" for m in matches)
    moved = sum(m.facility != r.facility for m, r in zip(matches, clusters, strict=True))
    print(
        f"re-upload: {len(reupload_sites):,} unchanged rows against a registry of {len(registry):,} facilities"
    )
    print(f"re-upload time {seconds:.2f} s ({seconds / len(reupload_sites) * 1e6:.0f} µs a row)")
    print(f"re-upload rows not auto {to_review} (linked elsewhere: {moved})")
    figures += [
        ("re-upload time", f"{seconds:.2f} s", "<= 5 s", seconds <= 5),
        ("re-upload sent to review", str(to_review), "0", to_review == 0),
    ]
    del sites, truth, world, clusters, registry, matches

    start = time.perf_counter()
    big, big_truth, _ = make_lists(args.seed + 2, args.scale)
    made = time.perf_counter() - start
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), cpu_seconds()
    results = cluster(big, workers=args.workers)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    peak = peak_mb()
    p, r, f1 = pair_scores([x.facility for x in results], big_truth)
    reviewed = sum(x.decision == "review" for x in results) / len(results)
    print(f"scale: {len(big):,} rows ({len(set(big_truth)):,} facilities) generated in {made:.0f} s")
    print(
        f"scale: clustered with workers={args.workers} in {seconds:.0f} s ({seconds / len(big) * 1e6:.0f} µs a row)"
    )
    print(f"scale: CPU time {cpu:.0f} s in all processes ({cpu / len(big) * 1e6:.0f} µs a row)")
    print(f"scale: load average {load:.1f} before, {os.getloadavg()[0]:.1f} after (on {os.cpu_count()} CPUs)")
    print(f"scale: peak memory {peak:,.0f} MB (maxrss self + children)")
    print(f"scale: pairwise F1 {f1:.3f} (P {p:.3f}, R {r:.3f}), review {reviewed:.1%}")
    figures += [
        (f"{len(big):,} rows, workers={args.workers}", f"{seconds:.0f} s", "<= 300 s", seconds <= 300),
        ("peak memory", f"{peak / 1024:.2f} GB", "<= 4 GB", peak <= 4096),
    ]
    print()
    print(f"{'figure':<34} {'measured':>12} {'target':>10}  ")
    for label, value, target, ok in figures:
        print(f"{label:<34} {value:>12} {target:>10}  {'ok' if ok else ('MISSED' if target else '')}")


if __name__ == "__main__":
    main()
