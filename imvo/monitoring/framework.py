"""The assessment framework (beoordelingskader) as data: loaded from a versioned YAML file.

A round is always scored with the version it was opened with, so versions are never edited in
place: a change is a new file (`framework-<version>.yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from imvo.core.i18n import pick

DATA_DIR = Path(__file__).resolve().parent / "data"
STEPS = ("1", "2", "3", "4", "5", "6")
MINERALS = "minerals"


class FrameworkError(ValueError):
    """The framework file is not usable; the message says where."""


@dataclass(frozen=True)
class Requirement:
    code: str
    level: int
    evidence: bool
    text_nl: str
    text_en: str
    cmrt: str = ""
    locations: str = ""

    @property
    def text(self) -> str:
        return pick(self.text_nl, self.text_en)


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str
    step: str
    oecd: str
    weight: int
    question_nl: str
    question_en: str
    help_nl: str = ""
    help_en: str = ""
    requirements: tuple[Requirement, ...] = ()
    advice: dict[int, tuple[str, str]] = field(default_factory=dict)
    modules: tuple[str, ...] = ()
    na_allowed: bool = False
    scored: bool = True
    theme: str = ""
    csddd: str = ""
    esrs: str = ""
    vsme: str = ""
    ngo_insight: bool = False

    @property
    def question(self) -> str:
        return pick(self.question_nl, self.question_en)

    @property
    def help(self) -> str:
        return pick(self.help_nl, self.help_en)

    def advice_for(self, level: int) -> str:
        nl, en = self.advice.get(level, ("", ""))
        return pick(nl, en)

    def requirements_for(self, level: int) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.level == level)


@dataclass(frozen=True)
class Section:
    code: str
    step: str
    name_nl: str
    name_en: str
    indicators: tuple[Indicator, ...]
    applies_if: str = ""
    intro_nl: str = ""
    intro_en: str = ""
    ngo_insight: bool = False

    @property
    def name(self) -> str:
        return pick(self.name_nl, self.name_en)

    @property
    def intro(self) -> str:
        return pick(self.intro_nl, self.intro_en)


@dataclass(frozen=True)
class Thresholds:
    green: int
    orange: int
    step_floor: int


@dataclass(frozen=True)
class Knockout:
    code: str
    indicator: str
    below: int
    text_nl: str
    text_en: str
    trigger: str = ""

    @property
    def text(self) -> str:
        return pick(self.text_nl, self.text_en)


@dataclass(frozen=True)
class Module:
    """A knowledge, practice, sector or risk module (art. 29-30) that advice can point to."""

    code: str
    kind: str
    name_nl: str
    name_en: str

    @property
    def name(self) -> str:
        return pick(self.name_nl, self.name_en)


@dataclass(frozen=True)
class Framework:
    version: str
    name_nl: str
    name_en: str
    evidence_cap: int
    step_weights: dict[str, int]
    minerals_share: int
    thresholds: dict[int, Thresholds]
    thresholds_by_size: dict[str, dict[int, Thresholds]]
    knockouts: tuple[Knockout, ...]
    sections: tuple[Section, ...]
    modules: dict[str, Module] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return pick(self.name_nl, self.name_en)

    def indicators(self) -> Iterator[Indicator]:
        for section in self.sections:
            yield from section.indicators

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators():
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def section(self, code: str) -> Section:
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    def sections_for(self, *, minerals_in_scope: bool) -> tuple[Section, ...]:
        return tuple(
            s
            for s in self.sections
            if not s.applies_if or (s.applies_if == "minerals_in_scope" and minerals_in_scope)
        )

    def thresholds_for(self, *, year: int, size_class: str = "") -> Thresholds:
        """The thresholds of an agreement year, per size class where the framework sets them;
        a year beyond the last one listed uses the last one."""
        table = {**self.thresholds, **self.thresholds_by_size.get(size_class, {})}
        if not table:
            raise FrameworkError("The framework sets no thresholds.")
        usable = [y for y in table if y <= year] or [min(table)]
        return table[max(usable)]


def _require(node: dict, key: str, where: str):
    if key not in node:
        raise FrameworkError(f"{where}: '{key}' is missing.")
    return node[key]


def _thresholds(node: dict, where: str) -> dict[int, Thresholds]:
    out = {}
    for year, t in (node or {}).items():
        values = {k: int(_require(t, k, f"{where}, year {year}")) for k in ("green", "orange", "step_floor")}
        if not values["orange"] <= values["green"]:
            raise FrameworkError(f"{where}, year {year}: orange must not exceed green.")
        out[int(year)] = Thresholds(**values)
    return out


def parse_framework(data: dict) -> Framework:
    """Build and check a framework from its parsed YAML; every mistake names its place."""
    version = str(_require(data, "version", "framework"))
    sections = []
    seen: set[str] = set()
    for s in _require(data, "sections", version):
        where = f"section {s.get('code', '?')}"
        step = str(_require(s, "step", where))
        if step not in (*STEPS, MINERALS):
            raise FrameworkError(f"{where}: step must be 1-6 or 'minerals', not {step!r}.")
        section_insight = bool(s.get("ngo_insight", False))
        indicators = []
        for i in _require(s, "indicators", where):
            code = str(_require(i, "code", where))
            iwhere = f"indicator {code}"
            if code in seen:
                raise FrameworkError(f"{iwhere}: the code is used twice.")
            seen.add(code)
            reqs = tuple(
                Requirement(
                    code=str(_require(r, "code", iwhere)),
                    level=int(_require(r, "level", iwhere)),
                    evidence=bool(r.get("evidence", False)),
                    text_nl=str(_require(r, "text_nl", iwhere)),
                    text_en=str(r.get("text_en", "")),
                    cmrt=str(r.get("cmrt", "") or ""),
                    locations=str(r.get("locations", "") or ""),
                )
                for r in _require(i, "requirements", iwhere)
            )
            if len({r.code for r in reqs}) != len(reqs):
                raise FrameworkError(f"{iwhere}: requirement codes must be unique.")
            scored = bool(i.get("scored", True))
            if scored and not ({1, 2} <= {r.level for r in reqs}):
                raise FrameworkError(f"{iwhere}: needs at least one level-1 and one level-2 requirement.")
            advice = {
                int(k): (str(v.get("nl", "")), str(v.get("en", "")))
                for k, v in (i.get("advice") or {}).items()
            }
            indicators.append(
                Indicator(
                    code=code,
                    section=str(s["code"]),
                    step=step,
                    oecd=str(i.get("oecd", "")),
                    weight=int(_require(i, "weight", iwhere)),
                    question_nl=str(_require(i, "question_nl", iwhere)),
                    question_en=str(i.get("question_en", "")),
                    help_nl=str(i.get("help_nl", "")),
                    help_en=str(i.get("help_en", "")),
                    requirements=reqs,
                    advice=advice,
                    modules=tuple(i.get("modules") or ()),
                    na_allowed=bool(i.get("na_allowed", False)),
                    scored=scored,
                    theme=str(i.get("theme", "") or ""),
                    csddd=str(i.get("csddd", "") or ""),
                    esrs=str(i.get("esrs", "") or ""),
                    vsme=str(i.get("vsme", "") or ""),
                    ngo_insight=section_insight or bool(i.get("ngo_insight", False)),
                )
            )
        sections.append(
            Section(
                code=str(s["code"]),
                step=step,
                name_nl=str(_require(s, "name_nl", where)),
                name_en=str(s.get("name_en", "")),
                indicators=tuple(indicators),
                applies_if=str(s.get("applies_if") or ""),
                intro_nl=str(s.get("intro_nl", "")),
                intro_en=str(s.get("intro_en", "")),
                ngo_insight=section_insight,
            )
        )
    knockouts = []
    for k in data.get("knockouts", []) or []:
        kwhere = f"knock-out {k.get('code', '?')}"
        for ref in (k.get("indicator"), k.get("trigger")):
            if ref and ref not in seen:
                raise FrameworkError(f"{kwhere}: indicator {ref!r} does not exist.")
        knockouts.append(
            Knockout(
                code=str(_require(k, "code", kwhere)),
                indicator=str(_require(k, "indicator", kwhere)),
                below=int(k.get("below", 1)),
                text_nl=str(_require(k, "text_nl", kwhere)),
                text_en=str(k.get("text_en", "")),
                trigger=str(k.get("trigger", "") or ""),
            )
        )
    modules = {
        str(m["code"]): Module(
            code=str(m["code"]),
            kind=str(m.get("kind", "")),
            name_nl=str(_require(m, "name_nl", f"module {m['code']}")),
            name_en=str(m.get("name_en", "")),
        )
        for m in data.get("modules", []) or []
    }
    for i in (i for s in sections for i in s.indicators):
        unknown = [m for m in i.modules if modules and m not in modules]
        if unknown:
            raise FrameworkError(f"indicator {i.code}: module {unknown[0]!r} is not in the modules list.")
    weights = _require(data, "weights", version)
    step_weights = {str(k): int(v) for k, v in _require(weights, "steps", "weights").items()}
    if set(step_weights) != set(STEPS):
        raise FrameworkError("weights.steps must give a weight for each of the steps 1-6.")
    thresholds = _require(data, "thresholds", version)
    return Framework(
        version=version,
        name_nl=str(data.get("name_nl", version)),
        name_en=str(data.get("name_en", "")),
        evidence_cap=int(data.get("evidence_cap", 1)),
        step_weights=step_weights,
        minerals_share=int(weights.get("minerals_share", 0)),
        thresholds=_thresholds(thresholds.get("default"), "thresholds.default"),
        thresholds_by_size={
            size: _thresholds(t, f"thresholds.by_size_class.{size}")
            for size, t in (thresholds.get("by_size_class") or {}).items()
        },
        knockouts=tuple(knockouts),
        sections=tuple(sections),
        modules=modules,
    )


@lru_cache(maxsize=8)
def load_framework(version: str) -> Framework:
    path = DATA_DIR / f"framework-{version}.yaml"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", version) or not path.exists():
        raise FrameworkError(f"No framework file for version {version!r}.")
    with open(path, encoding="utf-8") as fh:
        return parse_framework(yaml.safe_load(fh))


def available_versions() -> list[str]:
    return sorted(p.stem.removeprefix("framework-") for p in DATA_DIR.glob("framework-*.yaml"))
