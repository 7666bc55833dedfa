"""The dashboard's charts, drawn on the server as inline SVG with pygal.

Nothing is fetched when the page opens: pygal's own scripts (its tooltips, and the
configuration it writes inline even with `js=[]`) are removed with the tooltips they drive,
so a chart is a picture whose numbers the page also prints as a table. The page's content
security policy admits no inline style, so the stylesheet pygal writes into each chart
carries the response's nonce, and no chart colours a single bar (pygal does that with a
style attribute, which no nonce can admit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pygal
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from retainer.clients.models import Stage
from retainer.core.labels import label
from retainer.core.templatetags.retainer import amount
from retainer.dashboard.selectors import BurnFigures, DashboardFigures, HealthFigures

GREEN, AMBER, RED, GREY, BLUE = "#15803d", "#d97706", "#b91c1c", "#9ca3af", "#2f5bea"

CALM = dict(
    background="transparent",
    plot_background="transparent",
    foreground="#1d2433",
    foreground_strong="#1d2433",
    foreground_subtle="#e4e7ec",
    opacity=".85",
    opacity_hover="1",
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    title_font_size=17,
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    value_label_font_size=14,
    legend_font_size=14,
    tooltip_font_size=14,
)


def dashboard_charts(figures: DashboardFigures, *, nonce: str) -> dict[str, SafeString]:
    """Every chart of the dashboard, their stylesheets admitted by `nonce`."""
    return {
        "health_bands": health_bands(figures.health, nonce=nonce),
        "health_trend": health_trend(figures.health, nonce=nonce),
        "stages": stages(figures, nonce=nonce),
        "breaches": breaches(figures, nonce=nonce),
        "concessions": concessions(figures, nonce=nonce),
        "burners": burners(figures.burn, nonce=nonce),
    }


def _style(*colours: str) -> Style:
    return Style(colors=colours, **CALM)


def _as_picture(title: str, nonce: str) -> Callable:
    """An xml filter: no scripts, tooltips or comments left, the stylesheet admitted by the
    nonce, and the chart announced to screen readers as one image named by its title."""

    def tidy(root):
        for node in list(root.iter()):
            tag = node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else None
            if tag is None or tag == "script" or "tooltip-overlay" in node.get("class", ""):
                node.getparent().remove(node)
            elif tag == "style":
                node.set("nonce", nonce)
        root.set("role", "img")
        root.set("aria-label", title)
        return root

    return tidy


def _chart(kind, title: str, nonce: str, *colours: str, **options):
    # Drawn about the size a dashboard column shows it, so that its text stays readable.
    options = {"width": 440, "height": 340, "show_legend": False, "margin": 10, **options}
    chart = kind(style=_style(*colours), title=title, js=[], disable_xml_declaration=True,
                 **options)
    return chart.add_xml_filter(_as_picture(title, nonce))


def _svg(chart) -> SafeString:
    # pygal escapes every text it writes (titles, labels, client names) as XML.
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308


def month_label(month: date) -> str:
    return date_format(month, "M Y")


def health_bands(health: HealthFigures, *, nonce: str) -> SafeString:
    parts = [(_("healthy"), health.green, GREEN), (_("at risk"), health.amber, AMBER),
             (_("red"), health.red, RED), (_("not scored yet"), health.not_scored, GREY)]
    if health.month is None:
        return SafeString("")
    chart = _chart(pygal.Pie, _("Clients by health"), nonce, *(colour for *_rest, colour in parts),
                   inner_radius=0.55, show_legend=True, legend_at_bottom=True,
                   legend_at_bottom_columns=2)
    for name, count, _colour in parts:
        chart.add(name, count)
    return _svg(chart)


def health_trend(health: HealthFigures, *, nonce: str) -> SafeString:
    if not any(month.scored for month in health.trend):
        return SafeString("")
    chart = _chart(pygal.Line, _("Average health per month"), nonce, GREEN, range=(0, 100),
                   x_labels=[month_label(m.month) for m in health.trend],
                   x_label_rotation=-30, allow_interruptions=True, dots_size=4)
    chart.add(_("average health"), [m.average for m in health.trend])
    return _svg(chart)


def stages(figures: DashboardFigures, *, nonce: str) -> SafeString:
    # A horizontal chart draws its first row at the bottom: the stages go in reversed, so
    # that they read from courtship down to the end.
    rows = list(reversed(figures.stages))
    chart = _chart(pygal.HorizontalBar, _("Clients by lifecycle stage"), nonce, BLUE,
                   x_labels=[label(Stage, row.stage) for row in rows], print_values=True,
                   y_labels=_whole([row.clients for row in rows]))
    chart.add(_("clients"), [row.clients for row in rows])
    return _svg(chart)


def breaches(figures: DashboardFigures, *, nonce: str) -> SafeString:
    months = figures.breaches.months
    if not any(row.count for row in months):
        return SafeString("")
    chart = _chart(pygal.Bar, _("Replies past the response target, per month"), nonce,
                   AMBER, x_labels=[month_label(row.month) for row in months],
                   x_label_rotation=-30, y_labels=_whole([row.count for row in months]))
    chart.add(_("breaches"), [row.count for row in months])
    return _svg(chart)


def concessions(figures: DashboardFigures, *, nonce: str) -> SafeString:
    months = figures.concessions.months
    if not any(row.count for row in months):
        return SafeString("")
    chart = _chart(pygal.Bar, _("Cost of concessions per month"), nonce, RED,
                   x_labels=[month_label(row.month) for row in months], x_label_rotation=-30,
                   value_formatter=amount)
    chart.add(_("cost of concessions"), [row.cost for row in months])
    return _svg(chart)


def burners(burn: BurnFigures, *, nonce: str) -> SafeString:
    if not burn.top:
        return SafeString("")
    rows = list(reversed(burn.top))  # the fastest on top
    chart = _chart(pygal.HorizontalBar, _("Retainers burning fastest, in per cent used"),
                   nonce, AMBER, x_labels=_names([row.client_name for row in rows]),
                   print_values=True)
    chart.add(_("per cent used"), [row.burn_pct for row in rows])
    return _svg(chart)


def _whole(counts: Sequence[int]) -> list[int]:
    """Whole-number ticks for an axis of counts (pygal would draw 0.2, 0.4 … for a few)."""
    top = max(max(counts, default=0), 1)
    step = max(1, -(-top // 6))
    return list(range(0, top + step, step))


def _names(names: Sequence[str]) -> list[str]:
    return [name if len(name) <= 28 else name[:27] + "…" for name in names]
