"""A round's results as an Excel workbook, made in the background."""

from __future__ import annotations

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from imvo.audit.services import record_access
from imvo.core.excel import bold_cell
from imvo.core.jobs import register
from imvo.monitoring import selectors
from imvo.monitoring.framework import STEPS, load_framework
from imvo.monitoring.presenters import VERDICT_LABELS, step_label


@register("round_export")
def round_export(job, progress) -> tuple[str, bytes]:
    user = job.created_by
    with translation.override(user.language):
        rnd = selectors.round_get(pk=job.params["round"])
        assert rnd is not None
        framework = load_framework(rnd.framework_version)
        rows = selectors.round_table(round=rnd, fetched_by=user)
        record_access(
            actor=user,
            objects=[r.submission for r in rows if r.submission],
            what="round results (Excel)",
            owner_org_id=lambda s: s.assessment.organization_id,
        )
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Results"))
        header = [
            _("Company"),
            _("Size class"),
            _("Status"),
            _("Due date"),
            _("Submitted at"),
            _("Overall score (%)"),
            _("Verdict"),
            *(step_label(framework, s) for s in STEPS),
            _("Minerals section (%)"),
            _("Knock-outs"),
            _("Improve until"),
            _("Follow-up conversation held"),
        ]
        ws.append([bold_cell(ws, h) for h in header])
        for i, r in enumerate(rows, 1):
            a, s = r.assessment, r.submission
            ws.append(
                [
                    a.organization.name,
                    a.size_class,
                    a.get_status_display(),
                    a.due_date,
                    timezone.localtime(s.submitted_at).replace(tzinfo=None) if s else None,
                    float(s.overall) if s else None,
                    str(VERDICT_LABELS.get(s.verdict, s.verdict)) if s else None,
                    *((s.sections.get(k) if s else None) for k in STEPS),
                    s.sections.get("minerals") if s else None,
                    ", ".join(s.knockouts) if s else None,
                    a.improvement_until,
                    _("yes") if r.follow_up_done else (_("no") if r.needs_follow_up else ""),
                ]
            )
            if i % 100 == 0 or i == len(rows):
                progress(i, len(rows))
        buffer = io.BytesIO()
        wb.save(buffer)
    return (
        f"{rnd.agreement.slug}-{rnd.kind}-{rnd.year.number}-{timezone.localdate().isoformat()}.xlsx",
        buffer.getvalue(),
    )
