"""Why a module is mandatory, in words: the rule of a module, and the reasons an assignment keeps
as data (rule and figures), written out in the reader's language when shown."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _verdict(code: str) -> str:
    from imvo.monitoring.presenters import VERDICT_LABELS

    return str(VERDICT_LABELS.get(code, code))


def _percent(value) -> str:
    """28 %, or 34.9 % where the score has a fraction: a rounded 35 % would not be below 35 %."""
    value = float(value)
    return f"{number_format(value, decimal_pos=0 if value.is_integer() else 1)} %"


def rule_texts(module) -> list[str]:
    """When the module is mandatory, one line per rule; empty for an optional module."""
    texts = []
    if module.mandatory_for_all:
        texts.append(_("for every company"))
    if module.mandatory_below_overall is not None:
        texts.append(
            _("with an overall score below %(threshold)s")
            % {"threshold": _percent(module.mandatory_below_overall)}
        )
    if module.mandatory_verdicts:
        texts.append(
            _("with the verdict %(verdicts)s")
            % {"verdicts": " / ".join(_verdict(v) for v in module.mandatory_verdicts)}
        )
    if module.mandatory_when_advised:
        texts.append(_("when an indicator whose advice points to this module scored 0"))
    return texts


def reason_text(reason: dict) -> str:
    rule = reason.get("rule")
    codes = ", ".join(reason.get("indicators", []))
    count = len(reason.get("indicators", []))
    if rule == "all":
        return _("Every company follows this module.")
    if rule == "below":
        return _("Your overall score %(overall)s is below %(threshold)s.") % {
            "overall": _percent(reason["overall"]),
            "threshold": _percent(reason["threshold"]),
        }
    if rule == "verdict":
        return _("Your result is %(verdict)s.") % {"verdict": _verdict(reason["verdict"])}
    if rule == "advised":
        return ngettext(
            "Indicator %(codes)s scored 0 and its advice points here.",
            "Indicators %(codes)s scored 0 and their advice points here.",
            count,
        ) % {"codes": codes}
    if rule == "recommended":
        return ngettext(
            "The advice on indicator %(codes)s points here.",
            "The advice on indicators %(codes)s points here.",
            count,
        ) % {"codes": codes}
    if rule == "lifted":
        return _("No longer mandatory after your result of %(overall)s (submission %(number)s).") % {
            "overall": _percent(reason["overall"]),
            "number": reason["number"],
        }
    return str(reason.get("text", ""))
