"""The clinician report as a PDF (ReportLab): A4 or Letter, vector charts, black and white.

Every section of the report that is present gets its heading, its claims (each
with its rule code) and its data; the pain, load and questionnaire histories are
drawn as vector charts (``reportlab.graphics``) that read without colour: series
differ by dash pattern and marker shape, not hue. The not-medical-advice line is on
every page. Standard PDF fonts only, nothing fetched: rendering needs no network.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from runback.engine.answers import Reason
from runback.engine.report import (
    Adherence,
    InjuryStory,
    InstrumentScores,
    PainHistory,
    Questionnaires,
    Questions,
    Readiness,
    Reading,
    RedFlagScreen,
    Report,
    SelfAssessments,
    StrengthProgress,
    Tried,
    Visits,
    WellbeingSection,
    WholeBody,
)


class Paper(StrEnum):
    """Page size of the PDF."""

    A4 = "a4"
    LETTER = "letter"


PAGE_SIZES = {Paper.A4: A4, Paper.LETTER: LETTER}
MARGIN = 18 * mm
GREYS = (colors.black, colors.Color(0.35, 0.35, 0.35), colors.Color(0.55, 0.55, 0.55))
DASHES: tuple[tuple[float, ...] | None, ...] = (None, (4, 2), (1, 2))
MARKERS = ("FilledCircle", "FilledSquare", "FilledTriangle", "Cross")
BAR_FILL = colors.Color(0.82, 0.82, 0.82)
FOOTER = "runback report as of {day}. Not medical advice and not a diagnosis."
CHART_WEEKS = 26
"""The weekly load chart shows the latest half year (the JSON keeps every week)."""

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontSize=9, leading=11.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10)
H1 = ParagraphStyle("h1", parent=_STYLES["Title"], fontSize=17, leading=21, alignment=0)
H2 = ParagraphStyle(
    "h2", parent=_STYLES["Heading2"], fontSize=12, leading=15, spaceBefore=8, keepWithNext=1
)
"""Section headings never end a page: they stay with what follows."""
LEAD = ParagraphStyle("lead", parent=SMALL, keepWithNext=1)
CLAIM = ParagraphStyle("claim", parent=BODY, leftIndent=10, bulletIndent=0)


def render_pdf(report: Report, paper: Paper = Paper.A4) -> bytes:
    """The report as PDF bytes (the caller decides where they go)."""
    buffer = io.BytesIO()
    size = PAGE_SIZES[paper]
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title="runback clinician report",
        author="runback",
        subject=report.notice,
        invariant=1,
    )
    width = size[0] - 2 * MARGIN
    story: list[Flowable] = [
        Paragraph("Report for the clinician", H1),
        Paragraph(f"As of {_day(report.today)}. {escape(report.notice)}", SMALL),
        Spacer(1, 4 * mm),
    ]
    for _key, section in report.present():
        story.extend(_RENDERERS[type(section)](section, width))
    doc.build(story, onFirstPage=_footer(report), onLaterPages=_footer(report))
    return buffer.getvalue()


def _footer(report: Report) -> Callable[[Canvas, Any], None]:
    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(MARGIN, 10 * mm, FOOTER.format(day=_day(report.today)))
        canvas.drawRightString(doc.pagesize[0] - MARGIN, 10 * mm, f"page {doc.page}")
        canvas.restoreState()

    return draw


# -- building blocks --------------------------------------------------------------------
def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _words(value: str) -> str:
    return value.replace("_", " ")


def _heading(section: Any) -> list[Flowable]:
    return [Paragraph(escape(section.title), H2)]


def _claims(reasons: Sequence[Reason]) -> list[Flowable]:
    return [
        Paragraph(f"{escape(r.text)} <font size=7>[{escape(r.code)}]</font>", CLAIM, bulletText="-")
        for r in reasons
    ]


def _facts(rows: Sequence[tuple[str, object]]) -> list[Flowable]:
    shown = [(k, v) for k, v in rows if v is not None and v != ""]
    if not shown:
        return []
    data = [[Paragraph(escape(k), SMALL), Paragraph(escape(_text(v)), SMALL)] for k, v in shown]
    table = Table(data, colWidths=[45 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    )
    return [table]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return _day(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_words(str(v)) for v in value) or "none"
    return _words(str(value))


def _grid(header: Sequence[str], rows: Sequence[Sequence[object]], width: float) -> Table:
    data: list[list[Any]] = [[Paragraph(f"<b>{escape(h)}</b>", SMALL) for h in header]]
    data += [[Paragraph(escape("" if c is None else _text(c)), SMALL) for c in row] for row in rows]
    table = Table(data, repeatRows=1, hAlign="LEFT", colWidths=[width / len(header)] * len(header))
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.2, colors.Color(0.7, 0.7, 0.7)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


# -- charts (vector, black and white) ---------------------------------------------------
class Series:
    """One line on a chart: points (x index, y), a legend label, a style number."""

    def __init__(self, label: str, points: Sequence[tuple[int, float]], style: int) -> None:
        self.label = label
        self.points = points
        self.style = style


def _chart(
    width: float,
    height: float,
    labels: Sequence[str],
    y_max: float,
    y_label: str,
    *,
    bars: Sequence[float] = (),
    bar_label: str = "",
    bar_max: float = 0,
    lines: Sequence[Series] = (),
    y_min: float = 0,
) -> Drawing:
    """Bars (grey, right axis) under lines (black, dashed, marked; left axis)."""
    drawing = Drawing(width, height)
    left, right, bottom, top = 28.0, 30.0 if bars else 8.0, 26.0, 16.0
    plot_w, plot_h = width - left - right, height - bottom - top
    n = max(len(labels), 1)
    step = plot_w / n

    def x_at(i: int) -> float:
        return left + step * (i + 0.5)

    def y_at(v: float) -> float:
        span = (y_max - y_min) or 1
        return bottom + plot_h * (v - y_min) / span

    drawing.add(
        Rect(
            left, bottom, plot_w, plot_h, fillColor=None, strokeColor=colors.black, strokeWidth=0.5
        )
    )
    for k in range(5):
        v = y_min + (y_max - y_min) * k / 4
        y = y_at(v)
        drawing.add(Line(left - 2, y, left, y, strokeWidth=0.5))
        drawing.add(
            String(left - 4, y - 2.5, _tick(v, y_max - y_min), fontSize=6, textAnchor="end")
        )
        drawing.add(
            Line(
                left, y, left + plot_w, y, strokeWidth=0.2, strokeColor=colors.Color(0.8, 0.8, 0.8)
            )
        )
    drawing.add(String(2, bottom + plot_h + 5, y_label, fontSize=6.5))
    if bars and bar_max > 0:
        bar_w = step * 0.6
        for i, v in enumerate(bars):
            h = plot_h * v / bar_max
            drawing.add(
                Rect(
                    x_at(i) - bar_w / 2,
                    bottom,
                    bar_w,
                    h,
                    fillColor=BAR_FILL,
                    strokeColor=colors.Color(0.5, 0.5, 0.5),
                    strokeWidth=0.3,
                )
            )
        for k in range(5):
            v = bar_max * k / 4
            y = bottom + plot_h * k / 4
            drawing.add(String(left + plot_w + 3, y - 2.5, f"{v:g}", fontSize=6))
        drawing.add(
            String(width - 2, bottom + plot_h + 5, bar_label, fontSize=6.5, textAnchor="end")
        )
    every = max(1, n // 10)
    for i, label in enumerate(labels):
        if i % every == 0:
            drawing.add(String(x_at(i), bottom - 9, label, fontSize=6, textAnchor="middle"))
    for series in lines:
        grey = GREYS[series.style % len(GREYS)]
        points = [(x_at(i), y_at(v)) for i, v in series.points]
        if len(points) > 1:
            flat = [c for p in points for c in p]
            drawing.add(
                PolyLine(
                    flat,
                    strokeColor=grey,
                    strokeWidth=1,
                    strokeDashArray=DASHES[series.style % len(DASHES)],
                )
            )
        for x, y in points:
            marker = makeMarker(
                MARKERS[series.style % len(MARKERS)],
                x=x,
                y=y,
                size=4,
                fillColor=grey,
                strokeColor=grey,
            )
            drawing.add(marker)
    legend = [(s.label, s.style) for s in lines]
    x = left
    for label, style in legend:
        grey = GREYS[style % len(GREYS)]
        drawing.add(
            Line(
                x,
                6,
                x + 14,
                6,
                strokeColor=grey,
                strokeWidth=1,
                strokeDashArray=DASHES[style % len(DASHES)],
            )
        )
        drawing.add(
            makeMarker(
                MARKERS[style % len(MARKERS)],
                x=x + 7,
                y=6,
                size=4,
                fillColor=grey,
                strokeColor=grey,
            )
        )
        drawing.add(String(x + 17, 4, label, fontSize=6.5))
        x += 24 + stringWidth(label, "Helvetica", 6.5)
    if bars:
        drawing.add(
            Rect(
                x,
                3,
                8,
                6,
                fillColor=BAR_FILL,
                strokeColor=colors.Color(0.5, 0.5, 0.5),
                strokeWidth=0.3,
            )
        )
        drawing.add(String(x + 11, 4, bar_label, fontSize=6.5))
    return drawing


def _tick(value: float, span: float) -> str:
    """An axis label: whole numbers once the axis spans more than 10."""
    return f"{round(value):d}" if span > 10 else f"{value:g}"


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


# -- sections ---------------------------------------------------------------------------
def _injury_story(s: InjuryStory, width: float) -> list[Flowable]:
    facts = [
        ("Site", s.site),
        ("Kind", s.kind),
        ("Onset", f"{_day(s.onset)} ({s.days_since_onset} days ago)"),
        ("Pathway", s.pathway.value),
        ("Course", "getting worse" if s.worsening else "not getting worse"),
        ("Pain at rest / walking", f"{s.pain_rest}/10, {s.pain_walking}/10"),
        ("Aggravators", s.aggravators),
        ("Bone stress risk", s.bone_stress_risk),
        ("Last run", s.last_run_before_report),
        (
            "Pain-free running",
            f"{s.pain_free_run_minutes} min" if s.pain_free_run_minutes is not None else None,
        ),
        ("Used to flare at", f"{s.flare_point_minutes} min" if s.flare_point_minutes else None),
    ]
    return [*_heading(s), *_facts(facts), *_claims(s.claims)]


def _screen(s: RedFlagScreen, width: float) -> list[Flowable]:
    facts = [("Status", s.status.value), ("Red flags", s.flags or "none reported")]
    return [*_heading(s), *_facts(facts), *_claims(s.claims)]


def _whole_body(s: WholeBody, width: float) -> list[Flowable]:
    facts = [
        ("Previous injuries", s.previous_injuries),
        ("Previous bone stress injuries", s.previous_bone_stress_injuries),
        ("Bone stress history", s.bone_stress_history),
    ]
    return [*_heading(s), *_facts(facts), *_claims(s.claims)]


def _wellbeing(s: WellbeingSection, width: float) -> list[Flowable]:
    facts = [
        ("Sleep", f"{s.sleep_hours:g} h a night" if s.sleep_hours is not None else None),
        ("Stress", f"{s.stress}/10" if s.stress is not None else None),
        (
            "Fear of re-injury",
            f"{s.fear_of_reinjury}/10" if s.fear_of_reinjury is not None else None,
        ),
        ("Fuelling enough", s.fuelling_ok),
        ("Energy-availability signs", s.low_energy_availability_signs),
        ("TSK-11 (latest)", f"{s.tsk11_latest}/44" if s.tsk11_latest is not None else None),
    ]
    return [*_heading(s), *_facts(facts), *_claims(s.claims)]


def _pain_history(s: PainHistory, width: float) -> list[Flowable]:
    labels = [_short(r.date) for r in s.runs]

    def series(label: str, field: str, style: int) -> Series:
        points = [
            (i, float(getattr(r, field)))
            for i, r in enumerate(s.runs)
            if getattr(r, field) is not None
        ]
        return Series(label, points, style)

    lines = [
        series("during", "pain_during_max", 0),
        series("after", "pain_after", 1),
        series("next morning", "pain_next_morning", 2),
    ]
    minutes = [r.run_minutes for r in s.runs]
    chart = _chart(
        width, 70 * mm, labels, 10, "pain 0-10",
        bars=minutes, bar_label="run minutes", bar_max=_nice(max(minutes)), lines=lines,
    )  # fmt: skip
    intro = Paragraph(f"Pain allowed during running: {s.allowed_pain}/10.", LEAD)
    out: list[Flowable] = [*_heading(s), intro, chart]
    weeks = s.weeks[-CHART_WEEKS:]
    if weeks:
        week_labels = [_short(w.week_start) for w in weeks]
        loads = [w.load for w in weeks]
        run_line = Series("run minutes", [(i, w.run_minutes) for i, w in enumerate(weeks)], 0)
        top = _nice(max([*loads, *(w.run_minutes for w in weeks)]))
        out.append(
            _chart(
                width,
                55 * mm,
                week_labels,
                top,
                "minutes a week",
                bars=loads,
                bar_label="training load (all sessions)",
                bar_max=top,
                lines=[run_line],
            )
        )
    rows = [
        (r.date, r.run_minutes, r.pain_before, r.pain_during_max, r.pain_after, r.pain_next_morning,
         r.pattern.value if r.pattern else "pain not reported")
        for r in s.runs[-20:]
    ]  # fmt: skip
    out.append(
        _grid(
            ["Date", "Run min", "Before", "During", "After", "Next morning", "Read as"], rows, width
        )
    )
    out += [
        Paragraph(
            f"{_day(f.date)}: {escape(f.text)} <font size=7>[{escape(f.code)}]</font>",
            SMALL,
        )
        for f in s.load_flags
    ]
    return out + _claims(s.claims)


def _nice(value: float) -> float:
    """A round axis top at or above ``value``."""
    for top in (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300, 400, 500, 750, 1000):
        if value <= top:
            return float(top)
    return float(value)


def _adherence(s: Adherence, width: float) -> list[Flowable]:
    rows = [
        (
            w.week_start,
            w.runs,
            w.strength_sessions,
            w.plyometric_sessions,
            w.cross_training_sessions,
        )
        for w in s.weeks
    ]
    intro = (
        f"Strength sessions met the target of {s.strength_target_per_week} a week in "
        f"{s.weeks_meeting_strength_target} of the last {s.full_weeks} full weeks."
    )
    return [
        *_heading(s),
        Paragraph(escape(intro), BODY),
        _grid(["Week of", "Runs", "Strength", "Plyometrics", "Cross-training"], rows, width),
        *_claims(s.claims),
    ]


def _strength(s: StrengthProgress, width: float) -> list[Flowable]:
    rows = [
        (e.name, e.sessions[0].date, f"{e.first_load_kg:g} kg", e.sessions[-1].date,
         f"{e.last_load_kg:g} kg", f"{e.sessions[-1].sets} x {e.sessions[-1].reps}",
         len(e.sessions))
        for e in s.exercises
    ]  # fmt: skip
    return [
        *_heading(s),
        _grid(
            ["Exercise", "First", "Load", "Latest", "Load", "Sets x reps", "Sessions"], rows, width
        ),
        *_claims(s.claims),
    ]


def _readiness(s: Readiness, width: float) -> list[Flowable]:
    rows = [
        (r.title, r.date, r.left, r.right, _words(r.unit), r.pain,
         f"{r.symmetry:g}%" if r.symmetry is not None else "")
        for r in s.results
    ]  # fmt: skip
    gates = [
        (
            _words(g.gate),
            "open" if g.open else "closed",
            ", ".join(_words(h) for h in g.holding_back) or "-",
        )
        for g in s.gates
    ]
    return [
        *_heading(s),
        _grid(["Test", "Date", "Left", "Right", "Unit", "Pain", "Symmetry"], rows, width),
        Spacer(1, 2 * mm),
        _grid(["Gate", "Now", "Held back by"], gates, width),
        *_claims(s.claims),
    ]


def _self_assessments(s: SelfAssessments, width: float) -> list[Flowable]:
    """Each note once; a note that is also a claim carries the claim's code."""
    codes = {c.text: c.code for c in s.claims}
    notes = []
    for n in s.notes:
        code = f" <font size=7>[{escape(codes[n.text])}]</font>" if n.text in codes else ""
        concern = " (a concern)" if n.concern else ""
        text = f"{_day(n.date)}: {escape(n.text)}{concern}{code}"
        notes.append(Paragraph(text, CLAIM, bulletText="-"))
    shown = {n.text for n in s.notes}
    return [*_heading(s), *notes, *_claims([c for c in s.claims if c.text not in shown])]


