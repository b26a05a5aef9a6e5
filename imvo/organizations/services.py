"""The membership lifecycle (art. 40-41, 69-77) and confidentiality agreements, step by step.

Every step is a ParticipationEvent with who and when; the change log records the rest.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from imvo.agreements.models import Agreement
from imvo.agreements.services import obligations_sync
from imvo.core.dates import add_months
from imvo.core.services import notify_by_email
from imvo.organizations.models import (
    ACTIVE_STATUSES,
    ConfidentialityAgreement,
    GrievanceMechanism,
    Organization,
    Participation,
    ParticipationEvent,
)
from imvo.organizations.selectors import active_party_emails, secretariat_emails

Event = ParticipationEvent.Kind
Status = Participation.Status


def _event(participation, kind, *, actor=None, on=None, note="", document=None, on_behalf_of=None):
    return ParticipationEvent.objects.create(
        participation=participation,
        kind=kind,
        on=on or timezone.localdate(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        on_behalf_of=on_behalf_of,
        note=note,
        document=document or "",
    )


def check_participation_form(*, organization: Organization, form: str) -> None:
    """Art. 40b: a company with a position in metal chains cannot be a supporter; art. 62: the
    government is not a party."""
    if form == Participation.Form.SUPPORTER and organization.is_company and organization.chain_positions:
        raise ValidationError(
            {
                "form": _(
                    "A company with a position in the metal chain cannot be a supporter; it can join as a party (art. 40b)."
                )
            }
        )
    if organization.kind == Organization.Kind.GOVERNMENT and form != Participation.Form.OBSERVER:
        raise ValidationError({"form": _("The government is not a party to the agreement (art. 62).")})
    if organization.is_company and form == Participation.Form.EXPERT:
        raise ValidationError({"form": _("A company takes part as a party or a supporter.")})


@transaction.atomic
def organization_save(*, organization: Organization, agreement: Agreement | None = None) -> Organization:
    """Validate an organization's details against the agreement's vocabularies and save them."""
    if agreement is not None:
        known = {p["code"] for p in agreement.vocabulary("chain_positions")}
        unknown = [c for c in organization.chain_positions if c not in known]
        if unknown:
            raise ValidationError({"chain_positions": _("Unknown chain position: %s") % ", ".join(unknown)})
        regimes = {r["code"] for r in agreement.vocabulary("reporting_regimes")}
        if organization.reporting_regime and organization.reporting_regime not in regimes:
            raise ValidationError({"reporting_regime": _("Unknown reporting regime.")})
    if not organization.is_company:
        organization.fte = None
        organization.chain_positions = []
        organization.reporting_regime = ""
    organization.full_clean()
    organization.save()
    if agreement is not None:
        for participation in organization.participations.filter(agreement=agreement):
            check_participation_form(organization=organization, form=participation.form)
    return organization


@transaction.atomic
def application_submit(
    *,
    agreement: Agreement,
    organization: Organization,
    form: str,
    applicant_name: str,
    applicant_email: str,
    motivation: str,
    motivation_letter: UploadedFile | None = None,
) -> Participation:
    """An organization applies to join with a motivation letter (art. 70)."""
    if not motivation.strip() and motivation_letter is None:
        raise ValidationError(
            {"motivation": _("Explain why you want to join, or attach a motivation letter.")}
        )
    check_participation_form(organization=organization, form=form)
    if (
        organization.pk
        and Participation.objects.filter(agreement=agreement, organization=organization).exists()
    ):
        raise ValidationError(_("This organization already takes part in or has applied to this agreement."))
    organization_save(organization=organization, agreement=agreement)
    participation = Participation.objects.create(
        agreement=agreement,
        organization=organization,
        form=form,
        status=Status.APPLIED,
        applicant_name=applicant_name,
        applicant_email=applicant_email.lower(),
        motivation=motivation,
        motivation_letter=motivation_letter or "",
        applied_on=timezone.localdate(),
    )
    _event(participation, Event.APPLIED, note=motivation[:500])
    notify_by_email(
        recipients=secretariat_emails(),
        subject=_("New application: %(org)s") % {"org": organization.name},
        body=_(
            "%(org)s applied to join %(agreement)s as %(form)s. Inform the parties before the core group decides."
        )
        % {"org": organization.name, "agreement": agreement.name, "form": participation.get_form_display()},
    )
    return participation


def _require_status(participation: Participation, *statuses) -> None:
    if participation.current_status not in statuses:
        raise ValidationError(
            _("This step is not possible while the participation is '%(status)s'.")
            % {"status": participation.get_current_status_display()}
        )


@transaction.atomic
def application_inform_parties(*, participation: Participation, actor) -> Participation:
    """Art. 71: all parties hear of an intended accession before the core group decides."""
    _require_status(participation, Status.APPLIED)
    if participation.parties_informed_on:
        raise ValidationError(_("The parties have already been informed."))
    participation.parties_informed_on = timezone.localdate()
    participation.save(update_fields=["parties_informed_on"])
    recipients = active_party_emails(agreement=participation.agreement)
    _event(
        participation,
        Event.PARTIES_INFORMED,
        actor=actor,
        note=_("%(n)s people informed") % {"n": len(recipients)},
    )
    notify_by_email(
        recipients=recipients,
        subject=_("Intended accession: %(org)s") % {"org": participation.organization.name},
        body=_(
            "%(org)s has applied to join %(agreement)s as %(form)s. You can read the motivation "
            "in the platform and, if you have questions, ask for the applicant to be heard before "
            "the core group decides (art. 71)."
        )
        % {
            "org": participation.organization.name,
            "agreement": participation.agreement.name,
            "form": participation.get_form_display(),
        },
    )
    return participation


@transaction.atomic
def application_request_hearing(*, participation: Participation, actor, note: str) -> ParticipationEvent:
    _require_status(participation, Status.APPLIED)
    if not participation.parties_informed_on:
        raise ValidationError(_("A hearing can be asked for once the parties have been informed."))
    if not note.strip():
        raise ValidationError({"note": _("Write down the questions you want the applicant to answer.")})
    event = _event(
        participation, Event.HEARING_REQUESTED, actor=actor, note=note, on_behalf_of=actor.organization
    )
    notify_by_email(
        recipients=secretariat_emails(),
        subject=_("Hearing requested: %(org)s") % {"org": participation.organization.name},
        body=_("%(party)s asks to hear %(org)s before the core group decides:\n\n%(note)s")
        % {"party": actor.organization, "org": participation.organization.name, "note": note},
    )
    return event


def hearing_pending(participation: Participation) -> bool:
    events = list(
        participation.events.filter(kind__in=[Event.HEARING_REQUESTED, Event.HEARING_HELD]).order_by(
            "recorded_at"
        )
    )
    requested = [e for e in events if e.kind == Event.HEARING_REQUESTED]
    held = [e for e in events if e.kind == Event.HEARING_HELD]
    return bool(requested) and (not held or held[-1].recorded_at < requested[-1].recorded_at)


@transaction.atomic
def application_record_hearing(
    *, participation: Participation, actor, held_on: dt.date, note: str
) -> ParticipationEvent:
    _require_status(participation, Status.APPLIED)
    if not hearing_pending(participation):
        raise ValidationError(_("No hearing has been asked for."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A hearing can only be recorded once it has taken place.")})
    return _event(participation, Event.HEARING_HELD, actor=actor, on=held_on, note=note)


@transaction.atomic
def application_decide(
    *, participation: Participation, actor, approve: bool, decided_on: dt.date, note: str
) -> Participation:
    """The core group approves or rejects (art. 72), after the parties were informed and any
    requested hearing was held."""
    _require_status(participation, Status.APPLIED)
    if not participation.parties_informed_on:
        raise ValidationError(_("The parties must be informed before the core group decides (art. 71)."))
    if hearing_pending(participation):
        raise ValidationError(_("A party asked to hear the applicant; record the hearing first."))
    if decided_on < participation.parties_informed_on or decided_on > timezone.localdate():
        raise ValidationError(
            {"decided_on": _("The decision date must lie between informing the parties and today.")}
        )
    if not approve and not note.strip():
        raise ValidationError({"note": _("Give the reasons for rejecting the application.")})
    participation.status = Status.APPROVED if approve else Status.REJECTED
    participation.decided_on = decided_on
    participation.decision_note = note
    participation.save(update_fields=["status", "decided_on", "decision_note"])
    _event(
        participation, Event.APPROVED if approve else Event.REJECTED, actor=actor, on=decided_on, note=note
    )
    if participation.applicant_email:
        notify_by_email(
            recipients=[participation.applicant_email],
            subject=_("Your application to %(agreement)s") % {"agreement": participation.agreement.name},
            body=(
                _("The core group has approved your application. The secretariat will contact you to sign.")
                if approve
                else _("The core group has not approved your application:\n\n%(note)s") % {"note": note}
            ),
        )
    return participation


@transaction.atomic
def participation_sign(
    *, participation: Participation, actor, signed_on: dt.date, base_url: str = "http://127.0.0.1:8000"
) -> Participation:
    """Record the signature; from then on the organization is a participant with obligations."""
    _require_status(participation, Status.APPROVED)
    agreement = participation.agreement
    decided_on = participation.decided_on or agreement.start_date
    if signed_on < decided_on or signed_on > agreement.end_date:
        raise ValidationError(
            {"signed_on": _("The signing date must fall after the decision and within the agreement's term.")}
        )
    participation.status = Status.ACTIVE
    participation.signed_on = signed_on
    participation.save(update_fields=["status", "signed_on"])
    _event(participation, Event.SIGNED, actor=actor, on=signed_on)
    obligations_sync(agreement=agreement)
    from imvo.accounts.models import User

    contact_has_account = User.objects.filter(email__iexact=participation.applicant_email).exists()
    if (
        participation.applicant_email
        and not participation.organization.members.exists()
        and not contact_has_account
    ):
        from imvo.accounts.services import invitation_create

        invitation_create(
            base_url=base_url,
            email=participation.applicant_email,
            full_name=participation.applicant_name,
            organization=participation.organization,
            is_org_admin=True,
            invited_by=actor,
        )
    return participation


@transaction.atomic
def participation_admit(
    *, agreement: Agreement, organization: Organization, form: str, signed_on: dt.date, actor, note: str = ""
) -> Participation:
    """Record an organization that signed outside the platform (the founding signatories)."""
    check_participation_form(organization=organization, form=form)
    if Participation.objects.filter(agreement=agreement, organization=organization).exists():
        raise ValidationError(_("This organization already takes part in or has applied to this agreement."))
    if not (agreement.start_date <= signed_on <= agreement.end_date):
        raise ValidationError({"signed_on": _("The signing date must fall within the agreement's term.")})
    participation = Participation.objects.create(
        agreement=agreement,
        organization=organization,
        form=form,
        status=Status.ACTIVE,
        signed_on=signed_on,
    )
    _event(participation, Event.ADMITTED, actor=actor, on=signed_on, note=note)
    obligations_sync(agreement=agreement)
    return participation


def termination_window(*, participation: Participation, notice_on: dt.date) -> list[dt.date]:
    """The dates on which a notice given on `notice_on` may take effect, earliest first.

    Art. 73-74: notice from one year after signing, in writing with reasons, effective from the
    start of a following agreement year with at least six months' notice.
    """
    agreement = participation.agreement
    if participation.signed_on is None:
        raise ValidationError(_("Only a participant that has signed can give notice."))
    after = int(agreement.setting("termination", "earliest_after_signing_months", default=12))
    notice_months = int(agreement.setting("termination", "notice_months", default=6))
    first_notice = add_months(participation.signed_on, after)
    if notice_on < first_notice:
        raise ValidationError(
            _("Notice can be given from one year after signing, so from %(date)s (art. 73).")
            % {"date": date_format(first_notice)}
        )
    earliest = add_months(notice_on, notice_months)
    starts = list(
        agreement.years.filter(start_date__gte=earliest)
        .order_by("start_date")
        .values_list("start_date", flat=True)
    )
    if not starts:
        raise ValidationError(
            _("The agreement ends on %(end)s, before a notice given now could take effect.")
            % {"end": date_format(agreement.end_date)}
        )
    return starts


@transaction.atomic
def participation_give_notice(
    *,
    participation: Participation,
    actor,
    notice_on: dt.date,
    reasons: str,
    effective_on: dt.date | None = None,
    letter: UploadedFile | None = None,
) -> Participation:
    """Give written notice with reasons; refuse an effective date earlier than the agreement allows."""
    _require_status(participation, Status.ACTIVE)
    if not reasons.strip():
        raise ValidationError({"reasons": _("A notice of termination must give reasons (art. 73).")})
    if notice_on > timezone.localdate():
        raise ValidationError({"notice_on": _("Notice cannot be dated in the future.")})
    allowed = [
        d
        for d in termination_window(participation=participation, notice_on=notice_on)
        if d > timezone.localdate()
    ]
    if not allowed:
        raise ValidationError({"notice_on": _("A termination cannot take effect in the past.")})
    effective_on = effective_on or allowed[0]
    if effective_on < allowed[0]:
        raise ValidationError(
            {
                "effective_on": _("The earliest date this notice can take effect is %(date)s.")
                % {"date": date_format(allowed[0])}
            }
        )
    if effective_on not in allowed:
        raise ValidationError(
            {"effective_on": _("A termination takes effect at the start of an agreement year.")}
        )
    participation.status = Status.NOTICE_GIVEN
    participation.notice_given_on = notice_on
    participation.notice_reasons = reasons
    participation.ends_on = effective_on
    participation.save(update_fields=["status", "notice_given_on", "notice_reasons", "ends_on"])
    _event(
        participation,
        Event.NOTICE_GIVEN,
        actor=actor,
        on=notice_on,
        note=reasons,
        document=letter,
        on_behalf_of=participation.organization,
    )
    obligations_sync(agreement=participation.agreement)
    notify_by_email(
        recipients=secretariat_emails(),
        subject=_("Notice of termination: %(org)s") % {"org": participation.organization.name},
        body=_("%(org)s gave notice on %(on)s; its participation ends on %(end)s.\n\n%(reasons)s")
        % {
            "org": participation.organization.name,
            "on": date_format(notice_on),
            "end": date_format(effective_on),
            "reasons": reasons,
        },
    )
    return participation


@transaction.atomic
def participation_remind(
    *, participation: Participation, actor, reminded_on: dt.date, note: str
) -> Participation:
    """Art. 76: the core group reminds a party that does not follow its ruling."""
    _require_status(participation, *ACTIVE_STATUSES)
    if not note.strip():
        raise ValidationError({"note": _("Say which ruling of the core group is not being followed.")})
    if reminded_on > timezone.localdate():
        raise ValidationError({"reminded_on": _("A reminder cannot be dated in the future.")})
    if participation.signed_on is None or reminded_on < participation.signed_on:
        raise ValidationError({"reminded_on": _("A reminder cannot be dated before the signature.")})
    participation.reminded_on = reminded_on
    participation.save(update_fields=["reminded_on"])
    _event(participation, Event.REMINDED, actor=actor, on=reminded_on, note=note)
    return participation


@transaction.atomic
def participation_remove(
    *, participation: Participation, actor, decided_on: dt.date, explanation: str
) -> Participation:
    """Art. 76-77: removal after a reminder, with a three-month term and a public short
    explanation; obligations run to the end of the agreement year in which it takes effect."""
    _require_status(participation, Status.ACTIVE, Status.NOTICE_GIVEN)
    if participation.reminded_on is None or participation.reminded_on > decided_on:
        raise ValidationError(_("A party can only be removed after it has been reminded (art. 76)."))
    if not explanation.strip():
        raise ValidationError(
            {"explanation": _("A removal is made public with a short explanation (art. 77).")}
        )
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    agreement = participation.agreement
    term = int(agreement.setting("removal", "term_months", default=3))
    ends_on = add_months(decided_on, term)
    if participation.ends_on is not None and participation.ends_on < ends_on:
        ends_on = participation.ends_on
    year = agreement.year_on(ends_on - dt.timedelta(days=1))
    if year is None:
        raise ValidationError(
            {"decided_on": _("The removal would take effect outside the agreement's term.")}
        )
    participation.status = Status.REMOVAL_PENDING
    participation.ends_on = ends_on
    participation.removal_explanation = explanation
    participation.obligations_until = year.end_date
    participation.save(update_fields=["status", "ends_on", "removal_explanation", "obligations_until"])
    _event(participation, Event.REMOVAL_DECIDED, actor=actor, on=decided_on, note=explanation)
    obligations_sync(agreement=agreement)
    return participation


@transaction.atomic
def confidentiality_agreement_record(
    *,
    agreement: Agreement,
    organization: Organization,
    scope: str,
    signed_by_name: str,
    signed_on: dt.date,
    actor,
    signed_by=None,
    valid_until: dt.date | None = None,
    description: str = "",
    document: UploadedFile | None = None,
) -> ConfidentialityAgreement:
    if signed_on > timezone.localdate():
        raise ValidationError(
            {"signed_on": _("A confidentiality agreement can only be recorded once signed.")}
        )
    if valid_until and valid_until < signed_on:
        raise ValidationError({"valid_until": _("It cannot expire before it was signed.")})
    if signed_by is not None and signed_by.organization_id != organization.pk:
        raise ValidationError({"signed_by": _("The signer must belong to the organization.")})
    ca = ConfidentialityAgreement(
        agreement=agreement,
        organization=organization,
        scope=scope,
        signed_by_name=signed_by_name,
        signed_by=signed_by,
        signed_on=signed_on,
        valid_until=valid_until,
        description=description,
        document=document or "",
        recorded_by=actor,
    )
    ca.full_clean()
    ca.save()
    return ca


@transaction.atomic
def confidentiality_agreement_revoke(
    *, confidentiality_agreement: ConfidentialityAgreement, revoked_on: dt.date
) -> ConfidentialityAgreement:
    if revoked_on < confidentiality_agreement.signed_on:
        raise ValidationError(_("It cannot be revoked before it was signed."))
    confidentiality_agreement.revoked_on = revoked_on
    confidentiality_agreement.save(update_fields=["revoked_on"])
    return confidentiality_agreement


GRIEVANCE_FIELDS = (
    "description",
    "url",
    "contact",
    "languages",
    "open_to_third_parties",
    "aligned_with_ungp",
)


def grievance_mechanism_save(*, organization: Organization, data: dict, actor) -> GrievanceMechanism:
    """Art. 85: a mechanism open to third parties must say how they reach it."""
    if not organization.is_company:
        raise ValidationError(_("Only companies record a grievance mechanism."))
    if not (data.get("description") or "").strip():
        raise ValidationError({"description": _("Describe how the mechanism works.")})
    if data.get("open_to_third_parties") and not (data.get("url") or (data.get("contact") or "").strip()):
        raise ValidationError(
            {"contact": _("Say how third parties reach the mechanism: a web page or a contact.")}
        )
    mechanism, _created = GrievanceMechanism.objects.update_or_create(
        organization=organization,
        defaults={
            **{name: data.get(name, "") or "" for name in GRIEVANCE_FIELDS[:4]},
            **{name: bool(data.get(name)) for name in GRIEVANCE_FIELDS[4:]},
            "updated_by": actor,
        },
    )
    return mechanism
