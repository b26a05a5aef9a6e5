"""Risks a company should consider, suggested from its production locations and the public reference data
(art. 25–28 of the agreement), and the likelihood floor the same data give a risk typed in by hand.

A suggestion says only that a listed area or good is in the company's chain: a screening signal, never
more. The company decides what its risks are and scores them; a floor asks it to explain a lower score.
The rules live in the versioned data file, not here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from imvo.risks.references import CahraHit, ListedGood, cahra_lookup, ilab_lookup, rules

__all__ = ["Citation", "LocationFact", "Suggestion", "floor_for", "rules", "suggest"]


@dataclass(frozen=True)
class LocationFact:
    country: str
    region: str = ""
    activity: str = ""
    materials: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    source: str
    detail: dict[str, Any]

    def __hash__(self) -> int:
        return hash((self.source, json.dumps(self.detail, sort_keys=True)))

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "detail": json.loads(json.dumps(self.detail))}

    @classmethod
    def cahra(cls, country: str, hit: CahraHit) -> Citation:
        return cls(
            "eu_cahra",
            {"level": hit.level, "country": country, "areas": [area.as_json() for area in hit.areas]},
        )

    @classmethod
    def ilab(cls, listed: ListedGood) -> Citation:
        return cls("ilab_goods", listed.as_json())


@dataclass(frozen=True)
class Suggestion:
    theme: str
    material: str
    chain_stage: str
    country: str
    region: str
    likelihood_at_least: int
    locations: int
    citations: tuple[Citation, ...]

    @property
    def key(self) -> str:
        return f"{self.theme}|{self.material}|{self.chain_stage}|{self.country}|{self.region}"


@dataclass(frozen=True)
class _CahraRule:
    activities: frozenset[str]
    themes: tuple[str, ...]
    likelihood_at_least: int


@dataclass(frozen=True)
class _Good:
    name: str
    materials: frozenset[str]
    activities: frozenset[str] | None


@dataclass(frozen=True)
class _Rules:
    theme_order: dict[str, int]
    stages: dict[str, frozenset[str]]
    cahra: tuple[_CahraRule, ...]
    cahra_region_unknown: int
    ilab_flags: dict[str, tuple[str, ...]]
    ilab_likelihood: int
    goods: tuple[_Good, ...]

    def stage_of(self, activity: str) -> str:
        return next((code for code, acts in self.stages.items() if activity and activity in acts), "")

    def ilab_themes(self, listed: ListedGood) -> list[str]:
        flags = {
            "child_labour": listed.child_labour,
            "forced_labour": listed.forced_labour,
            "forced_child_labour": listed.forced_child_labour,
        }
        themes = [theme for flag, on in flags.items() if on for theme in self.ilab_flags.get(flag, ())]
        return sorted(set(themes), key=lambda theme: self.theme_order.get(theme, len(self.theme_order)))


@cache
def _rules() -> _Rules:
    raw = rules()
    suggestions = raw["suggestions"]
    cahra = suggestions["cahra"]
    if isinstance(cahra, dict):
        cahra_rules, region_unknown = cahra["rules"], cahra["region_unknown_likelihood_at_least"]
    else:
        cahra_rules, region_unknown = cahra, suggestions["region_unknown_likelihood_at_least"]
    ilab = suggestions["ilab"]
    return _Rules(
        theme_order={theme["code"]: index for index, theme in enumerate(raw["themes"])},
        stages={stage["code"]: frozenset(stage.get("activities") or ()) for stage in raw["chain_stages"]},
        cahra=tuple(
            _CahraRule(
                activities=frozenset(str(activity) for activity in rule["activities"]),
                themes=tuple(rule["themes"]),
                likelihood_at_least=int(rule["likelihood_at_least"]),
            )
            for rule in cahra_rules
        ),
        cahra_region_unknown=int(region_unknown),
        ilab_flags={
            flag: tuple(ilab[flag]) for flag in ("child_labour", "forced_labour", "forced_child_labour")
        },
        ilab_likelihood=int(ilab["likelihood_at_least"]),
        goods=tuple(
            _Good(
                name=name,
                materials=frozenset(good["materials"]),
                activities=frozenset(good["activities"]) if good.get("activities") is not None else None,
            )
            for name, good in ilab["goods"].items()
        ),
    )


def _cahra_floor(hit: CahraHit, rule: _CahraRule, data: _Rules) -> int:
    return data.cahra_region_unknown if hit.level == "country_has_regions" else rule.likelihood_at_least


@dataclass(frozen=True)
class _Candidate:
    theme: str
    material: str
    region: str
    likelihood_at_least: int
    citation: Citation


def _candidates(location: LocationFact, data: _Rules) -> Iterable[_Candidate]:
    country, region, activity = location.country.upper(), location.region.upper(), location.activity
    if not country:
        return
    materials = tuple(dict.fromkeys(location.materials))
    hit = cahra_lookup(country, region)
    if hit is not None:
        citation = Citation.cahra(country, hit)
        area = region if hit.level == "region" else ""
        for rule in data.cahra:
            if activity in rule.activities:
                floor = _cahra_floor(hit, rule, data)
                for theme in rule.themes:
                    for material in materials or ("",):
                        yield _Candidate(theme, material, area, floor, citation)
    for material in materials:
        for good in data.goods:
            if material not in good.materials or (
                good.activities is not None and activity not in good.activities
            ):
                continue
            listed = ilab_lookup(good.name, country)
            if listed is not None:
                for theme in data.ilab_themes(listed):
                    yield _Candidate(theme, material, "", data.ilab_likelihood, Citation.ilab(listed))


@dataclass
class _Group:
    likelihood_at_least: int
    locations: set[int] = field(default_factory=set)
    citations: dict[Citation, None] = field(default_factory=dict)


def _fold_country_into_region(groups: dict[tuple[str, str, str, str, str], _Group]) -> None:
    """A country-wide listing (ILAB) whose locations all lie in one listed region joins that
    region's suggestion, so the company sees one risk with both sources, not two."""
    for key in [k for k in groups if not k[4]]:
        theme, material, stage, country, _ = key
        regional = [k for k in groups if k[4] and k[:4] == (theme, material, stage, country)]
        if len(regional) != 1 or not groups[key].locations <= groups[regional[0]].locations:
            continue
        target, source = groups[regional[0]], groups.pop(key)
        target.likelihood_at_least = max(target.likelihood_at_least, source.likelihood_at_least)
        for citation in source.citations:
            target.citations.setdefault(citation)


