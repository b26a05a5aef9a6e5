"""Pages of production locations: a company's yearly list, the secretariat's review queue and
registry, the aggregated list with its map, and the requests of art. 22–24."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.audit.services import record_access
from imvo.core.views_helpers import agreement_year as _year
from imvo.core.views_helpers import apply_errors, current_agreement, query_int, require_perm
from imvo.core.views_helpers import on_valid as _on_valid
from imvo.core.views_helpers import page as _page
from imvo.core.views_helpers import step as _step
from imvo.supply_chain import presenters, selectors, services
from imvo.supply_chain.forms import (
    DecisionForm,
    LocationForm,
    LookupForm,
    MergeForm,
    NetworkForm,
    RestrictionDecisionForm,
    RestrictionForm,
    UploadForm,
)
from imvo.supply_chain.models import (
    AggregatedList,
    CompanyLookup,
    DisclosureRestriction,
    Facility,
    LocationList,
    NetworkExpertise,
    ProductionLocation,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = 200


def _list_or_404(request, pk: int, perm: str = "supply_chain.view_list") -> LocationList:
    """Another organization's list is not there for them (404); the secretariat may see but not change it."""
    location_list = selectors.list_get(pk=pk)
    if location_list is None or not request.user.has_perm("supply_chain.view_list", location_list):
        raise Http404
    require_perm(request, perm, location_list)
    return location_list


def _location_or_404(request, pk: int) -> ProductionLocation:
    location = get_object_or_404(ProductionLocation.objects.select_related("location_list"), pk=pk)
    _list_or_404(request, location.location_list_id, "supply_chain.change_list")
    return location


def _audit_list(request, location_list: LocationList, what: str) -> None:
    record_access(actor=request.user, objects=[location_list], what=what)


@login_required
def index(request):
    require_perm(request, "supply_chain.view_index")
    agreement = current_agreement(request)
    year = _year(agreement)
    org = request.user.organization
    context = {"year": year, "agreement": agreement}
    if request.user.has_perm("supply_chain.upload_list"):
        context["current"] = selectors.current_list(organization=org, year=year)
        context["history"] = selectors.lists_visible_to(user=request.user, agreement=agreement).exclude(
            status=LocationList.Status.SUPERSEDED
        )
        context["upload_form"] = UploadForm()
    if request.user.has_perm("supply_chain.review"):
        context["overview"] = presenters.secretariat_overview(agreement=agreement, year=year)
        context["counts"] = selectors.registry_counts(agreement=agreement)
    context["may_ask_lookup"] = request.user.has_perm("supply_chain.ask_lookup", agreement)
    return render(request, "supply_chain/index.html", context)


