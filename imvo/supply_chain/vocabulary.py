"""The words a production-location list may use: activity types, materials and tiers, read from the
versioned data file so that the agreement, not the code, defines them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

from imvo.core.countries import fold

DATA = Path(__file__).parent / "data" / "locations-2025.1.yaml"
KINDS = ("activity_types", "materials", "tiers")


@dataclass(frozen=True)
class Term:
    code: str
    name_nl: str
    name_en: str
    aliases: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.name_nl if (get_language() or "nl").startswith("nl") else self.name_en


@dataclass(frozen=True)
class Vocabulary:
    version: str
    terms: dict[str, tuple[Term, ...]]

    def choices(self, kind: str) -> list[tuple[str, str]]:
        return [(t.code, t.name) for t in self.terms[kind]]

    def label(self, kind: str, code: str) -> str:
        return next((t.name for t in self.terms[kind] if t.code == code), code)

    def codes(self, kind: str) -> set[str]:
        return {t.code for t in self.terms[kind]}

    def resolve(self, kind: str, text: str) -> str | None:
        """The code a spreadsheet value stands for (code, name in either language or alias), or None."""
        return self._index(kind).get(fold(str(text)))

    def _index(self, kind: str) -> dict[str, str]:
        return _INDEXES[(self.version, kind)]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    terms = {
        kind: tuple(
            Term(str(t["code"]), t["name_nl"], t["name_en"], tuple(str(a) for a in t.get("aliases", ())))
            for t in raw[kind]
        )
        for kind in KINDS
    }
    vocab = Vocabulary(version=str(raw["version"]), terms=terms)
    for kind, kind_terms in terms.items():
        index: dict[str, str] = {}
        for term in kind_terms:
            for word in (term.code, term.name_nl, term.name_en, *term.aliases):
                index.setdefault(fold(word), term.code)
        _INDEXES[(vocab.version, kind)] = index
    return vocab


_INDEXES: dict[tuple[str, str], dict[str, str]] = {}
