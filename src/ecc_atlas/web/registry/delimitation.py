"""The delimitation workflow's logic: screen candidates, decide, carry decisions over.

Every decision is a new :class:`~ecc_atlas.web.registry.models.DelimitationDecision` row
(history is kept; the latest by ``decided_at``, then id, wins) made by a user, and recorded in
the audit log with what changed on the organisation (R&D intensity, export class). A new
decision changes the registry's data version, so the dashboard's figures are re-computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from ecc_atlas import reference
from ecc_atlas.web.accounts import audit
from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Segment, Workplace

__all__ = [
    "Screening",
    "carry_over",
    "current_decisions",
    "decide",
    "default_year",
    "screen",
    "suggested_segment",
]


@dataclass(frozen=True)
class Screening:
    """The filters of a screening; empty values do not filter."""

    year: int
    sni: str = ""
    kommun: str = ""
    keyword: str = ""
    members: Sequence[str] | None = None
    status: str = ""


def default_year() -> int:
    """The latest year with a decision, else last year."""
    latest = DelimitationDecision.objects.order_by("-year").values_list("year", flat=True).first()
    return int(latest) if latest is not None else timezone.now().year - 1


def _sni_prefixes(code: str) -> list[str]:
    """The stored forms an SNI prefix may take: ``3511`` and ``35.11`` (and ``35``)."""
    text = code.strip()
    if not text:
        return []
    digits = text.replace(".", "")
    forms = {text, reference.normalize_sni(digits) if digits.isdigit() else text.upper(), digits}
    return sorted(f for f in forms if f)


def screen(organisations: QuerySet[Organisation], filters: Screening) -> QuerySet[Organisation]:
    """Candidates among ``organisations`` matching every given filter, by name.

    Annotates ``current_included`` (the current decision of ``filters.year``: True, False or
    None when undecided).
    """
    latest = DelimitationDecision.objects.filter(
        organisation=OuterRef("pk"), year=filters.year
    ).order_by("-decided_at", "-id")
    query = organisations.annotate(current_included=Subquery(latest.values("included")[:1]))
    prefixes = _sni_prefixes(filters.sni)
    if prefixes:
        condition = Q()
        for prefix in prefixes:
            condition |= Q(sni_code__istartswith=prefix)
        query = query.filter(condition)
    if filters.kommun:
        query = query.filter(
            Exists(
                Workplace.objects.filter(organisation=OuterRef("pk"), kommun_code=filters.kommun)
            )
        )
    if filters.keyword.strip():
        word = filters.keyword.strip()
        query = query.filter(Q(name__icontains=word) | Q(description__icontains=word))
    if filters.members is not None:
        query = query.filter(org_number__in=list(filters.members))
    if filters.status == "undecided":
        query = query.filter(current_included__isnull=True)
    elif filters.status == "included":
        query = query.filter(current_included=True)
    elif filters.status == "excluded":
        query = query.filter(current_included=False)
    return query.order_by("name", "pk")


def current_decisions(
    organisations: Iterable[Organisation | int], year: int
) -> dict[int, DelimitationDecision]:
    """The current decision of each organisation for ``year`` (organisation pk → decision)."""
    ids = [o.pk if isinstance(o, Organisation) else int(o) for o in organisations]
    current: dict[int, DelimitationDecision] = {}
    rows = (
        DelimitationDecision.objects.filter(organisation_id__in=ids, year=year)
        .select_related("segment")
        .order_by("decided_at", "id")
    )
    for decision in rows:
        current[decision.organisation_id] = decision
    return current


def suggested_segment(sni_code: str) -> str | None:
    """The segment the SNI→segment suggestions of the classification propose, or None."""
    if not sni_code:
        return None
    return reference.segments().suggest(sni_code)


def _user_name(user: Any) -> str:
    name = ""
    if user is not None and getattr(user, "is_authenticated", False):
        name = user.get_full_name() or user.get_username()
    return str(name)[:150]


def decide(
    user: Any,
    organisation: Organisation,
    *,
    year: int,
    included: bool,
    reason: str,
    segment: Segment | None,
    rd_intensity: str | None = None,
    export_class: str | None = None,
    how: str = "single",
    request: HttpRequest | None = None,
) -> DelimitationDecision:
    """Add a decision for ``organisation`` and ``year`` and record it in the audit log.

    ``rd_intensity`` and ``export_class`` (when given) update the organisation; their old and
    new values go into the audit details. An excluded organisation gets no segment.
    """
    if included and segment is None:
        raise ValueError("an included organisation needs a segment")
    if not reason.strip():
        raise ValueError("a decision needs a reason")
    with transaction.atomic():
        changes: dict[str, list[str]] = {}
        for field, value in (("rd_intensity", rd_intensity), ("export_class", export_class)):
            old = getattr(organisation, field)
            if value is not None and value != old:
                changes[field] = [old, value]
                setattr(organisation, field, value)
        if changes:
            organisation.save(update_fields=[*changes, "updated_at"])
        decision = DelimitationDecision(
            organisation=organisation,
            year=year,
            included=included,
            reason=reason.strip(),
            segment=segment if included else None,
            classification_version=reference.segments().version,
            decided_by=user if getattr(user, "is_authenticated", False) else None,
            decided_by_name=_user_name(user),
            decided_at=timezone.now(),
        )
        decision._audited = True  # type: ignore[attr-defined]  # the richer event below
        decision.save()
        audit.record(
            user,
            audit.DELIMITATION_DECISION,
            organisation,
            {
                "decision": decision.pk,
                "year": year,
                "included": included,
                "segment": decision.segment_id,
                "reason": decision.reason,
                "how": how,
                "organisation_changes": changes,
            },
            request=request,
        )
    return decision


def carry_over(
    user: Any,
    organisations: QuerySet[Organisation],
    *,
    from_year: int,
    to_year: int,
    request: HttpRequest | None = None,
) -> tuple[int, int]:
    """Copy the current decisions of ``from_year`` to ``to_year``; return (copied, skipped).

    Organisations that already have a decision for ``to_year`` are skipped (never
    overwritten). Each copy is a decision of ``user`` whose reason says where it came from.
    """
    source = current_decisions(
        organisations.filter(decisions__year=from_year).distinct(), from_year
    )
    decided = set(
        DelimitationDecision.objects.filter(
            organisation_id__in=list(source), year=to_year
        ).values_list("organisation_id", flat=True)
    )
    copied = 0
    orgs = Organisation.objects.in_bulk([pk for pk in source if pk not in decided])
    with transaction.atomic():
        for pk, previous in sorted(source.items()):
            if pk in decided or pk not in orgs:
                continue
            reason = gettext("Carried over from %(year)s: %(reason)s") % {
                "year": from_year,
                "reason": previous.reason,
            }
            decide(
                user,
                orgs[pk],
                year=to_year,
                included=previous.included,
                reason=reason[:2000],
                segment=previous.segment,
                how="carry_over",
                request=request,
            )
            copied += 1
    return copied, len(source) - copied
