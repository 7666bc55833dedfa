"""Charts of client health, drawn on the server with pygal: no script and nothing fetched
when the page opens. The SVG is served as a data URI image, because the page's content
security policy refuses the inline styles pygal writes into an inline SVG."""

from __future__ import annotations

import base64

import pygal
from pygal.style import Style

STYLE = Style(background="transparent", plot_background="transparent", foreground="#1d2433",
              foreground_strong="#1d2433", foreground_subtle="#e4e7ec",
              colors=("#2f5bea", "#c2410c", "#15803d"), font_family="sans-serif")


def trend_chart(*, labels: list[str], scores: list[int | None], title: str,
                red_below: int, red_label: str, amber_below: int, amber_label: str) -> str:
    """A line of monthly scores 0–100 with the red and amber thresholds; months without a
    score leave a gap. Returns the image's data URI."""
    chart = pygal.Line(js=[], disable_xml_declaration=True, style=STYLE, width=760,
                       height=280, range=(0, 100), show_dots=True, dots_size=3,
                       legend_at_bottom=True, title=title, allow_interruptions=True,
                       print_values=False, x_label_rotation=0)
    chart.x_labels = labels
    chart.add(title, scores)
    chart.add(red_label, [red_below] * len(labels), show_dots=False,
              stroke_style={"dasharray": "4, 4"})
    chart.add(amber_label, [amber_below] * len(labels), show_dots=False,
              stroke_style={"dasharray": "2, 6"})
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
