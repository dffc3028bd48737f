"""Charts of the annual and monitoring reports as SVG (matplotlib, Agg backend),
returned as ``data:`` URIs that the report's HTML embeds in ``<img>``.

Text is drawn as paths with DejaVu Sans (Cyrillic), so the PDF needs no font of
its own for the charts; the output is deterministic (no date, fixed ids).
Each function takes plain figures and returns "" when there is nothing to draw.
"""

import base64
import io
import textwrap

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "svg.fonttype": "none",
    "svg.hashsalt": "mentoring-report",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
WIDTH_IN = 6.6  # the text width of an A4 page with the report's margins
PRIMARY = "#1f4e79"
SECONDARY = "#9dc3e6"
PALETTE = ("#9e9e9e", "#c9a227", "#5b9bd5", "#1f4e79", "#70ad47", "#c00000")


def _svg_uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(rows: int) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(WIDTH_IN, max(1.4, 0.32 * rows + 0.7)))


def _wrap(label: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(str(label), width)[:3]) or "—"


def _shorten(title: str, width: int = 60) -> str:
    return textwrap.shorten(str(title), width, placeholder="…")


def bar_chart(labels: list[str], values: list[float], *, unit: str = "") -> str:
    """Horizontal bars, one per label (e.g. pairs by status), values printed."""
    if not labels or not any(values):
        return ""
    with matplotlib.rc_context(STYLE):
        figure = _figure(len(labels))
        axes = figure.subplots()
        positions = range(len(labels))
        colors = [PALETTE[n % len(PALETTE)] for n in positions]
        bars = axes.barh(list(positions), values, color=colors)
        axes.set_yticks(list(positions), [_wrap(label) for label in labels])
        axes.invert_yaxis()
        axes.bar_label(bars, labels=[f"{v:g}{unit}" for v in values], padding=2)
        axes.margins(x=0.12)
        axes.tick_params(axis="x", labelsize=7)
        return _svg_uri(figure)


def grouped_bars(labels: list[str], series: list[tuple[str, list[float | None]]], *,
                 unit: str = "", limit: float | None = None) -> str:
    """Horizontal grouped bars: for each label one bar per series (e.g. mentors and
    mentees per form; target and actual per indicator). None is drawn as no bar."""
    if not labels or not any(v for _name, values in series for v in values if v):
        return ""
    with matplotlib.rc_context(STYLE):
        figure = _figure(len(labels) * max(1, len(series)) * 0.6 + 1)
        axes = figure.subplots()
        height = 0.8 / len(series)
        colors = (SECONDARY, PRIMARY, PALETTE[4])
        for n, (name, values) in enumerate(series):
            positions = [i + (n - (len(series) - 1) / 2) * height for i in range(len(labels))]
            numbers = [float(v) if v is not None else 0 for v in values]
            bars = axes.barh(positions, numbers, height=height, label=name, color=colors[n % 3])
            axes.bar_label(
                bars, labels=[f"{float(v):g}{unit}" if v is not None else "—" for v in values],
                padding=2, fontsize=7,
            )
        axes.set_yticks(list(range(len(labels))), [_wrap(label) for label in labels])
        axes.invert_yaxis()
        if limit is not None:
            axes.set_xlim(0, limit * 1.12)
        else:
            axes.margins(x=0.12)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=len(series), fontsize=7, frameon=False)
        axes.tick_params(axis="x", labelsize=7)
        return _svg_uri(figure)


def report_charts(data) -> dict[str, str]:
    """The four charts of a report (``reports.services.annual.AnnualReportData``):
    ``pairs`` (pairs by status), ``participants`` (mentors and mentees by form),
    ``indicators`` (target vs actual of the per-cent indicators, labelled by
    their number in the table) and ``stages`` (roadmap completion, %)."""
    percent_rows = [
        (n, row) for n, row in enumerate(data.indicators, start=1)
        if row.unit_label == "%" and (row.target is not None or row.actual is not None)
    ]
    return {
        "pairs": bar_chart([label for label, _n in data.status_counts],
                           [n for _label, n in data.status_counts]),
        "participants": grouped_bars(
            [line.form for line in data.forms],
            [("Наставники", [line.mentors for line in data.forms]),
             ("Наставляемые", [line.mentees for line in data.forms])],
        ),
        "indicators": grouped_bars(
            [f"{n}. {_shorten(row.indicator.title)}" for n, row in percent_rows],
            [("Целевое значение", [row.target for _n, row in percent_rows]),
             ("Фактическое значение", [row.actual for _n, row in percent_rows])],
            unit="%",
            limit=max([100.0] + [float(v) for _n, r in percent_rows for v in (r.target, r.actual)
                                 if v is not None]),
        ),
        "stages": bar_chart([f"{s['number']}. {s['title']}" for s in data.stages],
                            [s["percent"] for s in data.stages], unit="%"),
    }
