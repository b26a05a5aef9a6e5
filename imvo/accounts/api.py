from ninja import Router, Schema

from imvo.accounts.roles import roles_of

router = Router(tags=["people"])


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    organization_id: int | None
    organization: str | None
    roles: list[str]
    language: str


@router.get("/me", response=MeOut, summary="Who the token belongs to, and their roles")
def me(request):
    u = request.user
    return MeOut(
        id=u.pk,
        email=u.email,
        full_name=u.full_name,
        organization_id=u.organization_id,
        organization=u.organization.name if u.organization else None,
        roles=sorted(r.value for r in roles_of(u)),
        language=u.language,
    )
