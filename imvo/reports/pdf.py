"""An agreement report as a PDF: WeasyPrint's rendering of the same sections as the page, charts
embedded as SVG data URIs (only data: URIs are fetched)."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from imvo.reports.models import AgreementReport
from imvo.reports.presenters import report_view


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def report_html(report: AgreementReport) -> str:
    sections = report_view(report)
    for s in sections:
        s.extra["svg_uri"] = _data_uri(s.svg) if s.svg else ""
        if s.extra.get("progress_svg"):
            s.extra["progress_uri"] = _data_uri(s.extra["progress_svg"])
    return render_to_string("reports/report_pdf.html", {"report": report, "sections": sections})


def report_pdf(report: AgreementReport) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=report_html(report), url_fetcher=fetcher).write_pdf(pdf_tags=True)
