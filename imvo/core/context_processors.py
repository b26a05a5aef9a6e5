from django.conf import settings

from imvo.accounts.roles import roles_of


def platform(request):
    user = getattr(request, "user", None)
    return {
        "roles": roles_of(user) if user is not None else frozenset(),
        "LANGUAGES": settings.LANGUAGES,
    }
