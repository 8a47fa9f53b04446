"""Word (.docx) files to report text: paragraphs and table cells, in document order.

python-docx reads the file; each paragraph is a line, and each table contributes its cells row
by row (a merged cell once).  Headers, footers and comments are not the report and are left out.
"""

from __future__ import annotations

from ..errors import ReadError


def docx_to_text(path) -> str:
    """The paragraphs and table cells of a .docx file, one per line."""
    try:
        import docx
        from docx.table import Table
    except ImportError:
        raise ReadError("reading .docx files needs python-docx: pip install 'lawthemes[formats]'") from None
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise ReadError(f"{path}: not a readable .docx file ({type(error).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(line.strip() for line in lines if line.strip())


def _table_lines(table) -> list[str]:
    from docx.table import Table

    lines, seen = [], set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(cell._tc)  # kept alive in the set, so lxml gives the same proxy again
            for block in cell.iter_inner_content():
                lines.extend(_table_lines(block) if isinstance(block, Table) else [block.text])
    return lines
