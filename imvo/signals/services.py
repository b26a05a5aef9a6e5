"""Taking a signal from report to dialogue (art. 23): screening, finding the site in the registry,
pointing each company that buys there at it, the dialogue, and closing or escalating it."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from imvo.agreements.models import Agreement
from imvo.core.countries import country_name
from imvo.core.files import sha256_of
from imvo.core.services import notify_by_email
from imvo.organizations.models import Organization
from imvo.organizations.selectors import secretariat_emails
from imvo.signals.models import Event, Evidence, Message, Notice, Signal, follow_digest
from imvo.signals.selectors import companies_buying_there, reporting_clause

MAX_FILES = 10
MAX_FILE_BYTES = 20 * 1024 * 1024
OPEN = (
    Signal.Status.RECEIVED,
    Signal.Status.UNDER_REVIEW,
    Signal.Status.COMPANIES_NOTIFIED,
    Signal.Status.IN_DIALOGUE,
)
SIGNAL_FIELDS = (
    "theme",
    "description",
    "occurred",
    "urgency",
    "early_warning",
    "site_name",
    "site_address",
    "site_city",
    "site_region",
    "site_country",
    "latitude",
    "longitude",
    "anonymous_to_companies",
)


def _created(**fields) -> Signal:
    """A new signal under the next free reference (S-2026-0007); two reports at the same moment
    take the next number rather than fail."""
    prefix = f"S-{timezone.localdate().year}-"
    number = Signal.objects.filter(reference__startswith=prefix).count() + 1
    for _attempt in range(20):
        try:
            with transaction.atomic():
                return Signal.objects.create(reference=f"{prefix}{number:04d}", **fields)
        except IntegrityError:
            number += 1
    raise RuntimeError("no free signal reference")


def _event(signal: Signal, kind: str, *, actor=None, note: str = "", for_reporter: bool = True) -> Event:
    return Event.objects.create(signal=signal, kind=kind, note=note, for_reporter=for_reporter, actor=actor)


def _check_files(files: list) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError({"evidence": _("Send at most %(n)d files.") % {"n": MAX_FILES}})
    for f in files:
        if f.size > MAX_FILE_BYTES:
            raise ValidationError(
                {
                    "files": _("%(name)s is larger than 20 MB; send it to the secretariat another way.")
                    % {"name": f.name}
                }
            )


def _store_files(signal: Signal, files: list, *, shareable: bool) -> None:
    for f in files:
        Evidence.objects.create(
            signal=signal,
            file=f,
            original_name=f.name[:255],
            sha256=sha256_of(f),
            size=f.size,
            share_with_companies=shareable,
        )


def _site_line(signal: Signal) -> str:
    return ", ".join(filter(None, [signal.site_city, country_name(signal.site_country)]))


def _tell_secretariat(signal: Signal) -> None:
    with override("nl"):
        notify_by_email(
            recipients=secretariat_emails(),
            subject=_("New signal %(ref)s") % {"ref": signal.reference},
            body=_(
                "A signal about a site in %(where)s has come in (%(urgency)s). Open it in the platform under Signals."
            )
            % {"where": _site_line(signal), "urgency": signal.get_urgency_display()},
        )


@transaction.atomic
def signal_report(
    *, agreement: Agreement, actor, data: dict, files: Iterable = (), shareable: bool = False
) -> Signal:
    """An NGO or union that is party reports under its confidentiality clause: taken up at once."""
    clause = reporting_clause(organization=actor.organization, agreement=agreement)
    if clause is None:
        raise ValidationError(
            _(
                "Only an NGO or union that is party and has signed the confidentiality clause of art. 23 can report here; use the public form."
            )
        )
    files = list(files)
    _check_files(files)
    signal = _created(
        agreement=agreement,
        channel=Signal.Channel.ACCOUNT,
        status=Signal.Status.RECEIVED,
        reporter_organization=actor.organization,
        reporter_user=actor,
        reporter_name=actor.full_name,
        reporter_email=actor.email,
        confidentiality_agreement=clause,
        **{k: data[k] for k in SIGNAL_FIELDS if k in data},
    )
    _store_files(signal, files, shareable=shareable)
    _event(signal, Event.Kind.REPORTED, actor=actor)
    if signal.early_warning:
        _to_agenda(signal, actor)
    _tell_secretariat(signal)
    return signal


@transaction.atomic
def signal_report_public(
    *,
    agreement: Agreement,
    data: dict,
    reporter: dict,
    files: Iterable = (),
    shareable: bool = False,
    follow_link: Callable[[str], str] = str,
) -> tuple[Signal, str]:
    """Anyone — a local partner without an account — reports; the secretariat screens it first.
    Returns the signal and the secret with which the reporter follows it (stored only as a digest)."""
    if not (reporter.get("reporter_name") or reporter.get("reporter_affiliation")):
        raise ValidationError(
            {"reporter_name": _("Tell us who you are, or which organization you are from.")}
        )
    files = list(files)
    _check_files(files)
    token = secrets.token_urlsafe(24)
    signal = _created(
        agreement=agreement,
        channel=Signal.Channel.PUBLIC_FORM,
        status=Signal.Status.SCREENING,
        follow_digest=follow_digest(token),
        reporter_name=reporter.get("reporter_name", ""),
        reporter_email=reporter.get("reporter_email", ""),
        reporter_affiliation=reporter.get("reporter_affiliation", ""),
        **{k: data[k] for k in SIGNAL_FIELDS if k in data},
    )
    _store_files(signal, files, shareable=shareable)
    _event(signal, Event.Kind.REPORTED)
    _tell_secretariat(signal)
    with override("nl"):
        notify_by_email(
            secret=True,
            recipients=[signal.reporter_email],
            subject=_("Your signal %(ref)s has been received") % {"ref": signal.reference},
            body=_(
                "Thank you for your signal. The secretariat of the sector agreement screens it and tells you "
                "what it does with it. Follow it, and answer questions, with this link; keep it to yourself:\n%(link)s\n"
            )
            % {"link": follow_link(token)},
        )
    return signal, token


def signal_by_token(token: str) -> Signal | None:
    if not token or len(token) > 64:
        return None
    return Signal.objects.filter(follow_digest=follow_digest(token)).first()


def _to_agenda(signal: Signal, actor) -> None:
    """Art. 60g: an early warning reaches the core group's agenda — the abuse and the place, never
    the companies."""
    from imvo.governance.services import agenda_item_add
    from imvo.risks.method import method

    theme = method().theme(signal.theme) if signal.theme else None
    with override("nl"):
        title = _("Early warning %(ref)s: %(theme)s in %(where)s") % {
            "ref": signal.reference,
            "theme": theme.name if theme else _("abuse"),
            "where": country_name(signal.site_country),
        }
    agenda_item_add(
        agreement=signal.agreement,
        title=title[:200],
        summary=signal.description,
        kind="early_warning",
        actor=actor,
        source=signal,
    )
    _event(signal, Event.Kind.ON_AGENDA, actor=actor)


def _require(signal: Signal, *statuses: str) -> None:
    if signal.status not in statuses:
        raise ValidationError(
            _("This cannot be done while the signal is %(status)s.") % {"status": signal.get_status_display()}
        )


@transaction.atomic
def signal_screen(*, signal: Signal, accept: bool, note: str, actor) -> Signal:
    """The secretariat takes up a report from the public form, or says why not (the reporter reads it)."""
    _require(signal, Signal.Status.SCREENING)
    if accept:
        signal.status = Signal.Status.RECEIVED
        signal.save(update_fields=["status"])
        _event(signal, Event.Kind.ACCEPTED, actor=actor, note=note)
        if signal.early_warning:
            _to_agenda(signal, actor)
        return signal
    if not note.strip():
        raise ValidationError({"note": _("Tell the reporter why the signal is not taken up.")})
    signal.status = Signal.Status.NOT_PURSUED
    signal.screening_note = note
    signal.closed_at = timezone.now()
    signal.save(update_fields=["status", "screening_note", "closed_at"])
    _event(signal, Event.Kind.NOT_PURSUED, actor=actor, note=note)
    _tell_reporter(
        signal,
        _("Your signal %(ref)s will not be taken up: %(note)s") % {"ref": signal.reference, "note": note},
    )
    return signal


@transaction.atomic
def signal_identify_site(*, signal: Signal, facility, actor) -> Signal:
    """The secretariat confirms which registry site the report is about; the review has begun."""
    _require(signal, Signal.Status.RECEIVED, Signal.Status.UNDER_REVIEW)
    while facility.merged_into_id:
        facility = facility.merged_into
    signal.facility = facility
    fields = ["facility"]
    if signal.status == Signal.Status.RECEIVED:
        signal.status = Signal.Status.UNDER_REVIEW
        fields.append("status")
        _event(signal, Event.Kind.REVIEW_STARTED, actor=actor)
    signal.save(update_fields=fields)
    _event(signal, Event.Kind.SITE_IDENTIFIED, actor=actor, note=str(facility), for_reporter=False)
    return signal


@transaction.atomic
def signal_start_review(*, signal: Signal, actor) -> Signal:
    """Under review without a registry site: the site may be unknown to the registry."""
    _require(signal, Signal.Status.RECEIVED)
    signal.status = Signal.Status.UNDER_REVIEW
    signal.save(update_fields=["status"])
    _event(signal, Event.Kind.REVIEW_STARTED, actor=actor)
    return signal


def _company_emails(organization: Organization) -> list[str]:
    return list(organization.members.filter(is_active=True).values_list("email", flat=True))


@transaction.atomic
def signal_notify(*, signal: Signal, organizations: Iterable[Organization], actor) -> list[Notice]:
    """Point each company that buys from the site at the signal, each in its own thread; no message
    names another company."""
    _require(signal, Signal.Status.UNDER_REVIEW, Signal.Status.COMPANIES_NOTIFIED, Signal.Status.IN_DIALOGUE)
    chosen = {o.pk: o for o in organizations}
    if not chosen:
        raise ValidationError({"organizations": _("Choose the companies to notify.")})
    buying = {o.pk for o in companies_buying_there(signal)}
    strangers = [str(o) for pk, o in chosen.items() if pk not in buying]
    if strangers:
        raise ValidationError(
            {"organizations": _("%(names)s do not list this site.") % {"names": ", ".join(strangers)}}
        )
    already = set(signal.notices.values_list("organization_id", flat=True))
    notices = [
        Notice.objects.create(signal=signal, organization=o, notified_by=actor)
        for pk, o in chosen.items()
        if pk not in already
    ]
    if not notices:
        raise ValidationError({"organizations": _("These companies have been notified already.")})
    if signal.status == Signal.Status.UNDER_REVIEW:
        signal.status = Signal.Status.COMPANIES_NOTIFIED
        signal.save(update_fields=["status"])
        _event(signal, Event.Kind.COMPANIES_NOTIFIED, actor=actor)
    _event(
        signal,
        Event.Kind.COMPANIES_NOTIFIED,
        actor=actor,
        note=", ".join(str(n.organization) for n in notices),
        for_reporter=False,
    )
    for notice in notices:
        with override("nl"):
            notify_by_email(
                recipients=_company_emails(notice.organization),
                subject=_("A signal about a site you buy from (%(ref)s)") % {"ref": signal.reference},
                body=_(
                    "The secretariat points you at a signal about %(site)s in %(where)s, which is on your "
                    "production-location list. Read it and answer the reporter in the platform under Signals."
                )
                % {"site": signal.site_name, "where": _site_line(signal)},
            )
    return notices


def _next_label(signal: Signal) -> str:
    taken = set(signal.notices.exclude(label="").values_list("label", flat=True))
    letters = list(string.ascii_uppercase) + [
        a + b for a in string.ascii_uppercase for b in string.ascii_uppercase
    ]
    return next(letter for letter in letters if letter not in taken)


def _tell_reporter(signal: Signal, text: str) -> None:
    if signal.reporter_organization is not None:
        recipients = list(
            signal.reporter_organization.members.filter(is_active=True).values_list("email", flat=True)
        )
    else:
        recipients = [signal.reporter_email]
    with override("nl"):
        notify_by_email(
            recipients=recipients,
            subject=_("News about your signal %(ref)s") % {"ref": signal.reference},
            body=text
            + "\n\n"
            + _("Follow the signal with the link you received when you reported it, or after logging in."),
        )


@transaction.atomic
def message_post(
    *, signal: Signal, side: str, author, text: str, notice: Notice | None = None, private: bool = False
) -> Message:
    """A message in the reporter's thread with the secretariat, or in one company's thread. A
    company's first message to the reporter opens its thread to them under a letter."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a message.")})
    if signal.is_closed:
        raise ValidationError(_("The signal is closed."))
    if notice is not None and notice.signal_id != signal.pk:
        raise ValidationError(_("This thread belongs to another signal."))
    if side == Message.Side.REPORTER:
        if notice is not None and not notice.label:
            raise ValidationError(_("This company has not written to you yet."))
        private = False
    elif side == Message.Side.COMPANY:
        if notice is None:
            raise ValidationError(_("A company writes in its own thread."))
    elif side == Message.Side.SECRETARIAT:
        if notice is not None and not notice.label:
            private = True
    else:
        raise ValidationError(_("Unknown sender."))
    if notice is None:
        private = False
    Signal.objects.select_for_update().filter(pk=signal.pk).exists()
    message = Message.objects.create(
        signal=signal, notice=notice, side=side, author=author, text=text, private=private
    )
    if side == Message.Side.COMPANY and not private and notice is not None and not notice.label:
        notice.label = _next_label(signal)
        notice.save(update_fields=["label"])
        if signal.status == Signal.Status.COMPANIES_NOTIFIED:
            signal.status = Signal.Status.IN_DIALOGUE
            signal.save(update_fields=["status"])
            _event(signal, Event.Kind.DIALOGUE_STARTED, actor=author)
    _announce(message)
    return message


