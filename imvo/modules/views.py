"""Pages of the modules (art. 29–30): what is offered with its sessions and materials, the
secretariat's editing, planning and attendance, each company's must and may follow, and the
secretariat's overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.audit.services import record_access
from imvo.core.views_helpers import agreement_year, current_agreement, on_valid, page, require_perm
from imvo.modules import selectors, services
from imvo.modules.forms import AttendanceForm, MaterialForm, ModuleForm, SessionForm, WaiveForm
from imvo.modules.models import Assignment, Module, Session
from imvo.monitoring.framework import FrameworkError, load_framework
from imvo.organizations.models import Organization


def _module(request, pk: int) -> Module:
    module = selectors.module_get(pk=pk, agreement=current_agreement(request), fetched_by=request.user)
    if module is None:
        raise Http404
    return module


def _framework_modules(agreement):
    try:
        return list(load_framework(agreement.framework_version).modules.values())
    except FrameworkError:
        return []


@login_required
def index(request):
    require_perm(request, "modules.view_modules")
    agreement = current_agreement(request)
    modules = selectors.module_list(agreement=agreement, fetched_by=request.user)
    taking_part = {p.module.pk: p for p in selectors.participation_overview(agreement=agreement)}
    context = {
        "modules": [(m, taking_part.get(m.pk)) for m in modules],
        "minimum": agreement.min_companies_per_cell,
        "can_manage": request.user.has_perm("modules.manage_modules"),
        "is_company": request.user.has_perm("modules.view_own_modules"),
    }
    return page(request, "modules/index.html", context)


def _detail_page(request, module: Module, material_form=None):
    can_manage = request.user.has_perm("modules.manage_modules")
    context = {
        "module": module,
        "sessions": selectors.session_list(module=module),
        "materials": module.materials.all(),
        "can_manage": can_manage,
        "can_download": request.user.has_perm("modules.download_material"),
        "own": selectors.own_attendance(organization_id=request.user.organization_id, module=module),
        "material_form": (material_form or MaterialForm(prefix="material")) if can_manage else None,
    }
    return page(request, "modules/detail.html", context, material_form)


@login_required
def detail(request, pk: int):
    require_perm(request, "modules.view_modules")
    return _detail_page(request, _module(request, pk))


def _module_form_page(request, module: Module | None):
    require_perm(request, "modules.manage_modules")
    agreement = current_agreement(request)
    initial = {"active": True}
    if module is not None:
        initial = {name: getattr(module, name) for name in services.MODULE_FIELDS}
    form = ModuleForm(request.POST or None, initial=initial, framework_modules=_framework_modules(agreement))
    saved = []

    def save(data):
        saved.append(services.module_save(agreement=agreement, module=module, data=data, actor=request.user))

    done = on_valid(request, form, save, _("The module has been saved."), reverse("modules:index"))
    if done:
        return redirect("modules:detail", pk=saved[0].pk)
    return page(request, "modules/module_form.html", {"form": form, "module": module}, form)


@login_required
def module_new(request):
    return _module_form_page(request, None)


@login_required
def module_edit(request, pk: int):
    require_perm(request, "modules.manage_modules")
    return _module_form_page(request, _module(request, pk))


@login_required
def session_new(request, pk: int):
    require_perm(request, "modules.manage_modules")
    module = _module(request, pk)
    form = SessionForm(request.POST or None)
    done = on_valid(
        request,
        form,
        lambda data: services.session_plan(module=module, actor=request.user, **form.session_data()),
        _("The session has been planned."),
        reverse("modules:detail", args=[module.pk]),
    )
    return done or page(request, "modules/session_form.html", {"form": form, "module": module}, form)


@login_required
@require_POST
def material_add(request, pk: int):
    require_perm(request, "modules.manage_modules")
    module = _module(request, pk)
    form = MaterialForm(request.POST, request.FILES, prefix="material")
    done = on_valid(
        request,
        form,
        lambda data: services.material_add(module=module, actor=request.user, **data),
        _("The material has been added."),
        reverse("modules:detail", args=[module.pk]),
    )
    return done or _detail_page(request, module, material_form=form)


@login_required
def material(request, pk: int):
    require_perm(request, "modules.view_modules")
    item = selectors.material_get(pk=pk, agreement=current_agreement(request))
    if item is None:
        raise Http404
    require_perm(request, "modules.download_material")
    if not item.file:
        return redirect(item.url)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name or str(item.file.name).rsplit("/", 1)[-1],
    )


@login_required
def attendance(request, pk: int):
    require_perm(request, "modules.manage_modules")
    agreement = current_agreement(request)
    session = get_object_or_404(Session.objects.select_related("module"), pk=pk, module__agreement=agreement)
    form = AttendanceForm(
        request.POST or None,
        session=session,
        organizations=selectors.attendee_choices(agreement=agreement),
        prefix="att",
    )
    done = on_valid(
        request,
        form,
        lambda data: services.attendance_record(
            session=session, present=form.present(), names=form.names(), actor=request.user
        ),
        _("The attendance has been recorded."),
        reverse("modules:detail", args=[session.module_id]),
    )
    context = {"form": form, "session": session, "module": session.module}
    return done or page(request, "modules/attendance.html", context, form)


def _company_page(request, organization: Organization):
    agreement = current_agreement(request)
    year = agreement_year(agreement)
    context = {
        "organization": organization,
        "view": selectors.modules_for_company(organization=organization, year=year),
        "can_manage": request.user.has_perm("modules.manage_modules"),
        "own": request.user.organization_id == organization.pk,
    }
    record_access(actor=request.user, objects=[organization], what="module assignments")
    return page(request, "modules/company.html", context)


@login_required
def mine(request):
    require_perm(request, "modules.view_own_modules")
    return _company_page(request, request.user.organization)


@login_required
def company(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk, kind=Organization.Kind.COMPANY)
    if not request.user.has_perm("modules.view_company_modules", organization):
        raise Http404
    return _company_page(request, organization)


@login_required
def overview(request):
    require_perm(request, "modules.view_overview")
    agreement = current_agreement(request)
    year = agreement_year(agreement)
    lines = selectors.participation_overview(agreement=agreement, fetched_by=request.user, year=year)
    named = {o.pk: o for line in lines for o in line.open_companies}
    record_access(actor=request.user, objects=named.values(), what="module assignments (overview)")
    return page(request, "modules/overview.html", {"lines": lines, "year": year})


@login_required
def assignment_waive(request, pk: int):
    require_perm(request, "modules.manage_modules")
    agreement = current_agreement(request)
    assignment = get_object_or_404(
        Assignment.objects.select_related("module", "organization", "year"),
        pk=pk,
        module__agreement=agreement,
    )
    form = WaiveForm(request.POST or None, initial={"reason": assignment.waived_reason})
    back = reverse("modules:company", args=[assignment.organization_id])
    done = on_valid(
        request,
        form,
        lambda data: services.assignment_waive(assignment=assignment, actor=request.user, **data),
        _("The company is exempted from this module."),
        back,
    )
    context = {"form": form, "assignment": assignment, "back": back}
    return done or page(request, "modules/waive.html", context, form)
