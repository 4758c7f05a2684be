"""Template context for the signed-in work pages: the links of the user's workspace.

Each link names a URL and the roles that see it; a link whose URL is not installed is left out,
so an app adds its pages here once and they appear for the right roles everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.roles import role_of

__all__ = ["WORKSPACE_LINKS", "WorkspaceLink", "workspace"]

_STAFF = frozenset({Role.ANALYST, Role.ADMIN})
_SIGNED_IN = frozenset({Role.MEMBER, Role.ANALYST, Role.ADMIN})


@dataclass(frozen=True)
class WorkspaceLink:
    """One entry of the workspace navigation."""

    url_name: str
    label: Any
    roles: frozenset[Role]


WORKSPACE_LINKS: tuple[WorkspaceLink, ...] = (
    WorkspaceLink("accounts-account", _("Your account"), _SIGNED_IN),
    WorkspaceLink("survey-home", _("Competence-needs survey"), _SIGNED_IN),
    WorkspaceLink("collaboration-home", _("Collaborations"), _SIGNED_IN),
    WorkspaceLink("collaboration-meetings", _("Dialogue log"), _STAFF),
    WorkspaceLink("collaboration-suggestions", _("Suggestions"), _STAFF),
    WorkspaceLink("collaboration-network", _("Actor network"), _STAFF),
    WorkspaceLink("registry-imports", _("Imports"), _STAFF),
    WorkspaceLink("registry-delimitation", _("Delimitation"), _STAFF),
    WorkspaceLink("admin:index", _("Administration"), _STAFF),
)


def workspace(request: HttpRequest) -> dict[str, Any]:
    """``workspace_links``: the links the signed-in user's role may follow (none for visitors)."""
    user = getattr(request, "user", None)
    role = role_of(user)
    if role is Role.PUBLIC:
        return {"workspace_links": []}
    path = request.path
    links = []
    for link in WORKSPACE_LINKS:
        if role not in link.roles:
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        links.append({"url": url, "label": link.label, "current": path.startswith(url)})
    current = max((x for x in links if x["current"]), key=lambda x: len(x["url"]), default=None)
    for link_ in links:
        link_["current"] = link_ is current
    return {"workspace_links": links}
