"""PDF documents (the discrepancy register, the agreement summary / quote) rendered from HTML
by WeasyPrint.

WeasyPrint draws text through the system's Pango; without it the import fails with an
OSError. The rest of the application does not need it, so the import happens on first use and
a PDF page answers 503 with what to install instead of a 500. Nothing is fetched while
rendering: the documents carry their CSS inline, and any other URL (an image a user pasted,
a font) is refused, so a PDF never reaches the network or the file system.
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# The font stack of every PDF: DejaVu Sans has Cyrillic and ships with Debian's fonts-dejavu-core.
FONT_STACK = '"DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, sans-serif'

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
INSTALL_HINT = f"apt install {DEBIAN_PACKAGES}"


class PdfUnavailable(Exception):
    """WeasyPrint cannot be loaded: its Python package or its system libraries are missing."""

    def __init__(self, reason: str, hint: str):
        self.reason = reason
        self.hint = hint
        super().__init__(f"PDF rendering is unavailable ({reason}); {hint}")


def _weasyprint():
    try:
        return import_module("weasyprint")
    except OSError as exc:  # the package is there, Pango (or its FreeType glue) is not
        raise PdfUnavailable(str(exc), INSTALL_HINT) from exc
    except ImportError as exc:
        raise PdfUnavailable(str(exc), "pip install weasyprint") from exc


def _fetcher(weasyprint):
    """A URL fetcher that reads inline data: URLs only."""
    if hasattr(weasyprint, "URLFetcher"):  # WeasyPrint 68 and later
        return weasyprint.URLFetcher(allowed_protocols={"data"})

    def fetch(url: str, *args, **kwargs):  # earlier versions take a function
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"PDF documents fetch nothing; refused {url[:80]!r}")

    return fetch


def render_document(html: str, base_url: str | None = None):
    """The laid-out document (its `.pages` tell how many pages it takes)."""
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, base_url=base_url,
                           url_fetcher=_fetcher(weasyprint)).render()


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """The PDF of a self-contained HTML document; raises `PdfUnavailable`."""
    return render_document(html, base_url).write_pdf()


def pdf_response(body: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_unavailable(request: HttpRequest, error: PdfUnavailable, back: str = "") -> HttpResponse:
    """The 503 page a PDF link shows when WeasyPrint cannot load: what to install."""
    logger.error("PDF rendering unavailable: %s", error.reason)
    return render(request, "errors/pdf_unavailable.html", {
        "hint": error.hint, "reason": error.reason, "back": back,
        "message": _("PDF documents cannot be made on this server: the libraries WeasyPrint "
                     "draws text with are missing."),
    }, status=503)
