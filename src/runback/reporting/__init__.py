"""Rendering engine answers for people: the clinician report as a PDF.

Outside the engine because it draws and writes bytes; it only reads the frozen
:class:`runback.engine.report.Report`, so every claim it prints comes from there.
"""

from runback.reporting.pdf import Paper, render_pdf

__all__ = ["Paper", "render_pdf"]
