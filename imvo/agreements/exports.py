"""The calendar as an Excel workbook, made in the background for large sectors."""

from __future__ import annotations

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from imvo.agreements import selectors
from imvo.agreements.models import STATE_LABELS, Agreement
from imvo.audit.services import record_access
from imvo.core.excel import bold_cell
from imvo.core.jobs import register


@register("calendar_export")
def calendar_export(job, progress) -> tuple[str, bytes]:
    user = job.created_by
    with translation.override(user.language):
        agreement = Agreement.objects.get(pk=job.params["agreement"])
        filters = selectors.CalendarFilter(**job.params.get("filters", {}))
        rows = selectors.company_obligation_list(agreement=agreement, fetched_by=user, filters=filters)
        record_access(
            actor=user,
            objects=selectors.organizations_of(rows),
            what="obligations calendar (Excel)",
        )
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Calendar"))
        header = [
            _("Company"),
            _("Obligation"),
            _("Article"),
            _("Year"),
            _("Due"),
            _("Status"),
            _("Completed on"),
            _("Note"),
        ]
        ws.append([bold_cell(ws, h) for h in header])
        today = timezone.localdate()
        for i, r in enumerate(rows, 1):
            ws.append(
                [
                    r.organization.name,
                    r.obligation.name,
                    r.obligation.article,
                    r.obligation.year.number,
                    r.due_date,
                    str(STATE_LABELS[r.state(today)]),
                    r.completed_on,
                    r.note,
                ]
            )
            if i % 200 == 0 or i == len(rows):
                progress(i, len(rows))
        buffer = io.BytesIO()
        wb.save(buffer)
    return f"{agreement.slug}-calendar-{today.isoformat()}.xlsx", buffer.getvalue()
