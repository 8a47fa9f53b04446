"""Adding to the corpus: a new report ready to be labelled, and labels made in a labelling tool.

Both refuse nonsense before writing anything: metadata outside the documented sets, a text that
is already in the corpus under another id (a duplicate would sit on both sides of a
cross-validation split), unknown unit ids or themes, text changed in the tool, two label sets
for one unit.  Every file is written atomically, and only when everything is valid.

>>> sorted(LEVELS)[:3]
['county', 'department', 'national']
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

from .annotations import DOCUMENT_COLUMNS, load_corpus, write_jsonl, write_text, write_units
from .errors import AnnotationError

LEVELS = ("national", "province", "prefecture", "county", "township", "department", "other")
GENRES = ("annual_report", "department_report", "report_opening", "news_summary", "work_news",
          "disclosure_page", "one_line_report", "newspaper", "plan", "other")
ORIGINS = ("real", "composed")
_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")


def check_metadata(meta: dict) -> list[str]:
    """What is wrong with a new document's ``documents.csv`` fields (empty fields are allowed)."""
    problems = []
    for field, allowed in (("level", LEVELS), ("genre", GENRES), ("origin", ORIGINS)):
        value = (meta.get(field) or "").strip()
        if value and value not in allowed:
            problems.append(f"--{field} {value!r} is not one of {', '.join(allowed)}")
    year = (meta.get("year") or "").strip()
    if year and not _YEAR.match(year):
        problems.append(f"--year {year!r} is not a year (four digits, 1950-2099)")
    return problems


def _fingerprint(text: str) -> str:
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()


def duplicate_of(directory: Path, text: str) -> str | None:
    """The id of a document in ``directory`` whose text is ``text`` (ignoring whitespace)."""
    wanted = _fingerprint(text)
    for path in sorted((directory / "sources").glob("*.txt")):
        if _fingerprint(path.read_text(encoding="utf-8")) == wanted:
            return path.stem
    return None


def import_document(directory, doc_id: str, text: str, meta: dict, allow_duplicate: bool = False) -> int:
    """Add a report to an annotations directory, ready to be labelled; return its unit count.

    Writes ``sources/<doc_id>.txt``, ``units/<doc_id>.jsonl`` (the units of :func:`segment`, each
    with ``labels: null`` until an annotator labels it by reading) and a row of
    ``documents.csv``, keeping the table's other rows and columns.  Every file is written
    atomically.  An existing document id, metadata outside :data:`LEVELS`, :data:`GENRES`,
    :data:`ORIGINS` or a plausible year, and (unless ``allow_duplicate``) a text already in the
    corpus under another id are refused with ``ValueError``.
    """
    from .segmentation import segment

    directory = Path(directory)
    if not _DOC_ID.match(doc_id):
        raise ValueError(f"document id {doc_id!r} must be letters, digits, '.', '_' or '-'")
    problems = check_metadata(meta)
    if problems:
        raise ValueError("; ".join(problems))
    table = directory / "documents.csv"
    header, rows = _read_table(table)
    if any(row.get("id") == doc_id for row in rows) or (directory / "units" / f"{doc_id}.jsonl").exists():
        raise ValueError(f"document {doc_id!r} is already in {directory}")
    units = segment(text)
    if not units:
        raise ValueError(f"document {doc_id!r} has no text to annotate")
    twin = None if allow_duplicate else duplicate_of(directory, text)
    if twin:
        raise ValueError(f"the text of {doc_id!r} is already in the corpus as {twin!r}; a duplicate would "
                         "sit on both sides of a cross-validation split (pass --allow-duplicate to add it anyway)")
    write_text(directory / "sources" / f"{doc_id}.txt", text)
    write_jsonl(directory / "units" / f"{doc_id}.jsonl", (
        {"id": f"{doc_id}:{unit.start}", "doc": doc_id, "text": unit.text, "start": unit.start,
         "end": unit.end, "labels": None, "annotator": ""} for unit in units))
    header += [column for column in (*DOCUMENT_COLUMNS, *meta) if column not in header]
    _write_table(table, header, rows + [{**meta, "id": doc_id}])
    return len(units)


def _read_table(table: Path) -> tuple[list, list]:
    if not table.exists():
        return list(DOCUMENT_COLUMNS), []
    reader = csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig")))
    return list(reader.fieldnames or DOCUMENT_COLUMNS), list(reader)


def _write_table(table: Path, header: list, rows: list) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in header} for row in rows)
    write_text(table, buffer.getvalue())


def merge_labels(directory, export: Path, form: str, annotator: str | None = None, replace: bool = False) -> int:
    """Merge a labelling tool's export into ``units/``; return how many units changed.

    Raises :class:`AnnotationError` listing every problem (naming its record) and writes nothing
    unless the whole export is valid.  A unit whose imported labels equal its labels is left as
    it is; changing labels a unit already has needs ``replace``.
    """
    from .annotation_formats import parse_export, read_labels

    directory = Path(directory)
    corpus = load_corpus(directory, require_labels=False)
    units = {unit.id: unit for unit in corpus.units}
    records = parse_export(export.read_text(encoding="utf-8"), form, str(export))
    labels, who, problems = read_labels(records, form, {i: {"text": u.text} for i, u in units.items()})
    for unit_id, new_labels in labels.items():
        old = units[unit_id].labels
        if old is not None and sorted(old) != sorted(new_labels) and not replace:
            problems.append(f"{export}: {unit_id!r} is already labelled {old}; the export says {new_labels} "
                            "(pass --replace to change it)")
    if problems:
        raise AnnotationError(problems)
    changed = {}
    for unit_id, new_labels in labels.items():
        unit = units[unit_id]
        if unit.labels is not None and sorted(unit.labels) == sorted(new_labels):
            continue
        unit.labels = new_labels
        unit.annotator = annotator or who.get(unit_id) or f"imported from {form} ({export.name})"
        changed[unit_id] = unit.doc
    for doc in sorted(set(changed.values())):
        write_units(directory / "units" / f"{doc}.jsonl", [u for u in corpus.units if u.doc == doc])
    return len(changed)