def template_download(request):
    """The empty template, in the language asked for; public so suppliers can be sent the link."""
    from imvo.supply_chain.parsing import template_workbook

    language = request.GET.get("lang") or (get_language() or "nl")[:2]
    language = "en" if language == "en" else "nl"
    name = "productielocaties-sjabloon.xlsx" if language == "nl" else "production-locations-template.xlsx"
    response = HttpResponse(template_workbook(language), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def upload(request):
    require_perm(request, "supply_chain.upload_list")
    agreement = current_agreement(request)
    year = _year(agreement)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            location_list = services.list_upload(
                organization=request.user.organization,
                year=year,
                file=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect("supply_chain:list", pk=location_list.pk)
    return render(
        request, "supply_chain/upload.html", {"form": form, "year": year}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def start_in_browser(request):
    require_perm(request, "supply_chain.upload_list")
    agreement = current_agreement(request)
    location_list = services.list_start_empty(
        organization=request.user.organization, year=_year(agreement), actor=request.user
    )
    return redirect("supply_chain:list", pk=location_list.pk)


@login_required
def list_detail(request, pk: int):
    location_list = _list_or_404(request, pk)
    _audit_list(request, location_list, "production-location list")
    if request.htmx:
        if location_list.status == LocationList.Status.PROCESSING:
            return render(request, "supply_chain/_processing.html", {"location_list": location_list})
        return HttpResponse(headers={"HX-Refresh": "true"})
    rows = location_list.locations.all()
    show_all = request.GET.get("all") == "1"
    context = {
        "location_list": location_list,
        "rows": rows if show_all else rows[:PAGE],
        "row_count": rows.count(),
        "show_all": show_all,
        "page_size": PAGE,
        "can_change": request.user.has_perm("supply_chain.change_list", location_list),
        "errors": [p for p in location_list.problems if p["level"] == "error"],
        "warnings": [p for p in location_list.problems if p["level"] == "warning"],
        "diff": selectors.list_diff(location_list)
        if location_list.status != LocationList.Status.PROCESSING
        else None,
        "labels": presenters.labels(),
        "upload_form": UploadForm(),
        "cmrt_smelters": len(services.cmrt_smelters(location_list.organization))
        if location_list.is_editable
        else 0,
    }
    return render(request, "supply_chain/list.html", context)


@login_required
def list_download(request, pk: int):
    from imvo.supply_chain.parsing import list_workbook

    location_list = _list_or_404(request, pk)
    _audit_list(request, location_list, "production-location list (Excel)")
    language = (get_language() or "nl")[:2]
    content = list_workbook(location_list.locations.all(), language)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_("production-locations")}-{location_list.year.number}-v{location_list.version}.xlsx"'
    )
    return response


@login_required
def list_original(request, pk: int):
    location_list = _list_or_404(request, pk)
    if not location_list.file:
        raise Http404
    _audit_list(request, location_list, "production-location list (original file)")
    return FileResponse(
        location_list.file.open("rb"), as_attachment=True, filename=location_list.original_name
    )


def _location_form_page(request, location_list: LocationList, location: ProductionLocation | None):
    initial = None
    if location is not None:
        initial = {f: getattr(location, f) for f in services.FIELDS}
        initial["region_text"] = location.region or location.region_text
    form = LocationForm(request.POST or None, initial=initial)
    saved = _on_valid(
        request,
        form,
        lambda data: services.location_save(
            location_list=location_list, data=data, location=location, actor=request.user
        ),
        _("The location has been saved."),
        reverse("supply_chain:list", args=[location_list.pk]),
    )
    return saved or _page(
        request,
        "supply_chain/location_form.html",
        {"form": form, "location_list": location_list, "location": location},
        form,
    )


@login_required
def location_add(request, pk: int):
    location_list = _list_or_404(request, pk, "supply_chain.change_list")
    if not location_list.is_editable:
        messages.error(
            request, _("This list has been submitted and can no longer be changed; start a new version.")
        )
        return redirect("supply_chain:list", pk=pk)
    return _location_form_page(request, location_list, None)


@login_required
def location_edit(request, pk: int):
    location = _location_or_404(request, pk)
    if not location.location_list.is_editable:
        messages.error(
            request, _("This list has been submitted and can no longer be changed; start a new version.")
        )
        return redirect("supply_chain:list", pk=location.location_list_id)
    return _location_form_page(request, location.location_list, location)


@login_required
@require_POST
def location_delete(request, pk: int):
    location = _location_or_404(request, pk)
    return _step(
        request,
        lambda: services.location_delete(location=location, actor=request.user),
        _("The location has been removed from the draft."),
        reverse("supply_chain:list", args=[location.location_list_id]),
    )


@login_required
@require_POST
def list_add_cmrt(request, pk: int):
    location_list = _list_or_404(request, pk, "supply_chain.change_list")
    try:
        added = services.list_add_cmrt_smelters(location_list=location_list, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("%(n)s smelters and refiners from your CMRT added.") % {"n": added})
    return redirect("supply_chain:list", pk=pk)


@login_required
@require_POST
def list_submit(request, pk: int):
    location_list = _list_or_404(request, pk, "supply_chain.change_list")
    return _step(
        request,
        lambda: services.list_submit(location_list=location_list, actor=request.user),
        _(
            "Your list has been submitted. Names and addresses are seen only by your company and the secretariat."
        ),
        reverse("supply_chain:list", args=[pk]),
    )


@login_required
@require_POST
def list_new_version(request, pk: int):
    location_list = _list_or_404(request, pk, "supply_chain.change_list")
    try:
        draft = services.list_new_version(location_list=location_list, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("supply_chain:list", pk=pk)
    return redirect("supply_chain:list", pk=draft.pk)


# --- the secretariat: review queue and registry --------------------------------------------------


@login_required
def review_queue(request):
    require_perm(request, "supply_chain.review")
    agreement = current_agreement(request)
    queue = selectors.review_queue_unique(agreement=agreement)
    record_access(
        actor=request.user,
        objects=queue,
        what="production location (review queue)",
        owner_org_id=lambda loc: loc.location_list.organization_id,
    )
    return render(request, "supply_chain/review_queue.html", {"queue": queue, "labels": presenters.labels()})


@login_required
def review_detail(request, pk: int):
    require_perm(request, "supply_chain.review")
    location = get_object_or_404(
        ProductionLocation.objects.select_related("location_list__organization"), pk=pk
    )
    if request.method == "POST" and location.decision == ProductionLocation.Decision.REVIEW:
        choice = request.POST.get("facility", "")
        try:
            if choice == "new":
                services.review_new_facility(location=location, actor=request.user)
            else:
                facility = get_object_or_404(Facility, pk=query_int(choice) or 0)
                services.review_confirm(location=location, facility=facility, actor=request.user)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request,
                _("Decided. Lists that write this location the same way will not be asked about again."),
            )
            following = selectors.review_queue_unique(agreement=location.location_list.agreement)
            return (
                redirect("supply_chain:review", pk=following[0].pk)
                if following
                else redirect("supply_chain:review_queue")
            )
    candidates = selectors.candidates_of(location)
    owners = [location, *[loc for f, _c in candidates for loc in selectors.facility_locations(f)[:5]]]
    record_access(
        actor=request.user,
        objects=owners,
        what="production location (review)",
        owner_org_id=lambda loc: loc.location_list.organization_id,
    )
    context = {
        "location": location,
        "candidates": [presenters.candidate_view(f, c) for f, c in candidates],
        "labels": presenters.labels(),
        "remaining": len(selectors.review_queue_unique(agreement=location.location_list.agreement)),
    }
    return render(request, "supply_chain/review.html", context)


@login_required
def registry(request):
    require_perm(request, "supply_chain.review")
    query = request.GET.get("q", "").strip()
    country = request.GET.get("country", "").strip().upper()[:2]
    facilities = selectors.facility_search(query=query, country=country)[:PAGE]
    return render(
        request,
        "supply_chain/registry.html",
        {"facilities": facilities, "query": query, "country": country, "labels": presenters.labels()},
    )


@login_required
def facility_detail(request, pk: int):
    require_perm(request, "supply_chain.review")
    facility = get_object_or_404(Facility, pk=pk)
    if facility.merged_into_id:
        return redirect("supply_chain:facility", pk=facility.merged_into_id)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        drop = Facility.objects.filter(pk=form.cleaned_data["other"]).first()
        if drop is None:
            form.add_error("other", _("There is no facility with this number."))
        else:
            try:
                moved = services.facility_merge(keep=facility, drop=drop, actor=request.user)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("Merged: %(n)s locations moved to this facility.") % {"n": moved})
                return redirect("supply_chain:facility", pk=facility.pk)
    locations = list(selectors.facility_locations(facility))
    record_access(
        actor=request.user,
        objects=locations,
        what="production location (registry)",
        owner_org_id=lambda loc: loc.location_list.organization_id,
    )
    return render(
        request,
        "supply_chain/facility.html",
        {"facility": facility, "locations": locations, "form": form, "labels": presenters.labels()},
    )