def suggest(locations: Iterable[LocationFact]) -> list[Suggestion]:
    """The risks the reference data suggest for these locations, one per theme, material, chain stage,
    country and region, most likely first."""
    data = _rules()
    groups: dict[tuple[str, str, str, str, str], _Group] = {}
    alike = Counter(locations)  # a long list repeats the same country, region, activity and materials
    distinct = list(alike)
    for index, location in enumerate(distinct):
        stage = data.stage_of(location.activity)
        for candidate in _candidates(location, data):
            key = (candidate.theme, candidate.material, stage, location.country.upper(), candidate.region)
            group = groups.setdefault(key, _Group(candidate.likelihood_at_least))
            group.likelihood_at_least = max(group.likelihood_at_least, candidate.likelihood_at_least)
            group.locations.add(index)
            group.citations.setdefault(candidate.citation)
    _fold_country_into_region(groups)
    found = [
        Suggestion(
            theme=theme,
            material=material,
            chain_stage=stage,
            country=country,
            region=region,
            likelihood_at_least=group.likelihood_at_least,
            locations=sum(alike[distinct[i]] for i in group.locations),
            citations=tuple(group.citations),
        )
        for (theme, material, stage, country, region), group in groups.items()
    ]
    last = len(data.theme_order)
    return sorted(
        found,
        key=lambda s: (
            -s.likelihood_at_least,
            data.theme_order.get(s.theme, last),
            s.material,
            s.country,
            s.region,
            s.chain_stage,
        ),
    )


def floor_for(
    *, theme: str, material: str, chain_stage: str, country: str, region: str
) -> tuple[int | None, tuple[Citation, ...]]:
    """The lowest likelihood the reference data allow a company's own risk record without an explanation,
    and every citation behind the rules that apply to it; (None, ()) when none applies."""
    data = _rules()
    country, region = country.upper(), region.upper()
    if not country:
        return None, ()
    stage_activities = data.stages.get(chain_stage, frozenset()) if chain_stage else None

    def applies(activities: frozenset[str] | None) -> bool:
        return activities is None or stage_activities is None or bool(stage_activities & activities)

    floors: list[int] = []
    citations: dict[Citation, None] = {}
    hit = cahra_lookup(country, region)
    if hit is not None:
        for rule in data.cahra:
            if theme in rule.themes and applies(rule.activities):
                floors.append(_cahra_floor(hit, rule, data))
                citations.setdefault(Citation.cahra(country, hit))
    for good in data.goods if material else ():
        if material in good.materials and applies(good.activities):
            listed = ilab_lookup(good.name, country)
            if listed is not None and theme in data.ilab_themes(listed):
                floors.append(data.ilab_likelihood)
                citations.setdefault(Citation.ilab(listed))
    return (max(floors), tuple(citations)) if floors else (None, ())
