"""The actor network pages: the full network (analysts only: it shows ties that are not
public) and the public network (everyone: public projects only).

``/collaboration/network/`` shows the network drawn with a seeded Fruchterman–Reingold
layout (igraph) as a Vega-Lite chart — fetched from ``/collaboration/network/chart.json`` and
drawn by the dashboard's script and vendored Vega bundle — with the tables of centrality,
academia–industry brokers and members who have never collaborated. ``?from=YYYY&to=YYYY``
picks the period. Methods: docs/methods/network.md.

``/collaboration/public/network/`` (and its ``chart.json``) draws the same chart from the
projects an analyst marked public (and not cancelled) only, with a table of the organisations,
for everyone.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ecc_atlas.charts.base import CATEGORY_RANGE, base_spec
from ecc_atlas.services.network import DrawableNetwork, network_view, public_network_view
from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.permissions import require_role

__all__ = ["network", "network_chart", "network_spec", "public_network", "public_network_chart"]

STAFF = (Role.ANALYST, Role.ADMIN)
KIND_ORDER = ("company", "academia", "institute", "public_actor", "authority", "unknown")
MAX_ROWS = 200


def _lang() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def _kind_labels() -> dict[str, str]:
    return {
        "company": _("Company"),
        "academia": _("Academia"),
        "institute": _("Research institute"),
        "public_actor": _("Public actor"),
        "authority": _("Authority"),
        "unknown": _("Unknown"),
    }


def _year(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or len(text) != 4:
        return None
    return int(text)


def _period(request: HttpRequest) -> tuple[int | None, int | None]:
    year_from, year_to = _year(request.GET.get("from")), _year(request.GET.get("to"))
    if year_from is not None and year_to is not None and year_from > year_to:
        year_from, year_to = year_to, year_from
    return year_from, year_to


def network_spec(view: DrawableNetwork, lang: str, *, public: bool = False) -> dict[str, Any]:
    """The Vega-Lite spec of the network: rules for ties (width by weight), points for
    organisations (colour by kind, size by strength). ``public``: the public network's
    title and description (ties are shared public projects)."""
    labels = _kind_labels()
    position = {r["org"]: (r["x"], r["y"]) for r in view.layout.to_pylist()}
    points = []
    for row in view.measures.to_pylist():
        x, y = position[row["org"]]
        points.append(
            {
                "name": row["name"],
                "kind": labels.get(row["kind"], row["kind"]),
                "x": round(x, 4),
                "y": round(y, 4),
                "degree": row["degree"],
                "strength": row["strength"],
                "community": row["community"],
            }
        )
    edges = []
    for row in view.ties.to_pylist():
        (x, y), (x2, y2) = position[row["source"]], position[row["target"]]
        edges.append({"x": round(x, 4), "y": round(y, 4), "x2": round(x2, 4),
                      "y2": round(y2, 4), "weight": row["weight"]})  # fmt: skip
    if public:
        title = _("Public collaboration network")
        description = _(
            "%(orgs)s organisations and %(ties)s ties (shared public projects); "
            "the table below lists every organisation."
        ) % {"orgs": len(points), "ties": len(edges)}
    else:
        title = _("Actor network")
        description = _(
            "%(orgs)s organisations and %(ties)s ties (shared projects and meetings); "
            "the tables below list every organisation's measures."
        ) % {"orgs": len(points), "ties": len(edges)}
    spec = base_spec(title, _period_text(view), description, "en" if lang == "en" else "sv")
    axis = {"field": "x", "type": "quantitative", "axis": None,
            "scale": {"domain": [-1.08, 1.08]}}  # fmt: skip
    yaxis = {**axis, "field": "y"}
    # the kinds present, in a fixed order with fixed colours
    present = {row["kind"] for row in view.measures.to_pylist()}
    order = [*KIND_ORDER, *sorted(present - set(KIND_ORDER))]
    shown = [(i, k) for i, k in enumerate(order) if k in present]
    kinds = [labels.get(k, k) for _, k in shown]
    colours = [CATEGORY_RANGE[i % len(CATEGORY_RANGE)] for i, _ in shown]
    spec.update(
        {
            "width": 640,
            "height": 480,
            "layer": [
                {
                    "data": {"values": edges},
                    "mark": {"type": "rule", "color": "#8c8c8c", "opacity": 0.45},
                    "encoding": {
                        "x": axis,
                        "y": yaxis,
                        "x2": {"field": "x2"},
                        "y2": {"field": "y2"},
                        "strokeWidth": {
                            "field": "weight",
                            "type": "quantitative",
                            "scale": {"range": [0.6, 4]},
                            "legend": None,
                        },
                    },
                },
                {
                    "data": {"values": points},
                    "mark": {"type": "circle", "opacity": 0.9, "stroke": "#ffffff"},
                    "encoding": {
                        "x": axis,
                        "y": yaxis,
                        "color": {
                            "field": "kind",
                            "type": "nominal",
                            "title": _("Kind"),
                            "scale": {"domain": kinds, "range": colours},
                        },
                        "size": {
                            "field": "strength",
                            "type": "quantitative",
                            "title": _("Strength"),
                            "scale": {"range": [40, 500]},
                        },
                        "tooltip": [
                            {"field": "name", "title": _("Organisation")},
                            {"field": "kind", "title": _("Kind")},
                            {"field": "degree", "title": _("Degree")},
                            {"field": "strength", "title": _("Strength")},
                            {"field": "community", "title": _("Community")},
                        ],
                    },
                },
            ],
        }
    )
    return spec


def _period_text(view: DrawableNetwork) -> str:
    if view.year_from is None and view.year_to is None:
        return _("All years")
    start = view.year_from if view.year_from is not None else "…"
    end = view.year_to if view.year_to is not None else "…"
    return f"{start}–{end}"


@require_safe
@require_role(*STAFF)
def network_chart(request: HttpRequest) -> JsonResponse:
    """The network chart's Vega-Lite spec for the period in the query string."""
    year_from, year_to = _period(request)
    view = network_view(year_from=year_from, year_to=year_to)
    response = JsonResponse(network_spec(view, _lang()), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@require_role(*STAFF)
def network(request: HttpRequest) -> HttpResponse:
    """The network page: the chart and the tables, for a period."""
    from ecc_atlas.web.dashboard import assets

    year_from, year_to = _period(request)
    view = network_view(year_from=year_from, year_to=year_to)
    labels = _kind_labels()
    query = {k: v for k, v in (("from", year_from), ("to", year_to)) if v is not None}
    chart_url = reverse("collaboration-network-chart")
    if query:
        chart_url += "?" + urlencode(query)

    def rows(table: Any) -> list[dict[str, Any]]:
        out = []
        for row in table.to_pylist()[:MAX_ROWS]:
            row["kind_label"] = labels.get(row["kind"], row["kind"])
            out.append(row)
        return out

    role_labels = {
        "representative_gatekeeper": _("Representative / gatekeeper"),
        "liaison": _("Liaison"),
    }
    brokers = rows(view.brokerage)
    for row in brokers:
        row["role_label"] = role_labels.get(row["role"] or "", "")
    context = {
        "view": view,
        "measures": rows(view.measures),
        "measures_total": view.measures.num_rows,
        "brokers": brokers,
        "brokers_total": view.brokerage.num_rows,
        "never": rows(view.never_collaborated),
        "ties_total": view.ties.num_rows,
        "years": view.years,
        "year_from": year_from,
        "year_to": year_to,
        "chart_url": chart_url,
        "max_rows": MAX_ROWS,
        "vega_bundle_url": f"{reverse('dashboard-vega-bundle')}?v={assets.bundle_version()}",
    }
    return render(request, "collaboration/network.html", context)


@require_safe
def public_network_chart(request: HttpRequest) -> JsonResponse:
    """The public network chart's Vega-Lite spec (public projects only) for the period."""
    year_from, year_to = _period(request)
    view = public_network_view(year_from=year_from, year_to=year_to)
    spec = network_spec(view, _lang(), public=True)
    return JsonResponse(spec, json_dumps_params={"ensure_ascii": False})


@require_safe
def public_network(request: HttpRequest) -> HttpResponse:
    """The public network page: the chart and the organisations, for a period. Built from
    the projects an analyst marked public (not cancelled) only."""
    from ecc_atlas.web.dashboard import assets

    year_from, year_to = _period(request)
    view = public_network_view(year_from=year_from, year_to=year_to)
    labels = _kind_labels()
    query = {k: v for k, v in (("from", year_from), ("to", year_to)) if v is not None}
    chart_url = reverse("collaboration-public-network-chart")
    if query:
        chart_url += "?" + urlencode(query)
    organisations = []
    for row in view.organisations.to_pylist():
        row["kind_label"] = labels.get(row["kind"], row["kind"])
        organisations.append(row)
    context = {
        "view": view,
        "organisations": organisations,
        "organisations_total": view.organisations.num_rows,
        "ties_total": view.ties.num_rows,
        "projects_total": view.projects,
        "years": view.years,
        "year_from": year_from,
        "year_to": year_to,
        "chart_url": chart_url,
        "vega_bundle_url": f"{reverse('dashboard-vega-bundle')}?v={assets.bundle_version()}",
    }
    return render(request, "collaboration/public_network.html", context)