# --- the aggregated list -------------------------------------------------------------------------


@login_required
def aggregate(request):
    require_perm(request, "supply_chain.view_aggregate")
    agreement = current_agreement(request)
    lists = list(selectors.aggregated_lists(user=request.user, agreement=agreement))
    chosen = None
    wanted = query_int(request.GET.get("list", ""))
    if wanted is not None:
        chosen = next((a for a in lists if a.pk == wanted), None)
    if chosen is None:
        chosen = next(
            (a for a in lists if a.status == AggregatedList.Status.PUBLISHED), lists[0] if lists else None
        )
    view = (
        presenters.aggregate_view(
            chosen, activity=request.GET.get("activity", ""), material=request.GET.get("material", "")
        )
        if chosen
        else None
    )
    context = {
        "lists": lists,
        "chosen": chosen,
        "view": view,
        "can_build": request.user.has_perm("supply_chain.build_aggregate"),
        "year": _year(agreement),
        "labels": presenters.labels(),
    }
    return render(request, "supply_chain/aggregate.html", context)


@login_required
def aggregate_excel(request, pk: int):
    require_perm(request, "supply_chain.view_aggregate")
    agreement = current_agreement(request)
    aggregated = get_object_or_404(selectors.aggregated_lists(user=request.user, agreement=agreement), pk=pk)
    response = HttpResponse(presenters.aggregate_workbook(aggregated), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_("aggregated-list")}-{aggregated.year.number}.xlsx"'
    )
    return response