def _announce(message: Message) -> None:
    signal, notice = message.signal, message.notice
    if message.side != Message.Side.REPORTER and not message.private and (notice is None or notice.label):
        _tell_reporter(
            signal, _("There is a new message about your signal %(ref)s.") % {"ref": signal.reference}
        )
    if notice is not None and message.side != Message.Side.COMPANY:
        with override("nl"):
            notify_by_email(
                recipients=_company_emails(notice.organization),
                subject=_("New message about signal %(ref)s") % {"ref": signal.reference},
                body=_("Read it in the platform under Signals."),
            )
    if message.side != Message.Side.SECRETARIAT:
        with override("nl"):
            notify_by_email(
                recipients=secretariat_emails(),
                subject=_("New message about signal %(ref)s") % {"ref": signal.reference},
                body=_("Read it in the platform under Signals."),
            )


@transaction.atomic
def notice_respond(*, notice: Notice, response: str, actor) -> Notice:
    if response not in Notice.Response.values:
        raise ValidationError({"response": _("Choose a response.")})
    if notice.signal.is_closed:
        raise ValidationError(_("The signal is closed."))
    notice.response = response
    notice.save(update_fields=["response"])
    _event(
        notice.signal,
        Event.Kind.COMPANY_RESPONDED,
        actor=actor,
        note=f"{notice.organization}: {notice.get_response_display()}",
        for_reporter=False,
    )
    return notice


