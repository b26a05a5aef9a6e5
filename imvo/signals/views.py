"""Signal pages. One page per signal, cut to the reader: the secretariat's with the registry and the
companies, a company's with its own thread, the reporter's with the status and the threads
companies opened to it. Actions post to the same page, so a refused form keeps what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from imvo.accounts.roles import Role, roles_of
from imvo.audit.services import record_access
from imvo.core.views_helpers import (
    apply_errors,
    current_agreement,
    on_valid,
    page,
    query_int,
    require_perm,
    step,
)
from imvo.signals import selectors, services
from imvo.signals.forms import (
    CloseForm,
    MessageForm,
    NotifyForm,
    PublicSignalForm,
    ResponseForm,
    ScreenForm,
    SignalForm,
    SiteForm,
)
from imvo.signals.models import Evidence, Message, Notice, Signal
from imvo.supply_chain.models import Facility


def _owner(signal: Signal):
    return lambda obj: signal.reporter_organization_id


def _facts(signal: Signal) -> dict:
    from imvo.risks.method import method

    theme = method().theme(signal.theme) if signal.theme else None
    return {"signal": signal, "theme": theme.name if theme else ""}


@login_required
def index(request):
    require_perm(request, "signals.view_index")
    agreement = current_agreement(request)
    signals = selectors.signals_visible_to(user=request.user, agreement=agreement)
    status = request.GET.get("status", "")
    is_secretariat = Role.SECRETARIAT in roles_of(request.user)
    if status in Signal.Status.values and is_secretariat:
        signals = signals.filter(status=status)
    signals = list(signals)
    notices = {
        n.signal_id: n
        for n in Notice.objects.filter(signal__in=signals, organization_id=request.user.organization_id)
    }
    for signal in signals:
        own = notices.get(signal.pk)
        signal.status_label = (
            selectors.status_for_company(signal, own) if own is not None else signal.get_status_display()
        )
    return page(
        request,
        "signals/index.html",
        {
            "signals": signals,
            "status": status,
            "statuses": Signal.Status.choices,
            "is_secretariat": is_secretariat,
            "may_report": request.user.has_perm("signals.report", agreement),
        },
    )


def _form_response(request, form, template, context):
    context["form"] = form
    return page(request, template, context, form)


@login_required
def report(request):
    agreement = current_agreement(request)
    require_perm(request, "signals.report", agreement)
    form = SignalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.signal_report(
                agreement=agreement,
                actor=request.user,
                data=form.signal_data(),
                files=form.cleaned_data["evidence"],
                shareable=form.cleaned_data["shareable"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Your signal %(ref)s has been received.") % {"ref": signal.reference})
            return redirect("signals:detail", signal.pk)
    return _form_response(request, form, "signals/report.html", {"public": False})


def report_public(request):
    """The public form: no login, screened by the secretariat before anything else happens."""
    agreement = current_agreement(request)
    form = PublicSignalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            signal, token = services.signal_report_public(
                agreement=agreement,
                data=form.signal_data(),
                reporter=form.reporter(),
                files=form.cleaned_data["evidence"],
                shareable=form.cleaned_data["shareable"],
                follow_link=lambda t: request.build_absolute_uri(reverse("signals:follow", args=[t])),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            link = request.build_absolute_uri(reverse("signals:follow", args=[token]))
            messages.success(
                request,
                _(
                    "Your signal %(ref)s has been received. Keep this link to yourself: it is your way back to "
                    "the signal, and it is shown only this once: %(link)s"
                )
                % {"ref": signal.reference, "link": link},
            )
            request.session[FOLLOWED] = [*request.session.get(FOLLOWED, [])[-19:], signal.pk]
            return redirect("signals:followed", signal.pk)
    return _form_response(request, form, "signals/report.html", {"public": True})


def _reporter_context(signal: Signal) -> dict:
    return {
        **_facts(signal),
        "events": selectors.events_for_reporter(signal),
        "threads": selectors.threads_for_reporter(signal),
        "evidence": signal.evidence.all(),
    }


def _reporter_message(request, signal: Signal, context: dict):
    """A reporter writes to the secretariat or to a company that wrote to it."""
    form = MessageForm(request.POST)
    notice = None
    thread = request.POST.get("thread", "") or "s"
    if thread != "s":
        if not (thread.isalpha() and len(thread) <= 2):
            raise Http404
        notice = signal.notices.filter(label=thread).first()
        if notice is None:
            raise Http404
    if form.is_valid():
        try:
            services.message_post(
                signal=signal,
                notice=notice,
                side=Message.Side.REPORTER,
                author=request.user if request.user.is_authenticated else None,
                text=form.cleaned_data["text"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Your message has been sent."))
            return None
    context["message_form"], context["message_thread"] = form, thread
    return form


FOLLOWED = "signals_followed"


def follow(request, token: str):
    """The public reporter's secret link: traded at once for a mark in the session and a page
    without the secret in its address, so it appears in no later log line or referrer."""
    signal = services.signal_by_token(token)
    if signal is None:
        raise Http404
    followed = [pk for pk in request.session.get(FOLLOWED, []) if pk != signal.pk]
    request.session[FOLLOWED] = [*followed[-19:], signal.pk]
    return redirect("signals:followed", signal.pk)


def _followed(request, pk: int) -> Signal:
    if pk not in request.session.get(FOLLOWED, []):
        raise Http404
    signal = Signal.objects.filter(pk=pk, channel=Signal.Channel.PUBLIC_FORM).first()
    if signal is None:
        raise Http404
    return signal


def followed(request, pk: int):
    signal = _followed(request, pk)
    context = {**_reporter_context(signal), "public": True}
    if request.method == "POST":
        form = _reporter_message(request, signal, context)
        if form is None:
            return redirect("signals:followed", signal.pk)
        return page(request, "signals/reporter.html", context, form)
    return page(request, "signals/reporter.html", context)


def _signal(request, pk: int) -> Signal:
    signal = Signal.objects.filter(pk=pk, agreement=current_agreement(request)).first()
    if signal is None or not request.user.has_perm("signals.view_signal", signal):
        raise Http404
    return signal


@login_required
def detail(request, pk: int):
    signal = _signal(request, pk)
    if request.user.has_perm("signals.handle"):
        return _secretariat(request, signal)
    notice = signal.notices.filter(organization_id=request.user.organization_id).first()
    if notice is not None:
        return _company(request, signal, notice)
    context = _reporter_context(signal)
    if request.method == "POST":
        form = _reporter_message(request, signal, context)
        if form is None:
            return redirect("signals:detail", signal.pk)
        return page(request, "signals/reporter.html", context, form)
    return page(request, "signals/reporter.html", context)


def _company(request, signal: Signal, notice: Notice):
    record_access(actor=request.user, objects=[signal], what="signal", owner_org_id=_owner(signal))
    services.notice_mark_read(notice=notice)
    here = reverse("signals:detail", args=[signal.pk])
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "show_name":
        return step(
            request,
            lambda: services.notice_show_name(notice=notice, actor=request.user),
            _("The reporter now sees your name."),
            here,
        )
    if action not in (None, "message", "respond"):
        raise Http404
    message_form = MessageForm(request.POST if action == "message" else None, allow_private=True)
    response_form = ResponseForm(
        request.POST if action == "respond" else None, initial={"response": notice.response}
    )
    done = on_valid(
        request,
        message_form,
        lambda d: services.message_post(
            signal=signal,
            notice=notice,
            side=Message.Side.COMPANY,
            author=request.user,
            text=d["text"],
            private=d.get("private", False),
        ),
        _("Your message has been sent."),
        here,
    ) or on_valid(
        request,
        response_form,
        lambda d: services.notice_respond(notice=notice, response=d["response"], actor=request.user),
        _("Your response has been recorded."),
        here,
    )
    if done:
        return done
    context = {
        **_facts(signal),
        "reporter_label": selectors.reporter_for_company(signal),
        "notice": notice,
        "thread": selectors.thread_for_company(signal, notice),
        "evidence": selectors.evidence_for_company(signal),
        "message_form": message_form,
        "message_thread": str(notice.pk),
        "status_label": selectors.status_for_company(signal, notice),
        "response_form": response_form,
    }
    failed = message_form if action == "message" else response_form if action == "respond" else None
    return page(request, "signals/company.html", context, failed)


def _secretariat(request, signal: Signal):
    record_access(actor=request.user, objects=[signal], what="signal", owner_org_id=_owner(signal))
    here = reverse("signals:detail", args=[signal.pk])
    candidates = None
    companies: list = []
    if signal.status in (Signal.Status.RECEIVED, Signal.Status.UNDER_REVIEW) and signal.facility_id is None:
        candidates = selectors.site_candidates(signal)
    if signal.facility_id:
        companies = selectors.companies_buying_there(signal)
        record_access(
            actor=request.user,
            objects=companies,
            what="companies buying from a reported site",
            owner_org_id=lambda org: org.pk,
        )
    notified = set(signal.notices.values_list("organization_id", flat=True))
    to_notify = [c for c in companies if c.pk not in notified]
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "start_review":
        return step(
            request,
            lambda: services.signal_start_review(signal=signal, actor=request.user),
            _("The review has started."),
            here,
        )
    posted = request.POST if action else None
    forms: dict[str, Form] = {
        "screen": ScreenForm(posted if action == "screen" else None),
        "site": SiteForm(
            posted if action == "site" else None, candidates=candidates.facilities if candidates else ()
        ),
        "notify": NotifyForm(posted if action == "notify" else None, companies=to_notify),
        "resolve": CloseForm(posted if action == "resolve" else None, prefix="resolve"),
        "escalate": CloseForm(posted if action == "escalate" else None, prefix="escalate"),
        "message": MessageForm(posted if action == "message" else None, allow_private=True),
    }
    if action and action not in forms:
        raise Http404
    message_thread = (request.POST.get("thread", "") or "s") if action == "message" else None
    notice = None
    if message_thread not in (None, "s"):
        number = query_int(message_thread or "")
        notice = signal.notices.filter(pk=number).first() if number is not None else None
        if notice is None:
            raise Http404
    runs = {
        "screen": (
            lambda d: services.signal_screen(
                signal=signal, accept=d["accept"], note=d["note"], actor=request.user
            ),
            _("The screening has been recorded."),
        ),
        "site": (
            lambda d: services.signal_identify_site(
                signal=signal, facility=Facility.objects.get(pk=d["facility"]), actor=request.user
            ),
            _("The site has been identified."),
        ),
        "notify": (
            lambda d: services.signal_notify(
                signal=signal,
                organizations=[c for c in to_notify if str(c.pk) in d["organizations"]],
                actor=request.user,
            ),
            _("The companies have been notified."),
        ),
        "resolve": (
            lambda d: services.signal_resolve(signal=signal, resolution=d["text"], actor=request.user),
            _("The signal has been resolved."),
        ),
        "escalate": (
            lambda d: services.signal_escalate(signal=signal, reason=d["text"], actor=request.user),
            _("The signal has been put to the core group as a proposal for a collective project."),
        ),
        "message": (
            lambda d: services.message_post(
                signal=signal,
                notice=notice,
                side=Message.Side.SECRETARIAT,
                private=d.get("private", False),
                author=request.user,
                text=d["text"],
            ),
            _("Your message has been sent."),
        ),
    }
    if action:
        run, message = runs[action]
        done = on_valid(request, forms[action], run, message, here)
        if done:
            return done
    context = {
        **_facts(signal),
        "reporter_full": selectors.reporter_for_secretariat(signal),
        "candidates": candidates,
        "companies": companies,
        "notified": notified,
        "threads": selectors.threads_for_secretariat(signal),
        "events": signal.events.select_related("actor"),
        "evidence": signal.evidence.all(),
        "forms": forms,
        "message_form": forms["message"],
        "message_thread": message_thread,
    }
    return page(request, "signals/secretariat.html", context, forms.get(action))


def _evidence_file(request, signal: Signal, evidence_pk: int, *, allowed: bool):
    evidence = get_object_or_404(Evidence, pk=evidence_pk, signal=signal)
    if not allowed and not evidence.share_with_companies:
        raise PermissionDenied
    if request.user.is_authenticated:
        record_access(
            actor=request.user,
            objects=[signal],
            what=f"signal evidence {evidence.original_name}",
            owner_org_id=_owner(signal),
        )
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@login_required
def evidence(request, pk: int, evidence_pk: int):
    signal = _signal(request, pk)
    full = (
        request.user.has_perm("signals.handle")
        or signal.reporter_organization_id == request.user.organization_id
    )
    return _evidence_file(request, signal, evidence_pk, allowed=full)


def followed_evidence(request, pk: int, evidence_pk: int):
    return _evidence_file(request, _followed(request, pk), evidence_pk, allowed=True)
