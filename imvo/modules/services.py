"""Actions on modules (art. 29–30): loading the default modules, the secretariat's editing, sessions,
materials and attendance, and deciding from each monitoring result which modules a company must
follow (and which its advice recommends)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.agreements.models import Agreement
from imvo.core.files import sha256_of
from imvo.modules.models import Assignment, Attendance, Material, Module, Session
from imvo.monitoring.framework import Framework, FrameworkError, load_framework

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_VERSION = "2025.1"
VERDICTS = ("green", "orange", "red")
RULE_FIELDS = ("mandatory_for_all", "mandatory_below_overall", "mandatory_verdicts", "mandatory_when_advised")
MODULE_FIELDS = (
    "code",
    "kind",
    "name_nl",
    "name_en",
    "description",
    "framework_code",
    *RULE_FIELDS,
    "active",
)


class ModuleFileError(ValueError):
    """The modules file is not usable; the message says where."""


@lru_cache(maxsize=8)
def default_modules(version: str = DEFAULT_VERSION) -> tuple[dict, ...]:
    """The modules and rules of a versioned data file, checked against the framework it names."""
    path = DATA_DIR / f"modules-{version}.yaml"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", version) or not path.exists():
        raise ModuleFileError(f"No modules file for version {version!r}.")
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    framework = load_framework(str(data["framework"]))
    out, seen = [], set()
    for n, m in enumerate(data.get("modules") or []):
        where = f"modules-{version}, module {m.get('code', n)}"
        for key in ("code", "kind", "name_nl"):
            if not m.get(key):
                raise ModuleFileError(f"{where}: '{key}' is missing.")
        if m["code"] in seen:
            raise ModuleFileError(f"{where}: the code is used twice.")
        seen.add(m["code"])
        if m["kind"] not in Module.Kind.values:
            raise ModuleFileError(f"{where}: kind must be one of {', '.join(Module.Kind.values)}.")
        if m.get("framework_code") and m["framework_code"] not in framework.modules:
            raise ModuleFileError(f"{where}: {m['framework_code']!r} is not a module of the framework.")
        if set(m.get("mandatory_verdicts") or []) - set(VERDICTS):
            raise ModuleFileError(f"{where}: mandatory_verdicts may hold {', '.join(VERDICTS)}.")
        out.append(
            {
                "code": str(m["code"]),
                "kind": m["kind"],
                "name_nl": str(m["name_nl"]),
                "name_en": str(m.get("name_en", "")),
                "description": str(m.get("description", "")).strip(),
                "framework_code": str(m.get("framework_code", "")),
                "mandatory_for_all": bool(m.get("mandatory_for_all", False)),
                "mandatory_below_overall": m.get("mandatory_below_overall"),
                "mandatory_verdicts": list(m.get("mandatory_verdicts") or []),
                "mandatory_when_advised": bool(m.get("mandatory_when_advised", False)),
                "position": n,
            }
        )
    return tuple(out)


@transaction.atomic
def modules_load(*, agreement: Agreement) -> int:
    """Give the agreement the default modules it does not have yet; the secretariat's edits to
    loaded modules are never overwritten. Returns how many were added."""
    version = str(agreement.setting("modules_version", default=DEFAULT_VERSION))
    have = set(Module.objects.filter(agreement=agreement).values_list("code", flat=True))
    made = [Module(agreement=agreement, **m) for m in default_modules(version) if m["code"] not in have]
    Module.objects.bulk_create(made)
    return len(made)


def _framework_codes(agreement: Agreement) -> set[str]:
    try:
        return set(load_framework(agreement.framework_version).modules)
    except FrameworkError:
        return set()


@transaction.atomic
def module_save(*, agreement: Agreement, data: Mapping, actor, module: Module | None = None) -> Module:
    """Create a module or change one, its rule included; the rule applies from the next result."""
    errors = {}
    code = str(data.get("code", "")).strip()
    if not code:
        errors["code"] = _("Give the module a code.")
    elif (
        Module.objects.filter(agreement=agreement, code=code)
        .exclude(pk=getattr(module, "pk", 0) or 0)
        .exists()
    ):
        errors["code"] = _("Another module has this code.")
    if data.get("kind") not in Module.Kind.values:
        errors["kind"] = _("Choose a kind.")
    if not str(data.get("name_nl", "")).strip():
        errors["name_nl"] = _("Give the module a name.")
    framework_code = str(data.get("framework_code") or "")
    if framework_code and framework_code not in _framework_codes(agreement):
        errors["framework_code"] = _("The assessment framework has no such module.")
    below = data.get("mandatory_below_overall")
    if below is not None and not 1 <= int(below) <= 100:
        errors["mandatory_below_overall"] = _("A score between 1 and 100.")
    verdicts = list(data.get("mandatory_verdicts") or [])
    if set(verdicts) - set(VERDICTS):
        errors["mandatory_verdicts"] = _("Choose green, orange or red.")
    if data.get("mandatory_when_advised") and not framework_code:
        errors["mandatory_when_advised"] = _("Only a module the framework's advice points to can follow it.")
    if errors:
        raise ValidationError(errors)
    if module is None:
        last = Module.objects.filter(agreement=agreement).order_by("-position").first()
        module = Module(agreement=agreement, position=(last.position + 1) if last else 0)
    module.code = code
    module.kind = data["kind"]
    module.name_nl = str(data["name_nl"]).strip()
    module.name_en = str(data.get("name_en", "")).strip()
    module.description = str(data.get("description", "")).strip()
    module.framework_code = framework_code
    module.mandatory_for_all = bool(data.get("mandatory_for_all"))
    module.mandatory_below_overall = below
    module.mandatory_verdicts = [v for v in VERDICTS if v in verdicts]
    module.mandatory_when_advised = bool(data.get("mandatory_when_advised"))
    module.active = bool(data.get("active", True))
    module.save()
    return module


@transaction.atomic
def session_plan(
    *,
    module: Module,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    online_link: str,
    description: str,
    actor,
) -> Session:
    if not module.active:
        raise ValidationError(_("The module is no longer offered."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A session ends after it starts.")})
    if not place.strip() and not online_link.strip():
        raise ValidationError({"place": _("Give a place or an online link.")})
    session = Session(
        module=module,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link.strip(),
        description=description.strip(),
        planned_by=actor,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def material_add(
    *, module: Module, title: str, actor, file: UploadedFile | None = None, url: str = ""
) -> Material:
    """A document, stored unaltered with its SHA-256, or a link."""
    if not title.strip():
        raise ValidationError({"title": _("Give the material a title.")})
    if bool(file) == bool(url.strip()):
        raise ValidationError({"file": _("Attach a file or give a link.")})
    material = Material(module=module, title=title.strip(), url=url.strip(), added_by=actor)
    if file:
        material.sha256 = sha256_of(file)
        material.original_name = file.name or ""
        material.file = file
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def attendance_record(
    *, session: Session, present: Iterable, actor, names: Mapping[int, str] | None = None
) -> list[Attendance]:
    """Who took part: the organizations in `present`, each with the people who came. An
    organization recorded before and now left out stays on record as absent."""
    from imvo.modules.selectors import attendee_choices

    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the session has started."))
    eligible = {org.pk: org for org in attendee_choices(agreement=session.module.agreement)}
    present_ids = {org.pk for org in present}
    if present_ids - set(eligible):
        raise ValidationError(
            {"present": _("Only organizations taking part in the agreement attend a module.")}
        )
    names = names or {}
    for pk, name in names.items():
        if name.strip() and pk not in present_ids:
            raise ValidationError(
                {
                    "present": _("%(org)s has a name filled in but is not marked present.")
                    % {"org": eligible.get(pk, pk)}
                }
            )
    rows = []
    for pk in present_ids:
        row, _created = Attendance.objects.update_or_create(
            session=session,
            organization_id=pk,
            defaults={"present": True, "person_name": (names.get(pk) or "").strip(), "recorded_by": actor},
        )
        rows.append(row)
    for row in session.attendance.exclude(organization_id__in=present_ids).filter(present=True):
        row.present, row.recorded_by = False, actor
        row.save(update_fields=["present", "recorded_by", "recorded_at"])
        rows.append(row)
    return rows


@transaction.atomic
def assignment_waive(*, assignment: Assignment, reason: str, actor) -> Assignment:
    """Exempt a company from a mandatory module, with the reason on record."""
    if not assignment.mandatory:
        raise ValidationError(_("Only a mandatory module can be waived."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the exemption.")})
    assignment.waived_reason = reason.strip()
    assignment.waived_by = actor
    assignment.waived_at = timezone.now()
    assignment.save(update_fields=["waived_reason", "waived_by", "waived_at", "updated_at"])
    return assignment


def decide(
    module: Module, *, overall: float, verdict: str, levels: Mapping, advice: list[dict], framework: Framework
):
    """Whether a result makes the module mandatory, and why, as reasons kept as data (rule and
    figures): every rule that holds is named. The advice that points here recommends it."""
    reasons: list[dict] = []
    if module.mandatory_for_all:
        reasons.append({"rule": "all"})
    if module.mandatory_below_overall is not None and overall < module.mandatory_below_overall:
        reasons.append({"rule": "below", "overall": overall, "threshold": module.mandatory_below_overall})
    if verdict in (module.mandatory_verdicts or []):
        reasons.append({"rule": "verdict", "verdict": verdict})
    pointing = []
    if module.framework_code:
        for item in advice:
            try:
                indicator = framework.indicator(item["indicator"])
            except KeyError:
                continue
            if module.framework_code in indicator.modules:
                pointing.append(indicator.code)
    zero = [c for c in pointing if levels.get(c) == 0] if module.mandatory_when_advised else []
    if zero:
        reasons.append({"rule": "advised", "indicators": zero})
    mandatory = bool(reasons)
    rest = [c for c in pointing if c not in zero]
    if rest:
        reasons.append({"rule": "recommended", "indicators": rest})
    return mandatory, reasons


@transaction.atomic
def modules_assign(*, submission) -> list[Assignment]:
    """From a new result, the company's modules for the round's year: mandatory where a rule holds,
    recommended where the advice points. Running it again on the same result changes nothing. A
    later result (the improvement) lifts a mandatory module it no longer requires, keeping the row
    and what was attended; a manual assignment (without a result) is left as the secretariat set it."""
    assessment = submission.assessment
    rnd = assessment.round
    modules = list(Module.objects.filter(agreement_id=rnd.agreement_id, active=True))
    if not modules:
        return []
    framework = load_framework(submission.framework_version)
    existing = {
        a.module_id: a
        for a in Assignment.objects.select_for_update().filter(
            organization_id=assessment.organization_id, year_id=rnd.year_id
        )
    }
    overall = float(submission.overall)
    out = []
    for module in modules:
        mandatory, reasons = decide(
            module,
            overall=overall,
            verdict=submission.verdict,
            levels=submission.levels,
            advice=submission.advice,
            framework=framework,
        )
        current = existing.get(module.pk)
        if current is not None and current.submission_id is None:
            out.append(current)
            continue
        was_mandatory = current is not None and (
            current.mandatory or any(r.get("rule") == "lifted" for r in current.reasons)
        )
        if not mandatory and was_mandatory:
            reasons = [{"rule": "lifted", "overall": overall, "number": submission.number}, *reasons]
        if not reasons:
            if current is not None:
                current.delete()
            continue
        assignment, _created = Assignment.objects.update_or_create(
            module=module,
            organization_id=assessment.organization_id,
            year_id=rnd.year_id,
            defaults={"mandatory": mandatory, "reasons": reasons, "submission": submission},
        )
        out.append(assignment)
    return out
