"""The versioned HTTP API (/api/v1/): token authentication, the pages' permissions, OpenAPI."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from imvo.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer imvo_…` with a personal token made on the profile page."""

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    param_name = "X-API-Token"

    def authenticate(self, request: HttpRequest, key):
        user = ApiToken.authenticate(key or "")
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="imvo API",
    version="1",
    description="Organizations, the agreement and its calendar, the self-assessment, production locations and the "
    "risk analysis. Every endpoint applies the same "
    "permissions as the web pages.",
    auth=[TokenAuth(), TokenHeaderAuth(), django_auth],
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

api.add_router("/", "imvo.accounts.api.router")
api.add_router("/agreements", "imvo.agreements.api.router")
api.add_router("/organizations", "imvo.organizations.api.router")
api.add_router("/monitoring", "imvo.monitoring.api.router")
api.add_router("/production-locations", "imvo.supply_chain.api.router")
api.add_router("/risks", "imvo.risks.api.router")