@login_required
@require_POST
def aggregate_build(request):
    require_perm(request, "supply_chain.build_aggregate")
    agreement = current_agreement(request)
    number = query_int(request.POST.get("year", ""))
    year = (agreement.years.filter(number=number).first() if number is not None else None) or _year(agreement)
    if year.aggregated_lists.filter(status=AggregatedList.Status.PUBLISHED).exists():
        messages.error(request, _("The aggregated list of this year has already been published."))
        return redirect("supply_chain:aggregate")
    aggregated = services.aggregate_build(agreement=agreement, year=year, actor=request.user)
    messages.success(request, _("A draft has been built. Check it, then publish it to all parties."))
    return redirect(f"{reverse('supply_chain:aggregate')}?list={aggregated.pk}")


@login_required
@require_POST
def aggregate_publish(request, pk: int):
    require_perm(request, "supply_chain.build_aggregate")
    aggregated = get_object_or_404(AggregatedList, pk=pk)
    return _step(
        request,
        lambda: services.aggregate_publish(aggregated=aggregated, actor=request.user),
        _("The aggregated list has been published to all parties."),
        f"{reverse('supply_chain:aggregate')}?list={aggregated.pk}",
    )


# --- art. 24: restricting disclosure -------------------------------------------------------------


@login_required
def restrictions(request):
    require_perm(request, "supply_chain.view_restrictions")
    agreement = current_agreement(request)
    items = selectors.restrictions_visible_to(user=request.user, agreement=agreement).prefetch_related(
        "facilities"
    )
    form = None
    if request.user.has_perm("supply_chain.request_restriction"):
        organization = request.user.organization
        facilities = selectors.company_facilities(organization=organization, agreement=agreement)
        form = RestrictionForm(request.POST or None, facilities=facilities)
        sent = _on_valid(
            request,
            form,
            lambda data: services.restriction_request(
                agreement=agreement,
                organization=organization,
                facilities=data["facilities"],
                reasons=data["reasons"],
                actor=request.user,
            ),
            _("Your request has been sent to the core group."),
            reverse("supply_chain:restrictions"),
        )
        if sent:
            return sent
    rows = [presenters.restriction_view(r, user=request.user) for r in items]
    can_decide = request.user.has_perm("supply_chain.decide_restriction")
    return _page(
        request,
        "supply_chain/restrictions.html",
        {"rows": rows, "form": form, "can_decide": can_decide},
        form,
    )


