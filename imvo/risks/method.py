"""The risk method of the agreement (art. 25–28): themes, chain stages, scales and prioritisation
settings, read from the versioned data file so that the agreement, not the code, defines them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

DATA = Path(__file__).parent / "data" / "risks-2025.1.yaml"
DIMENSIONS = ("scale", "scope", "irremediability", "likelihood")


def _dutch() -> bool:
    return (get_language() or "nl").startswith("nl")


@dataclass(frozen=True)
class Term:
    code: str
    name_nl: str
    name_en: str
    group: str = ""
    human_rights: bool = False
    activities: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.name_nl if _dutch() else self.name_en


@dataclass(frozen=True)
class Scale:
    code: str
    name_nl: str
    name_en: str
    levels: tuple[tuple[str, str], ...]  # (nl, en) for 1..5

    @property
    def name(self) -> str:
        return self.name_nl if _dutch() else self.name_en

    def level(self, value: int) -> str:
        nl, en = self.levels[value - 1]
        return nl if _dutch() else en

    def choices(self) -> list[tuple[int, str]]:
        return [(n, f"{n} – {self.level(n)}") for n in range(1, len(self.levels) + 1)]


@dataclass(frozen=True)
class Link:
    name_nl: str
    name_en: str
    url: str
    themes: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.name_nl if _dutch() else self.name_en


@dataclass(frozen=True)
class Method:
    version: str
    groups: tuple[Term, ...]
    themes: tuple[Term, ...]
    chain_stages: tuple[Term, ...]
    stakeholders: tuple[Term, ...]
    involvement: tuple[Term, ...]
    scales: dict[str, Scale]
    default_priority_count: int
    human_rights_always_from: int
    zones: dict[str, tuple[tuple[int, int], ...]]
    links: tuple[Link, ...]

    def _terms(self, kind: str) -> tuple[Term, ...]:
        return getattr(self, kind)

    def choices(self, kind: str) -> list[tuple[str, str]]:
        return [(t.code, t.name) for t in self._terms(kind)]

    def label(self, kind: str, code: str) -> str:
        return next((t.name for t in self._terms(kind) if t.code == code), code)

    def codes(self, kind: str) -> list[str]:
        return [t.code for t in self._terms(kind)]

    def theme(self, code: str) -> Term | None:
        return next((t for t in self.themes if t.code == code), None)

    def stage_of(self, activity: str) -> str:
        return next((s.code for s in self.chain_stages if activity and activity in s.activities), "")

    def zone(self, severity: int, likelihood: int) -> str:
        """A heat-map cell's colour: severity weighs first, as in the OECD guidance."""
        for name in ("high", "medium"):
            if any(severity >= s and likelihood >= lik for s, lik in self.zones[name]):
                return name
        return "low"

    def links_for(self, theme: str) -> list[Link]:
        return [link for link in self.links if not link.themes or theme in link.themes]


def _term(raw: dict[str, Any]) -> Term:
    return Term(
        code=str(raw["code"]),
        name_nl=raw["name_nl"],
        name_en=raw["name_en"],
        group=raw.get("group", ""),
        human_rights=bool(raw.get("human_rights", False)),
        activities=tuple(raw.get("activities", ())),
    )


@cache
def method() -> Method:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    prioritisation = raw["prioritisation"]
    return Method(
        version=str(raw["version"]),
        groups=tuple(_term(t) for t in raw["theme_groups"]),
        themes=tuple(_term(t) for t in raw["themes"]),
        chain_stages=tuple(_term(t) for t in raw["chain_stages"]),
        stakeholders=tuple(_term(t) for t in raw["stakeholders"]),
        involvement=tuple(_term(t) for t in raw["involvement"]),
        scales={
            code: Scale(
                code=code,
                name_nl=scale["name_nl"],
                name_en=scale["name_en"],
                levels=tuple((level["nl"], level["en"]) for level in scale["levels"]),
            )
            for code, scale in raw["scales"].items()
        },
        default_priority_count=int(prioritisation["default_priority_count"]),
        human_rights_always_from=int(prioritisation["human_rights_always_from_severity"]),
        zones={
            name: tuple((int(c["severity"]), int(c["likelihood"])) for c in corners)
            for name, corners in prioritisation["zones"].items()
        },
        links=tuple(
            Link(link["name_nl"], link["name_en"], link["url"], tuple(link.get("themes", ())))
            for link in raw["links"]
        ),
    )
