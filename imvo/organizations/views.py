"""Pages for organizations, the membership lifecycle and confidentiality agreements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.accounts.forms import InvitationForm
from imvo.accounts.services import invitation_create
from imvo.agreements.selectors import CalendarFilter, company_obligation_list, size_class_for
from imvo.audit.services import record_access
from imvo.core.views_helpers import apply_errors, current_agreement, on_valid, page, require_perm
from imvo.finance.selectors import invoices_of
from imvo.organizations import forms as f
from imvo.organizations import selectors, services
from imvo.organizations.models import (
    ConfidentialityAgreement,
    Organization,
    Participation,
    ParticipationEvent,
)


@login_required
def organization_list(request):
    require_perm(request, "organizations.view_organization")
    agreement = current_agreement(request)
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()
    participants = selectors.participant_list(agreement=agreement, kind=kind, q=q, include_former=True)
    template = "organizations/_participant_rows.html" if request.htmx else "organizations/list.html"
    return render(
        request,
        template,
        {
            "agreement": agreement,
            "participants": participants,
            "kind": kind,
            "q": q,
            "kinds": Organization.Kind.choices,
        },
    )


def _visible_organization(request, pk: int) -> Organization:
    organization = selectors.organization_get(pk=pk)
    if organization is None or not selectors.organization_visible_to(
        organization=organization, user=request.user
    ):
        raise Http404
    return organization


@login_required
def organization_detail(request, pk: int):
    require_perm(request, "organizations.view_organization")
    organization = _visible_organization(request, pk)
    agreement = current_agreement(request)
    participation = selectors.participation_of(organization=organization, agreement=agreement)
    context: dict[str, object] = {
        "organization": organization,
        "agreement": agreement,
        "participation": participation,
    }
    if request.user.has_perm("organizations.view_organization_details", organization):
        record_access(actor=request.user, objects=[organization], what="organization details")
        context.update(
            details=True,
            size_class=size_class_for(agreement=agreement, fte=organization.fte),
            members=organization.members.filter(is_active=True),
            invitations=organization.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True),
            obligations=company_obligation_list(
                agreement=agreement,
                fetched_by=request.user,
                filters=CalendarFilter(organization=organization.pk),
            )
            if organization.is_company
            else [],
            confidentiality_agreements=selectors.confidentiality_agreement_list(
                fetched_by=request.user, organization=organization
            ),
            chain_labels=_labels(agreement, "chain_positions", organization.chain_positions),
            regime_label=_labels(agreement, "reporting_regimes", [organization.reporting_regime]),
            invoices=invoices_of(organization=organization, agreement=agreement)
            if organization.is_company
            else [],
        )
    if participation is not None:
        context["events"] = participation.events.select_related("actor", "on_behalf_of")
    return render(request, "organizations/detail.html", context)


def _labels(agreement, vocabulary: str, codes) -> list[str]:
    names = dict(agreement.vocabulary_choices(vocabulary))
    return [names.get(c, c) for c in codes if c]


@login_required
def organization_edit(request, pk: int):
    organization = _visible_organization(request, pk)
    require_perm(request, "organizations.change_organization", organization)
    record_access(actor=request.user, objects=[organization], what="organization details (edit)")
    agreement = current_agreement(request)
    can_change_kind = request.user.has_perm("organizations.add_organization")
    form = f.OrganizationForm(
        request.POST or None, instance=organization, agreement=agreement, can_change_kind=can_change_kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_save(organization=form.save(commit=False), agreement=agreement)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("The details have been saved."))
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "organizations/edit.html", {"form": form, "organization": organization})


@login_required
def organization_create(request):
    require_perm(request, "organizations.add_organization")
    agreement = current_agreement(request)
    form = f.OrganizationForm(request.POST or None, agreement=agreement)
    admit = f.AdmitForm(request.POST or None, prefix="admit", initial={"signed_on": agreement.start_date})
    if request.method == "POST" and form.is_valid() and admit.is_valid():
        try:
            from django.db import transaction

            with transaction.atomic():
                organization = services.organization_save(
                    organization=form.save(commit=False), agreement=agreement
                )
                services.participation_admit(
                    agreement=agreement,
                    organization=organization,
                    form=admit.cleaned_data["form"],
                    signed_on=admit.cleaned_data["signed_on"],
                    actor=request.user,
                    note=admit.cleaned_data["note"],
                )
        except ValidationError as e:
            names_admit_field = set(getattr(e, "error_dict", {})) & set(admit.fields)
            apply_errors(admit if names_admit_field else form, e)
        else:
            messages.success(
                request, _("%(org)s has been recorded as a participant.") % {"org": organization}
            )
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "organizations/create.html", {"form": form, "admit": admit})


@login_required
def invite(request, pk: int):
    organization = _visible_organization(request, pk)
    require_perm(request, "accounts.invite_to_organization", organization)
    form = InvitationForm(request.POST or None, can_make_admin=True)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_create(
                organization=organization,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("The invitation has been sent to %(email)s.") % form.cleaned_data)
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "organizations/invite.html", {"form": form, "organization": organization})


def apply(request):
    """The public application form (art. 70); no account needed."""
    agreement = current_agreement(request)
    form = f.ApplicationForm(request.POST or None, request.FILES or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participation = services.application_submit(
                agreement=agreement,
                organization=form.save(commit=False),
                form=data["form"],
                applicant_name=data["applicant_name"],
                applicant_email=data["applicant_email"],
                motivation=data["motivation"],
                motivation_letter=data.get("motivation_letter"),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            request.session["applied"] = participation.pk
            return redirect("organizations:applied")
    return render(request, "organizations/apply.html", {"form": form, "agreement": agreement})


def applied(request):
    return render(request, "organizations/applied.html", {"agreement": current_agreement(request)})


@login_required
def application_list(request):
    require_perm(request, "organizations.list_applications")
    agreement = current_agreement(request)
    applications = selectors.application_list(agreement=agreement, fetched_by=request.user)
    return render(
        request, "organizations/applications.html", {"applications": applications, "agreement": agreement}
    )


def _participation(request, pk: int, perm: str) -> Participation:
    participation = get_object_or_404(
        Participation.objects.select_related("organization", "agreement"), pk=pk
    )
    if not request.user.has_perm(
        "organizations.view_application", participation
    ) and not request.user.has_perm("organizations.view_organization_details", participation.organization):
        raise Http404
    require_perm(request, perm, participation)
    return participation


@login_required
def application_detail(request, pk: int):
    participation = _participation(request, pk, "organizations.view_application")
    if participation.status not in (
        Participation.Status.APPLIED,
        Participation.Status.APPROVED,
        Participation.Status.REJECTED,
    ):
        return redirect("organizations:detail", pk=participation.organization_id)
    record_access(actor=request.user, objects=[participation], what="application")
    today = timezone.localdate()
    return render(
        request,
        "organizations/application.html",
        {
            "participation": participation,
            "organization": participation.organization,
            "events": participation.events.select_related("actor", "on_behalf_of"),
            "hearing_pending": services.hearing_pending(participation),
            "hearing_form": f.NoteForm(auto_id="hearing_%s"),
            "hearing_held_form": f.HearingForm(initial={"held_on": today}, auto_id="heard_%s"),
            "decision_form": f.DecisionForm(initial={"decided_on": today}, auto_id="decision_%s"),
            "sign_form": f.SignForm(initial={"signed_on": today}, auto_id="sign_%s"),
        },
    )


def _lifecycle_step(request, pk, perm, form_class, run, template_title):
    """Run one lifecycle step from a small form; on error show the form again with what was typed."""
    participation = _participation(request, pk, perm)
    form = form_class(request.POST or None, request.FILES or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            run(participation, form.cleaned_data if form else {})
        except ValidationError as e:
            if form is None:
                messages.error(request, " ".join(e.messages))
                return redirect("organizations:application", pk=pk)
            apply_errors(form, e)
        else:
            messages.success(request, _("Recorded."))
            if participation.status in (
                Participation.Status.APPLIED,
                Participation.Status.APPROVED,
                Participation.Status.REJECTED,
            ):
                return redirect("organizations:application", pk=pk)
            return redirect("organizations:detail", pk=participation.organization_id)
    if request.method == "GET" and form is None:
        raise Http404
    return render(
        request,
        "organizations/step.html",
        {
            "participation": participation,
            "form": form,
            "title": template_title,
        },
    )


@login_required
@require_POST
def inform_parties(request, pk: int):
    return _lifecycle_step(
        request,
        pk,
        "organizations.inform_parties",
        None,
        lambda p, d: services.application_inform_parties(participation=p, actor=request.user),
        _("Inform the parties"),
    )


@login_required
def request_hearing(request, pk: int):
    return _lifecycle_step(
        request,
        pk,
        "organizations.request_hearing",
        f.NoteForm,
        lambda p, d: services.application_request_hearing(
            participation=p, actor=request.user, note=d["note"]
        ),
        _("Ask to hear the applicant"),
    )


@login_required
def record_hearing(request, pk: int):
    return _lifecycle_step(
        request,
        pk,
        "organizations.record_hearing",
        f.HearingForm,
        lambda p, d: services.application_record_hearing(
            participation=p, actor=request.user, held_on=d["held_on"], note=d["note"]
        ),
        _("Record the hearing"),
    )


@login_required
def decide(request, pk: int):
    return _lifecycle_step(
        request,
        pk,
        "organizations.decide_application",
        f.DecisionForm,
        lambda p, d: services.application_decide(
            participation=p,
            actor=request.user,
            approve=d["decision"] == "approve",
            decided_on=d["decided_on"],
            note=d["note"],
        ),
        _("Record the core group's decision"),
    )


@login_required
def sign(request, pk: int):
    return _lifecycle_step(
        request,
        pk,
        "organizations.record_signature",
        f.SignForm,
        lambda p, d: services.participation_sign(
            participation=p,
            actor=request.user,
            signed_on=d["signed_on"],
            base_url=request.build_absolute_uri("/"),
        ),
        _("Record the signature"),
    )


@login_required
def give_notice(request, pk: int):
    participation = _participation(request, pk, "organizations.give_notice")
    today = timezone.localdate()
    form = f.NoticeForm(request.POST or None, request.FILES or None, initial={"notice_on": today})
    if not request.user.has_perm("organizations.record_signature"):
        # Only the secretariat records a letter it received earlier; a party's notice is dated today.
        del form.fields["notice_on"]
    window, window_error = [], ""
    try:
        window = services.termination_window(participation=participation, notice_on=today)
    except ValidationError as e:
        window_error = " ".join(e.messages)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.participation_give_notice(
                participation=participation,
                actor=request.user,
                notice_on=d.get("notice_on") or today,
                reasons=d["reasons"],
                effective_on=d["effective_on"],
                letter=d["letter"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                _("The notice has been recorded; the participation ends on %(date)s.")
                % {"date": participation.ends_on},
            )
            return redirect("organizations:detail", pk=participation.organization_id)
    return render(
        request,
        "organizations/notice.html",
        {
            "participation": participation,
            "form": form,
            "window": window,
            "window_error": window_error,
        },
    )


@login_required
def remind(request, pk: int):
    return _lifecycle_step(
        request,
        pk,
        "organizations.remind_participant",
        f.ReminderForm,
        lambda p, d: services.participation_remind(
            participation=p, actor=request.user, reminded_on=d["reminded_on"], note=d["note"]
        ),
        _("Remind the party (art. 76)"),
    )


@login_required
def remove(request, pk: int):
    return _lifecycle_step(
        request,
        pk,
        "organizations.remove_participant",
        f.RemovalForm,
        lambda p, d: services.participation_remove(
            participation=p, actor=request.user, decided_on=d["decided_on"], explanation=d["explanation"]
        ),
        _("Remove the party (art. 76–77)"),
    )


@login_required
def confidentiality_agreements(request, pk: int):
    organization = _visible_organization(request, pk)
    require_perm(request, "organizations.view_confidentiality_agreements", organization)
    agreement = current_agreement(request)
    form = None
    if request.user.has_perm("organizations.record_confidentiality_agreement"):
        form = f.ConfidentialityAgreementForm(
            request.POST or None, request.FILES or None, organization=organization
        )
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.confidentiality_agreement_record(
                    agreement=agreement, organization=organization, actor=request.user, **d
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("The confidentiality agreement has been recorded."))
                return redirect("organizations:confidentiality", pk=organization.pk)
    elif request.method == "POST":
        raise PermissionDenied
    items = selectors.confidentiality_agreement_list(fetched_by=request.user, organization=organization)
    record_access(actor=request.user, objects=items, what="confidentiality agreement")
    return render(
        request,
        "organizations/confidentiality.html",
        {
            "organization": organization,
            "items": items,
            "form": form,
        },
    )


@login_required
def document(request, kind: str, pk: int):
    """Download an uploaded document, unaltered; every read by a non-owner is audited."""
    obj: Participation | ParticipationEvent | ConfidentialityAgreement
    if kind == "motivation":
        participation = _participation(request, pk, "organizations.view_application")
        owner, obj, file = participation.organization, participation, participation.motivation_letter
    elif kind == "event":
        event = get_object_or_404(
            ParticipationEvent.objects.select_related("participation__organization"), pk=pk
        )
        owner = event.participation.organization
        # Letters (notice, removal) are the organization's own: not for the parties or the core group.
        require_perm(request, "organizations.view_organization_details", owner)
        obj, file = event, event.document
    elif kind == "confidentiality":
        ca = get_object_or_404(ConfidentialityAgreement.objects.select_related("organization"), pk=pk)
        require_perm(request, "organizations.view_confidentiality_agreements", ca.organization)
        owner, obj, file = ca.organization, ca, ca.document
    else:
        raise Http404
    if not file:
        raise Http404
    record_access(actor=request.user, objects=[obj], what=f"document: {kind}", owner_org_id=owner.pk)
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=(file.name or "document").rsplit("/", 1)[-1]
    )


@login_required
def grievance_mechanism_edit(request, pk: int):
    organization = _visible_organization(request, pk)
    require_perm(request, "organizations.change_grievance_mechanism", organization)
    if not organization.is_company:
        raise Http404("Only companies record a grievance mechanism.")
    current = getattr(organization, "grievance_mechanism", None)
    initial = {name: getattr(current, name) for name in services.GRIEVANCE_FIELDS} if current else {}
    form = f.GrievanceMechanismForm(request.POST or None, initial=initial)
    done = on_valid(
        request,
        form,
        lambda data: services.grievance_mechanism_save(
            organization=organization, data=data, actor=request.user
        ),
        _("The grievance mechanism has been saved."),
        reverse("organizations:detail", args=[pk]),
    )
    return done or page(
        request, "organizations/grievance_mechanism.html", {"form": form, "organization": organization}, form
    )


def grievance_mechanisms(request):
    """Public: where third parties take complaints about a participating company's supply chain (art. 85)."""
    agreement = current_agreement(request)
    return render(
        request,
        "organizations/grievance_mechanisms.html",
        {"mechanisms": selectors.grievance_mechanisms(agreement=agreement), "agreement": agreement},
    )
