"""Charts of the recruitment, shortage and specialisation sections: forecast scenarios with
intervals, openings per occupation, the backtest error, the shortage signals, shift-share."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecc_atlas.charts import Lang, bar_chart, interval_lines, signal_matrix, stacked_bars
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.formatting import format_number, format_percent
from ecc_atlas.web.dashboard.tables import Published
from ecc_atlas.web.dashboard.tables.vocabularies import SCENARIOS, label, segment_codes
from ecc_atlas.web.dashboard.visuals.base import ChartDef, Measure, region_name, register

__all__ = ["TOP"]

TOP = 15


def _county(lang: Lang) -> str:
    return region_name(data.home_region(), lang)


# --- scenarios --------------------------------------------------------------------------------


def _scenario_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("openings_central") is not None]
    if not rows:
        return _("No forecast.")
    parts = []
    for scenario in SCENARIOS:
        mine = [row for row in rows if row["scenario"] == scenario][:5]
        if mine:
            mean = sum(row["openings_central"] for row in mine) / len(mine)
            low = sum(row["openings_low"] for row in mine) / len(mine)
            high = sum(row["openings_high"] for row in mine) / len(mine)
            parts.append(
                _("%(scenario)s %(mean)s (%(low)s–%(high)s)")
                % {
                    "scenario": mine[0]["scenario_name"],
                    "mean": format_number(mean, lang=lang),
                    "low": format_number(low, lang=lang),
                    "high": format_number(high, lang=lang),
                }
            )
    return _(
        "Openings per year in the energy sector of %(county)s over the next five years, by "
        "scenario: %(parts)s."
    ) % {"county": _county(lang), "parts": "; ".join(parts)}


def _scenarios(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    order = [label("scenario", code, lang) or code for code in SCENARIOS]
    return interval_lines(
        table.rows(),
        x="year",
        series="scenario_name",
        value="openings_central",
        low="openings_low",
        high="openings_high",
        title=_("Openings per year by scenario"),
        subtitle=_("%(county)s; shaded: interval") % {"county": _county(lang)},
        value_title=_("Openings"),
        x_title=_("Year"),
        series_title=_("Scenario"),
        series_order=order,
        interval_title=_("Interval"),
        lang=lang,
    )


register(
    ChartDef(
        name="recruitment-scenarios",
        table="recruitment-scenarios",
        heading=gettext_lazy("Scenarios side by side"),
        build=_scenarios,
        describe=_scenario_summary,
    )
)

# --- per occupation ---------------------------------------------------------------------------


def _occupation_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("openings_central") is not None]
    if not rows:
        return _("No forecast per occupation.")
    top = rows[0]
    total = sum(row["openings_central"] for row in rows)
    return _(
        "%(total)s openings per year in the occupations with published figures (scenario: "
        "%(scenario)s); most in %(occupation)s with %(openings)s (%(low)s–%(high)s), of "
        "which %(share)s replace people leaving."
    ) % {
        "total": format_number(total, lang=lang),
        "scenario": top["scenario_name"],
        "occupation": top["occupation"],
        "openings": format_number(top["openings_central"], lang=lang),
        "low": format_number(top["openings_low"], lang=lang),
        "high": format_number(top["openings_high"], lang=lang),
        "share": format_percent(top.get("replacement_share"), lang=lang),
    }


def _occupations(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = [row for row in table.rows() if row.get("openings_central") is not None][:TOP]
    return bar_chart(
        [{**row, "name": f"{row['occupation']} ({row['ssyk']})"} for row in rows],
        category="name",
        value="openings_central",
        interval=("openings_low", "openings_high"),
        title=_("Openings per year by occupation, the next five years"),
        subtitle=_("The %(top)s occupations with most openings; whiskers: interval") % {"top": TOP},
        value_title=_("Openings per year"),
        category_title=_("Occupation"),
        extra_tooltip=[
            ("openings_low", _("Openings, low"), ",.0f"),
            ("openings_high", _("Openings, high"), ",.0f"),
            ("replacement_share", _("Replacement share"), ".0%"),
            ("backtest_mape", _("Backtest error (MAPE)"), ".0%"),
        ],
        lang=lang,
    )


register(
    ChartDef(
        name="recruitment-occupations",
        table="recruitment-occupations",
        heading=gettext_lazy("Recruitment need per occupation"),
        build=_occupations,
        describe=_occupation_summary,
    )
)

# --- backtest ---------------------------------------------------------------------------------


def _backtest_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = table.rows()
    overall = {row["measure"]: row for row in rows if row["scope"] == "overall"}
    openings = overall.get("openings")
    employment = overall.get("employment")
    if openings is None or employment is None:
        return _("No backtest.")
    return _(
        "Run from %(year)s and compared with the %(years)s years that followed, the model "
        "missed total employment by %(emp)s and total openings by %(open)s on average (MAPE); "
        "%(coverage)s of the actual openings fell inside the interval."
    ) % {
        "year": openings["base_year"],
        "years": openings["years"],
        "emp": format_percent(employment["mape"], lang=lang, decimals=1),
        "open": format_percent(openings["mape"], lang=lang, decimals=1),
        "coverage": format_percent(openings["coverage"], lang=lang),
    }


def _backtest(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = [
        row
        for row in table.rows()
        if row["scope"] == "group" and row["measure"] == "openings" and row["mape"] is not None
    ]
    rows = sorted(rows, key=lambda row: row["mape"])[: TOP * 2]
    named = [{**row, "name": f"{row['occupation']} ({row['ssyk']})"} for row in rows]
    return bar_chart(
        named,
        category="name",
        value="mape",
        sort=[row["name"] for row in named],
        title=_("Backtest error of openings by occupation (MAPE)"),
        subtitle=_("Lower is better; the occupations with the smallest errors first"),
        value_title=_("MAPE"),
        category_title=_("Occupation"),
        value_format=".0%",
        extra_tooltip=[("bias", _("Bias"), "+.0%"), ("coverage", _("Coverage"), ".0%")],
        lang=lang,
    )


register(
    ChartDef(
        name="recruitment-backtest",
        table="recruitment-backtest",
        heading=gettext_lazy("How well the forecast did"),
        build=_backtest,
        describe=_backtest_summary,
    )
)

# --- shortage signals -------------------------------------------------------------------------

_SIGNAL_COLUMNS = (
    ("forecast_signal", gettext_lazy("Forecast")),
    ("difficulty_signal", gettext_lazy("Employers")),
    ("barometer_signal", gettext_lazy("Barometer")),
    ("ad_signal", gettext_lazy("Job ads")),
    ("verdict", gettext_lazy("Verdict")),
)


def _shortage_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = table.rows()
    counts = {code: sum(1 for row in rows if row["verdict"] == code) for code in
              ("brist", "balans", "överskott")}  # fmt: skip
    disagree = sum(1 for row in rows if row.get("disagreement"))
    return _(
        "Of %(total)s occupations, %(shortage)s are shortage occupations, %(balance)s in "
        "balance and %(surplus)s in surplus; the signals disagree for %(disagree)s."
    ) % {
        "total": len(rows),
        "shortage": counts["brist"],
        "balance": counts["balans"],
        "surplus": counts["överskott"],
        "disagree": disagree,
    }


def _shortages(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = [row for row in table.rows() if row.get("verdict")]
    rows = sorted(rows, key=lambda row: (-(row.get("score") or 0), row["ssyk"]))[: TOP * 2]
    long = []
    for row in rows:
        name = f"{row['occupation']} ({row['ssyk']})" + (" ⚠" if row.get("disagreement") else "")
        for field, heading in _SIGNAL_COLUMNS:
            long.append({"occupation": name, "source": str(heading), "signal": row.get(field)})
    labels = {code: label("signal", code, lang) or code for code in ("brist", "balans",
                                                                        "överskott")}  # fmt: skip
    return signal_matrix(
        long,
        row="occupation",
        column="source",
        signal="signal",
        text=_("Signal"),
        title=_("Shortage signals by occupation"),
        subtitle=_("⚠ = the signals disagree; – = no signal from that source"),
        row_order=list(dict.fromkeys(str(item["occupation"]) for item in long)),
        column_order=[str(heading) for _f, heading in _SIGNAL_COLUMNS],
        legend_labels=labels,
        lang=lang,
    )


register(
    ChartDef(
        name="shortage-signals",
        table="shortages",
        heading=gettext_lazy("Each signal, and where they disagree"),
        build=_shortages,
        describe=_shortage_summary,
    )
)

# --- shift-share ------------------------------------------------------------------------------

_COMPONENTS = ("national_effect", "industry_mix", "competitive_effect")


def _shift_summary(table: Published, lang: Lang, _m: Measure | None) -> str:
    rows = [row for row in table.rows() if row.get("competitive_effect") is not None]
    if not rows:
        return _("No shift-share.")
    best = max(rows, key=lambda row: row["competitive_effect"])
    worst = min(rows, key=lambda row: row["competitive_effect"])
    return _(
        "From %(start)s to %(end)s the regional competitive effect was largest in %(best)s "
        "(%(best_n)s employees more than national growth would give) and smallest in "
        "%(worst)s (%(worst_n)s)."
    ) % {
        "start": best["start_year"],
        "end": best["end_year"],
        "best": best.get("segment_name") or best.get("lan"),
        "best_n": format_number(best["competitive_effect"], lang=lang),
        "worst": worst.get("segment_name") or worst.get("lan"),
        "worst_n": format_number(worst["competitive_effect"], lang=lang),
    }


def _shift(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    names = {code: label("component", code, lang) or code for code in _COMPONENTS}
    long = [
        {"segment": row["segment_name"], "component": names[c], "value": row[c]}
        for row in table.rows()
        for c in _COMPONENTS
        if row.get(c) is not None
    ]
    order = [label("segment", code, lang) or code for code in segment_codes()]
    first = next((row for row in table.rows() if row.get("start_year")), None)
    span = f"{first['start_year']}–{first['end_year']}" if first else ""
    return stacked_bars(
        long,
        category="segment",
        series="component",
        value="value",
        title=_("Change in employees by segment, decomposed (shift-share)"),
        subtitle=f"{_county(lang)} {span}",
        value_title=_("Employees"),
        category_title=_("Segment"),
        series_title=_("Component"),
        series_order=[names[c] for c in _COMPONENTS],
        category_order=order,
        lang=lang,
    )


register(
    ChartDef(
        name="shift-share",
        table="shift-share",
        heading=gettext_lazy("Shift-share: why the segments grew"),
        build=_shift,
        describe=_shift_summary,
    )
)


def _county_shift(table: Published, lang: Lang, _m: Measure | None) -> dict[str, Any]:
    rows = [{**row, "name": region_name(row["lan_code"], lang)} for row in table.rows()]
    first = rows[0] if rows else {"start_year": "", "end_year": ""}
    return bar_chart(
        rows,
        category="name",
        value="competitive_effect",
        title=_("Regional competitive effect by county"),
        subtitle=_("%(start)s–%(end)s; employees beyond national and sector growth")
        % {"start": first["start_year"], "end": first["end_year"]},
        value_title=_("Employees"),
        category_title=_("County"),
        highlight=_county(lang),
        extra_tooltip=[("growth", _("Growth"), "+.1%"), ("change", _("Change"), ",.0f")],
        lang=lang,
    )


register(
    ChartDef(
        name="county-shift-share",
        table="county-shift-share",
        heading=gettext_lazy("Growth compared with the country"),
        build=_county_shift,
        describe=_shift_summary,
    )
)
