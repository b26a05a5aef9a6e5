from django.conf import settings
from django.utils.functional import SimpleLazyObject

from imvo.accounts.roles import roles_of
from imvo.agreements.selectors import agreement_current


def platform(request):
    """Roles for the menu, and the agreement the header and footer name (a view may pass its own); looked up only when a page uses it."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    slug = session.get("agreement") if session is not None else None
    return {
        "roles": roles_of(user) if user is not None else frozenset(),
        "LANGUAGES": settings.LANGUAGES,
        "agreement": SimpleLazyObject(lambda: agreement_current(slug=slug) or agreement_current()),
    }
