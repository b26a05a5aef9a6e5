from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from imvo.audit.selectors import ACTIONS, log_entry_list
from imvo.core.views_helpers import require_perm


@login_required
def log(request):
    require_perm(request, "audit.view_log")
    action = request.GET.get("action", "")
    q = request.GET.get("q", "").strip()
    try:
        actor_id = int(request.GET.get("actor", "") or 0) or None
    except ValueError:
        actor_id = None
    if actor_id is not None and not 0 < actor_id < 2**63:
        actor_id = None
    entries = log_entry_list(action=action, actor_id=actor_id, q=q)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = "audit/_rows.html" if request.htmx else "audit/log.html"
    return render(request, template, {"page": page, "action": action, "q": q, "actions": ACTIONS})
