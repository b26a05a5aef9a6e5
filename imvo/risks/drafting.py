"""The sentences the platform drafts for a company: why a risk is or is not prioritised (art. 27),
from its scores, its rank and the reference data behind it, and what a citation says. The company
edits the draft; until it does, the draft follows the scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from imvo.core.countries import country_name, region_name
from imvo.risks.method import Method
from imvo.risks.prioritisation import Outcome
from imvo.risks.references import source_info

SEVERITY_WORDS = (
    gettext_lazy("very limited"),
    gettext_lazy("limited"),
    gettext_lazy("considerable"),
    gettext_lazy("serious"),
    gettext_lazy("very serious"),
)
LIKELIHOOD_WORDS = (
    gettext_lazy("very unlikely"),
    gettext_lazy("unlikely"),
    gettext_lazy("possible"),
    gettext_lazy("likely"),
    gettext_lazy("almost certain"),
)


@dataclass(frozen=True)
class Facts:
    """What a draft is made from; a `Risk` gives these, and so does a risk in a test."""

    theme: str
    scale: int | None
    scope: int | None
    irremediability: int | None
    likelihood: int | None
    actual: bool
    override_reason: str
    addressed_note: str
    citations: Sequence[dict[str, Any]]


def _severity_phrase(facts: Facts, method: Method) -> str:
    assert facts.scale is not None and facts.scope is not None and facts.irremediability is not None
    values = {"scale": facts.scale, "scope": facts.scope, "irremediability": facts.irremediability}
    severity = max(values.values())
    phrase = _(
        "the impact is %(word)s (severity %(severity)s of 5: scale %(scale)s, scope %(scope)s, "
        "irremediable character %(irremediability)s)"
    ) % {"word": SEVERITY_WORDS[severity - 1], "severity": severity, **values}
    if facts.actual:
        return phrase + _(" and it is actual: it happens")
    likelihood = facts.likelihood or 1
    return phrase + _(" and %(word)s (likelihood %(likelihood)s of 5)") % {
        "word": LIKELIHOOD_WORDS[likelihood - 1],
        "likelihood": likelihood,
    }


def draft(
    facts: Facts, outcome: Outcome, *, open_risks: int, count: int, method: Method, cite: bool = True
) -> str:
    """The drafted explanation; empty while the risk is not yet scored (there is nothing to say).
    `cite=False` leaves out the sources, which name the country and region of a location the
    company keeps out of its public statement."""
    if outcome.reason == "addressed":
        text = _("Addressed: this risk no longer counts among the priorities.")
        if facts.addressed_note.strip():
            text += " " + facts.addressed_note.strip()
        return text
    if outcome.reason == "unscored" or outcome.rank is None:
        return ""
    place = {"rank": outcome.rank, "open": open_risks, "count": count}
    why = _severity_phrase(facts, method)
    if outcome.reason == "rank":
        text = _("Prioritised (number %(rank)s of %(open)s): ") % place + why + ". "
        text += (
            ngettext(
                "The company addresses its most severe risk first.",
                "The company addresses its %(count)s most severe risks first.",
                count,
            )
            % place
        )
    elif outcome.reason == "human_rights":
        text = _("Prioritised although it ranks %(rank)s of %(open)s: ") % place + why + ". "
        text += _("A human-rights impact of the highest severity is addressed whatever its likelihood.")
    else:
        text = _("Not prioritised this year (number %(rank)s of %(open)s): ") % place + why + ". "
        text += (
            ngettext(
                "The company first addresses a more severe or more likely risk; this one stays in the "
                "register and is reassessed next year.",
                "The company first addresses %(count)s more severe or more likely risks; this one stays "
                "in the register and is reassessed next year.",
                count,
            )
            % place
        )
    if outcome.overridden:
        text += " " + (
            _("The company prioritises it after all: %(reason)s")
            if outcome.prioritised
            else _("The company does not prioritise it after all: %(reason)s")
        ) % {"reason": facts.override_reason.strip()}
    sources = [citation_text(c) for c in facts.citations] if cite else []
    if sources:
        text += " " + " ".join(sources)
    return text


def _kind_of_area(area: dict[str, Any]) -> str:
    if area.get("conflict_affected") and area.get("high_risk"):
        return _("conflict-affected and high-risk")
    return _("conflict-affected") if area.get("conflict_affected") else _("high-risk")


def citation_text(citation: dict[str, Any]) -> str:
    """One sentence saying what a reference source says, with its edition: a screening signal."""
    source = source_info(citation["source"])
    detail = citation["detail"]
    label = format_lazy("{}, {},", source.name, source.edition_label)
    country = country_name(detail.get("country", ""))
    if citation["source"] == "eu_cahra":
        areas = detail.get("areas", [])
        if detail.get("level") == "region":
            return _("The %(source)s lists %(areas)s as %(kind)s.") % {
                "source": label,
                "areas": ", ".join(f"{region_name(a['code'])} ({country})" for a in areas),
                "kind": _kind_of_area(areas[0]) if areas else _("high-risk"),
            }
        if detail.get("level") == "country":
            return _("The %(source)s designates all of %(country)s.") % {"source": label, "country": country}
        return ngettext(
            "The %(source)s lists %(n)s region of %(country)s; add the location's region to know "
            "whether it lies there.",
            "The %(source)s lists %(n)s regions of %(country)s; add the location's region to know "
            "whether it lies there.",
            len(areas),
        ) % {"source": label, "n": len(areas), "country": country}
    if detail.get("forced_child_labour") or (detail.get("child_labour") and detail.get("forced_labour")):
        kind = _("child labour and forced labour")
    elif detail.get("child_labour"):
        kind = _("child labour")
    else:
        kind = _("forced labour")
    return _('The %(source)s lists "%(good)s" from %(country)s as produced with %(kind)s.') % {
        "source": label,
        "good": detail.get("good", ""),
        "country": country,
        "kind": kind,
    }