@login_required
def restriction_decide(request, pk: int):
    require_perm(request, "supply_chain.decide_restriction")
    restriction = get_object_or_404(DisclosureRestriction.objects.select_related("organization"), pk=pk)
    form = RestrictionDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    recorded = _on_valid(
        request,
        form,
        lambda data: services.restriction_decide(
            restriction=restriction,
            approve=data["approve"],
            decided_on=data["decided_on"],
            note=data["decision_note"],
            actor=request.user,
        ),
        _("The core group's decision has been recorded."),
        reverse("supply_chain:restrictions"),
    )
    return recorded or _page(
        request,
        "supply_chain/restriction_decide.html",
        {"row": presenters.restriction_view(restriction, user=request.user), "form": form},
        form,
    )


# --- art. 22: which companies are active in a region ---------------------------------------------


@login_required
def lookups(request):
    agreement = current_agreement(request)
    require_perm(request, "supply_chain.view_lookups", agreement)
    form = None
    if request.user.has_perm("supply_chain.ask_lookup", agreement):
        form = LookupForm(request.POST or None)
        sent = _on_valid(
            request,
            form,
            lambda data: services.lookup_request(
                agreement=agreement,
                organization=request.user.organization,
                country=data["country"],
                region=data["region"],
                reason=data["reason"],
                actor=request.user,
            ),
            _("Your question has been sent to the secretariat."),
            reverse("supply_chain:lookups"),
        )
        if sent:
            return sent
    items = selectors.lookups_visible_to(user=request.user, agreement=agreement)
    can_decide = request.user.has_perm("supply_chain.decide_lookup")
    return _page(
        request, "supply_chain/lookups.html", {"items": items, "form": form, "can_decide": can_decide}, form
    )


@login_required
def lookup_detail(request, pk: int):
    lookup = get_object_or_404(CompanyLookup.objects.select_related("organization"), pk=pk)
    require_perm(request, "supply_chain.view_lookup", lookup)
    form = None
    if request.user.has_perm("supply_chain.decide_lookup") and lookup.status == "requested":
        form = DecisionForm(request.POST or None)
        decided = _on_valid(
            request,
            form,
            lambda data: services.lookup_decide(
                lookup=lookup, approve=data["approve"], note=data["decision_note"], actor=request.user
            ),
            _("The decision has been recorded and the answer delivered."),
            reverse("supply_chain:lookup", args=[pk]),
        )
        if decided:
            return decided
    if lookup.answer:
        from imvo.organizations.models import Organization

        record_access(
            actor=request.user,
            objects=Organization.objects.filter(pk__in=[c["id"] for c in lookup.answer]),
            what="companies active in a country or region (art. 22)",
        )
    return _page(request, "supply_chain/lookup.html", {"lookup": lookup, "form": form}, form)


# --- art. 23: where NGOs and unions have networks -------------------------------------------------


@login_required
def networks(request):
    require_perm(request, "supply_chain.view_networks")
    agreement = current_agreement(request)
    form = None
    if request.user.has_perm("supply_chain.change_networks"):
        form = NetworkForm(request.POST or None)
        saved = _on_valid(
            request,
            form,
            lambda data: services.network_add(
                agreement=agreement,
                organization=data["organization"],
                country=data["country"],
                region=data["region"],
                materials=data["materials"],
                description=data["description"],
                actor=request.user,
            ),
            _("Saved."),
            reverse("supply_chain:networks"),
        )
        if saved:
            return saved
    entries = presenters.network_rows(selectors.networks(agreement=agreement))
    return _page(request, "supply_chain/networks.html", {"entries": entries, "form": form}, form)


@login_required
@require_POST
def network_delete(request, pk: int):
    require_perm(request, "supply_chain.change_networks")
    entry = get_object_or_404(NetworkExpertise, pk=pk)
    services.network_delete(entry=entry, actor=request.user)
    messages.success(request, _("Removed."))
    return redirect("supply_chain:networks")
