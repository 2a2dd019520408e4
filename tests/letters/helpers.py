"""Reading rendered letters back."""

from __future__ import annotations

import io
from typing import Any

import docx


def docx_text(data: bytes) -> str:
    """All text of a .docx: paragraphs, table cells, headers and footers, one line each."""
    d = docx.Document(io.BytesIO(data))
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    for section in d.sections:
        lines.extend(p.text for p in section.header.paragraphs)
        lines.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """All text of a PDF with line breaks removed (CJK lines wrap anywhere). pdfium (pdfplumber's
    renderer) is used because it is twice as fast as pdfplumber's own text extraction."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return text.replace("\r", "").replace("\n", "")


def in_thread(fn: Any) -> Any:
    """Run ``fn`` in a fresh thread (own database connection, closed afterwards) and return its result."""
    import threading

    from django.db import connection

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            box["error"] = exc
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")