@transaction.atomic
def notice_show_name(*, notice: Notice, actor) -> Notice:
    """The company itself chooses to tell the reporter who it is; nobody else can."""
    if notice.named_at:
        return notice
    if not notice.label:
        raise ValidationError(_("Write to the reporter first; then you can tell them your name."))
    notice.named_at = timezone.now()
    notice.save(update_fields=["named_at"])
    _event(
        notice.signal,
        Event.Kind.COMPANY_NAMED,
        actor=actor,
        note=_("Company %(letter)s") % {"letter": notice.label},
    )
    return notice


def notice_mark_read(*, notice: Notice) -> None:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])


@transaction.atomic
def signal_resolve(*, signal: Signal, resolution: str, actor) -> Signal:
    _require(signal, *OPEN)
    if not resolution.strip():
        raise ValidationError(
            {"resolution": _("Describe how the signal was resolved; the reporter reads it.")}
        )
    signal.status = Signal.Status.RESOLVED
    signal.resolution = resolution
    signal.closed_at = timezone.now()
    signal.save(update_fields=["status", "resolution", "closed_at"])
    _event(signal, Event.Kind.RESOLVED, actor=actor, note=resolution)
    _tell_reporter(
        signal,
        _("Your signal %(ref)s has been resolved: %(note)s") % {"ref": signal.reference, "note": resolution},
    )
    return signal


@transaction.atomic
def signal_escalate(*, signal: Signal, reason: str, actor):
    """A systemic issue, or one that concerns several companies, becomes a proposed collective
    project (art. 23) put to the core group: the abuse, the place and the reason — no company."""
    from imvo.projects.services import project_from_signal

    _require(signal, *OPEN)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this calls for a collective project.")})
    project = project_from_signal(signal=signal, reason=reason, actor=actor)
    proposal = project.proposal
    signal.status = Signal.Status.ESCALATED
    signal.resolution = reason
    signal.closed_at = timezone.now()
    signal.save(update_fields=["status", "resolution", "closed_at"])
    _event(signal, Event.Kind.ESCALATED, actor=actor, note=reason)
    _tell_reporter(
        signal,
        _("Your signal %(ref)s has been put to the core group as a proposal for a collective project.")
        % {"ref": signal.reference},
    )
    return proposal
