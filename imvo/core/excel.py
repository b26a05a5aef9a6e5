"""Small helpers for the Excel exports (openpyxl write-only workbooks)."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font


def bold_cell(ws, value) -> WriteOnlyCell:
    """A header cell; write-only sheets style cells one by one."""
    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(bold=True)
    return cell
