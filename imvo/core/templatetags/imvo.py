from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    """The words for a calendar state (late, due, upcoming, done, waived)."""
    from imvo.agreements.models import STATE_LABELS

    return str(STATE_LABELS.get(state, state))


@register.simple_tag
def sort_link(base: str, query, column: str, label: str, current: str):
    """A column header link to `base` that sorts by `column`, and reverses on a second click."""
    q = query.copy()
    q["sort"] = f"-{column}" if current == column else column
    arrow = " ▲" if current == column else (" ▼" if current == f"-{column}" else "")
    return format_html(
        '<a href="{}?{}">{}<span aria-hidden="true">{}</span></a>', base, q.urlencode(), label, arrow
    )


@register.simple_tag
def sort_aria(current: str, column: str):
    if current == column:
        return mark_safe('aria-sort="ascending"')
    if current == f"-{column}":
        return mark_safe('aria-sort="descending"')
    return ""


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dictionaries keyed by a variable."""
    return (mapping or {}).get(key)


@register.filter
def country(code: str) -> str:
    from imvo.core.countries import country_name

    return country_name(code) if code else ""


@register.filter
def region(code: str) -> str:
    from imvo.core.countries import region_name

    return region_name(code) if code else ""
