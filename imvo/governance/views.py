from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.core.views_helpers import apply_errors, current_agreement, require_perm
from imvo.governance import selectors, services
from imvo.governance.forms import CoreGroupMemberForm
from imvo.governance.models import CoreGroupMember


@login_required
def core_group(request):
    require_perm(request, "governance.view_core_group")
    agreement = current_agreement(request)
    can_change = request.user.has_perm("governance.change_core_group")
    form = None
    if can_change:
        form = CoreGroupMemberForm(request.POST or None, initial={"started_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.core_group_member_add(agreement=agreement, **form.cleaned_data)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("The seat has been filled."))
                return redirect("governance:core_group")
    elif request.method == "POST":
        require_perm(request, "governance.change_core_group")
    return render(
        request,
        "governance/core_group.html",
        {
            "agreement": agreement,
            "table": selectors.core_group_table(agreement=agreement),
            "form": form,
            "can_change": can_change,
        },
    )


@login_required
@require_POST
def end_seat(request, pk: int):
    require_perm(request, "governance.change_core_group")
    member = get_object_or_404(CoreGroupMember, pk=pk, agreement=current_agreement(request))
    try:
        services.core_group_member_end(member=member, ended_on=timezone.localdate())
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("%(name)s no longer holds the seat.") % {"name": member.user})
    return redirect("governance:core_group")
