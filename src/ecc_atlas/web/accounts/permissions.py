"""Per-organisation isolation: who may see which organisation's raw data.

Every view, API endpoint or export that shows one organisation's own (not disclosure-protected)
data must fetch it through :func:`visible_organisations` — directly, or through the helpers:

- ``@organisation_view()`` for function views with an ``org_number`` (or ``organisation_id``)
  URL argument: the organisation is looked up among the visible ones only, and an invisible one
  answers **404** (so nobody learns which organisations exist); the view receives
  ``organisation=``.
- :class:`OrganisationScopedMixin` for class-based views: ``get_queryset()`` is narrowed to rows
  of visible organisations (``organisation_field`` names the path to the organisation).
- :func:`require_role` for pages that need a role (403 for signed-in users without it; the
  sign-in page for visitors).
- :func:`get_visible_organisation` for django-ninja endpoints (raises ``Http404``).

The isolation test in tests/security enumerates every URL pattern and fails for any endpoint
that shows another organisation's data to a member.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.roles import role_of
from ecc_atlas.web.registry.models import Organisation

__all__ = [
    "OrganisationScopedMixin",
    "can_see_organisation",
    "get_visible_organisation",
    "organisation_view",
    "require_role",
    "visible_organisations",
]

View = TypeVar("View", bound=Callable[..., HttpResponse])
User = AbstractBaseUser | AnonymousUser


def visible_organisations(user: User | None) -> QuerySet[Organisation]:
    """Organisations whose raw data ``user`` may see: all (analyst, admin), own (member), none."""
    role = role_of(user)
    if role in {Role.ANALYST, Role.ADMIN}:
        return Organisation.objects.all()
    if role is Role.MEMBER and user is not None and user.pk is not None:
        return Organisation.objects.filter(memberships__user_id=user.pk).distinct()
    return Organisation.objects.none()


def can_see_organisation(user: User | None, organisation: Organisation | int | str) -> bool:
    """True when ``user`` may see the raw data of ``organisation`` (object, pk or org number)."""
    visible = visible_organisations(user)
    if isinstance(organisation, Organisation):
        return visible.filter(pk=organisation.pk).exists()
    if isinstance(organisation, int):
        return visible.filter(pk=organisation).exists()
    return visible.filter(org_number=str(organisation).replace("-", "")).exists()


def get_visible_organisation(
    user: User | None, *, org_number: str | None = None, pk: int | None = None
) -> Organisation:
    """The organisation if ``user`` may see it; ``Http404`` otherwise (also when it exists)."""
    visible = visible_organisations(user)
    try:
        if org_number is not None:
            return visible.get(org_number=org_number.replace("-", ""))
        if pk is not None:
            return visible.get(pk=pk)
    except (Organisation.DoesNotExist, ValueError):
        pass
    raise Http404("No such organisation.")


def organisation_view(
    arg: str = "org_number", *, roles: frozenset[Role] | None = None
) -> Callable[[View], View]:
    """Decorate a view taking ``arg`` (an org number or, for ``organisation_id``, a pk).

    Visitors who are not signed in are sent to the sign-in page; a signed-in user who may not
    see the organisation gets 404; ``roles`` narrows further (403 for other roles).
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles is not None and role_of(request.user) not in roles:
                raise PermissionDenied
            value = kwargs.pop(arg)
            if arg == "org_number":
                organisation = get_visible_organisation(request.user, org_number=str(value))
            else:
                organisation = get_visible_organisation(request.user, pk=int(value))
            return view(request, *args, organisation=organisation, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def require_role(*allowed: Role) -> Callable[[View], View]:
    """Let only the given roles in: the sign-in page for visitors, 403 for other roles."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            role = role_of(request.user)
            if role is Role.PUBLIC and Role.PUBLIC not in allowed:
                return redirect_to_login(request.get_full_path())
            if role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


class OrganisationScopedMixin:
    """For class-based views: narrow ``get_queryset()`` to visible organisations' rows.

    ``organisation_field`` is the lookup path from the model to its organisation
    (``""`` when the model *is* :class:`Organisation`). Objects outside answer 404 through
    Django's ``get_object()``.
    """

    organisation_field = "organisation"
    request: HttpRequest

    def get_queryset(self) -> QuerySet[Any]:
        """The parent's queryset, restricted to the organisations the user may see."""
        queryset: QuerySet[Any] = super().get_queryset()  # type: ignore[misc]
        visible = visible_organisations(self.request.user)
        if not self.organisation_field:
            return queryset.filter(pk__in=visible.values("pk"))
        return queryset.filter(**{f"{self.organisation_field}__in": visible.values("pk")})

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Visitors who are not signed in go to the sign-in page."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response
