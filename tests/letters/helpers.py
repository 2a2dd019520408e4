"""Reading rendered letters back."""

from __future__ import annotations

import io

import docx
import pdfplumber


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
    """All text of a PDF with line breaks removed (CJK lines wrap anywhere)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join((page.extract_text() or "").replace("\n", "") for page in pdf.pages)