def _questionnaires(s: Questionnaires, width: float) -> list[Flowable]:
    out = _heading(s)
    for instrument in s.instruments:
        out.extend(_instrument(instrument, width))
    return out + _claims(s.claims)


def _instrument(i: InstrumentScores, width: float) -> list[Flowable]:
    direction = "higher is better" if i.higher_is_better else "higher is worse"
    scores = ", ".join(
        f"{_short(p.date)}: {p.score}{' (substantial)' if p.substantial else ''}" for p in i.scores
    )
    text = f"<b>{escape(i.label)}</b> ({i.lowest}-{i.highest}, {direction}): {escape(scores)}"
    if len(i.scores) < 2:
        return [Paragraph(text, SMALL)]
    head = Paragraph(text, LEAD)
    labels = [_short(p.date) for p in i.scores]
    line = Series(
        i.instrument.value.replace("_", "-").upper(),
        [(k, float(p.score)) for k, p in enumerate(i.scores)],
        0,
    )
    minutes = [p.run_minutes_7_days for p in i.scores]
    chart = _chart(
        width * 0.8, 42 * mm, labels, i.highest, "score", lines=[line], y_min=i.lowest,
        bars=minutes, bar_label="run minutes, 7 days", bar_max=_nice(max(minutes)),
    )  # fmt: skip
    return [head, chart]


def _tried(s: Tried, width: float) -> list[Flowable]:
    rows = [(t.what, t.first, t.last, t.sessions, t.weeks) for t in s.items]
    return [
        *_heading(s),
        _grid(["What", "From", "To", "Days", "Weeks"], rows, width),
        *_claims(s.claims),
    ]


def _visits(s: Visits, width: float) -> list[Flowable]:
    out: list[Flowable] = [*_heading(s)]
    for v in s.items:
        out.append(
            Paragraph(f"<b>{_day(v.date)}: {escape(v.who)}</b> ({_words(v.role.value)})", BODY)
        )
        if v.findings:
            out.append(Paragraph(f"Found: {escape(v.findings)}", CLAIM, bulletText="-"))
        if v.advice:
            out.append(Paragraph(f"Advised: {escape(v.advice)}", CLAIM, bulletText="-"))
    return [*out, *_claims(s.claims)]


def _reading(s: Reading, width: float) -> list[Flowable]:
    nxt = s.next_run
    next_run = (
        f"{nxt.run_minutes} min running, {nxt.walk_minutes} min walking, {nxt.intensity.value}"
        if nxt
        else "none until a clinician has seen the runner"
    )
    facts = [
        ("Screen", s.status.value),
        ("Pathway / phase", f"{_words(s.pathway.value)} / {s.phase.value}"),
        ("Last run read as", f"{_words(s.pattern.value)}: {_words(s.action.value)}"),
        ("Next run", next_run),
    ]
    if s.suggests_professional_help:
        why = Paragraph("<b>Why the engine suggests professional help:</b>", BODY)
        help_lines = [why, *_claims(s.professional_help)]
    else:
        help_lines = [Paragraph("The engine does not currently suggest professional help.", BODY)]
    others = [r for r in s.claims if r not in s.professional_help]
    rest = _claims(others)
    return [
        *_heading(s),
        *_facts(facts),
        KeepTogether(help_lines),
        Paragraph("<b>Everything else it said:</b>", LEAD),
        *rest,
    ]


def _questions(s: Questions, width: float) -> list[Flowable]:
    items = [
        Paragraph(
            f"{escape(q.question)} <font size=7>[{escape(q.because)}]</font>", CLAIM, bulletText="-"
        )
        for q in s.items
    ]
    return [*_heading(s), *items]


_RENDERERS: dict[type, Callable[[Any, float], list[Flowable]]] = {
    InjuryStory: _injury_story,
    RedFlagScreen: _screen,
    WholeBody: _whole_body,
    WellbeingSection: _wellbeing,
    PainHistory: _pain_history,
    Adherence: _adherence,
    StrengthProgress: _strength,
    Readiness: _readiness,
    SelfAssessments: _self_assessments,
    Questionnaires: _questionnaires,
    Tried: _tried,
    Visits: _visits,
    Reading: _reading,
    Questions: _questions,
}
