"""Reading, validating and writing the annotated corpus in ``annotations/``.

Layout of an annotations directory::

    documents.csv          one row per source document (id, title, locality, level, year, genre, ...)
    sources/<doc>.txt      the document's full text; unit offsets point into it
    units/<doc>.jsonl      one unit per line: id, doc, text, start, end, labels, annotator
    agreement/<doc>.jsonl  optional: the two independent passes of a re-labelled document

>>> from lawthemes.annotations import load_corpus, default_annotations_dir
>>> corpus = load_corpus(default_annotations_dir())   # raises AnnotationError naming file and line
>>> len(corpus.documents) >= 5
True
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AnnotationError
from .serialization import write_atomically
from .taxonomy import THEME_IDS, THEMES

DOCUMENT_COLUMNS = ("id", "title", "locality", "level", "year", "genre", "origin", "source", "writer",
                    "annotation", "note")
UNIT_FIELDS = ("id", "doc", "text", "start", "end", "labels", "annotator")


@dataclass
class Document:
    """A source document: its metadata row and its full text."""

    id: str
    meta: dict
    text: str


@dataclass
class AnnotatedUnit:
    """One labelled unit; ``extra`` keeps any fields this version does not know, for round trips."""

    id: str
    doc: str
    text: str
    start: int
    end: int
    labels: list
    annotator: str
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        known = {name: getattr(self, name) for name in UNIT_FIELDS}
        return {**known, **self.extra}


@dataclass
class Corpus:
    """All annotated units, in file order, with their documents."""

    documents: dict
    units: list
    agreement: dict = field(default_factory=dict)  # doc id -> list of agreement records

    @property
    def texts(self) -> list[str]:
        return [unit.text for unit in self.units]

    @property
    def label_lists(self) -> list[list[str]]:
        return [list(unit.labels) for unit in self.units]

    @property
    def groups(self) -> list[str]:
        """The source document of each unit: the unit of every train/test split."""
        return [unit.doc for unit in self.units]

    def restricted_to(self, docs) -> "Corpus":
        """The same corpus with only the documents in ``docs`` (and their units and agreement)."""
        keep = set(docs)
        return Corpus(documents={d: doc for d, doc in self.documents.items() if d in keep},
                      units=[unit for unit in self.units if unit.doc in keep],
                      agreement={d: records for d, records in self.agreement.items() if d in keep})

    def data_hash(self) -> str:
        """SHA-256 of what training sees (ids, documents, texts, labels), independent of file order."""
        digest = hashlib.sha256()
        for unit in sorted(self.units, key=lambda u: u.id):
            record = [unit.id, unit.doc, unit.text, sorted(unit.labels)]
            digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        return digest.hexdigest()


def default_annotations_dir() -> Path:
    """The ``annotations/`` directory of a source checkout."""
    return Path(__file__).resolve().parent.parent / "annotations"


def load_corpus(directory, require_labels: bool = True) -> Corpus:
    """Read and validate an annotations directory; raise :class:`AnnotationError` listing every
    problem with its file and line.

    With ``require_labels=False`` units not labelled yet (``"labels": null``) are kept, with
    ``labels`` None, for the commands that prepare labelling (export, suggest); training and
    evaluation need every unit labelled.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise AnnotationError(f"{directory}: no such annotations directory")
    problems: list[str] = []
    documents, unreadable = _read_documents(directory, problems)
    units, seen = [], {}
    for path in sorted((directory / "units").glob("*.jsonl")):
        if path.stem in unreadable:
            continue  # its source text is missing: reported once above, not once per unit
        for unit in _read_unit_file(path, documents, problems, require_labels):
            if unit.id in seen:
                problems.append(f"{path}: duplicate unit id {unit.id!r} (first at {seen[unit.id]})")
                continue
            seen[unit.id] = path.name
            units.append(unit)
    for doc in [*documents, *unreadable]:
        if not (directory / "units" / f"{doc}.jsonl").is_file():
            problems.append(f"{directory / 'documents.csv'}: document {doc!r} has no units/{doc}.jsonl")
    agreement = _read_agreement(directory, {u.id: u for u in units}, problems)
    if problems:
        raise AnnotationError(problems)
    if not units:
        raise AnnotationError(f"{directory}: no annotated units (expected units/<doc>.jsonl files)")
    return Corpus(documents=documents, units=units, agreement=agreement)


def _read_documents(directory: Path, problems: list) -> tuple[dict, set]:
    """The documents table with each document's text, and the ids whose text cannot be read."""
    table = directory / "documents.csv"
    try:
        rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))  # Excel adds a BOM
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise AnnotationError(f"{table}: cannot read the documents table ({error})") from None
    documents, unreadable = {}, set()
    for line, row in enumerate(rows, start=2):
        doc = (row.get("id") or "").strip()
        if not doc:
            problems.append(f"{table}:{line}: row without an id")
            continue
        if doc in documents or doc in unreadable:
            problems.append(f"{table}:{line}: duplicate document id {doc!r}")
            continue
        source = directory / "sources" / f"{doc}.txt"
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{table}:{line}: cannot read the text of {doc!r} at {source} ({error})")
            unreadable.add(doc)
            continue
        documents[doc] = Document(id=doc, meta=dict(row), text=text)
    return documents, unreadable


def _json_lines(path: Path, problems: list):
    """Yield ``(where, record)`` for each non-blank line of a JSONL file; bad JSON is a problem."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot read ({error})")
        return
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{line_number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: invalid JSON ({error.msg} at column {error.colno})")


def _read_unit_file(path: Path, documents: dict, problems: list, require_labels: bool = True) -> list[AnnotatedUnit]:
    units = []
    for where, record in _json_lines(path, problems):
        unit = _parse_unit(record, where, path.stem, documents, problems, require_labels)
        if unit is not None:
            units.append(unit)
    return units


def _parse_unit(record, where: str, file_doc: str, documents: dict, problems: list,
                require_labels: bool = True):
    if not isinstance(record, dict):
        problems.append(f"{where}: expected a JSON object, got {type(record).__name__}")
        return None
    missing = [name for name in UNIT_FIELDS if name not in record]
    if missing:
        problems.append(f"{where}: missing field(s) {missing}")
        return None
    before = len(problems)
    _check_unit_fields(record, where, file_doc, problems, require_labels)
    if len(problems) > before:
        return None
    document = documents.get(record["doc"])
    if document is None:
        problems.append(f"{where}: document {record['doc']!r} is not in documents.csv")
        return None
    start, end = record["start"], record["end"]
    if document.text[start:end] != record["text"]:
        problems.append(f"{where}: text does not match document {record['doc']!r} at offsets "
                        f"{start}:{end} (source has {document.text[start:end][:30]!r}...)")
        return None
    extra = {key: value for key, value in record.items() if key not in UNIT_FIELDS}
    return AnnotatedUnit(**{name: record[name] for name in UNIT_FIELDS}, extra=extra)


def _check_unit_fields(record: dict, where: str, file_doc: str, problems: list,
                       require_labels: bool = True) -> None:
    if not isinstance(record["id"], str) or not record["id"].strip():
        problems.append(f"{where}: 'id' must be a non-empty string")
    if record["doc"] != file_doc:
        problems.append(f"{where}: 'doc' is {record['doc']!r} but the file is for {file_doc!r}")
    if not isinstance(record["text"], str) or not record["text"].strip():
        problems.append(f"{where}: empty text")
    if not all(isinstance(record[k], int) and not isinstance(record[k], bool) for k in ("start", "end")) \
            or not 0 <= record["start"] < record["end"]:
        problems.append(f"{where}: 'start'/'end' must be integers with 0 <= start < end")
    labelled = record["labels"] is not None  # an unlabelled unit has no annotator yet: one problem
    if labelled and (not isinstance(record["annotator"], str) or not record["annotator"].strip()):
        problems.append(f"{where}: 'annotator' must say who labelled the unit and how")
    if labelled or require_labels:
        problems.extend(f"{where}: {problem}" for problem in label_problems(record["labels"]))


def label_problems(labels) -> list[str]:
    """What is wrong with a ``labels`` value (empty list if nothing)."""
    if labels is None:
        return ["not labelled yet ('labels' is null)"]
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        return [f"'labels' must be a list of theme ids, got {labels!r}"]
    unknown = [label for label in labels if label not in THEMES]
    if unknown:
        return [f"unknown theme id(s) {unknown}; known: {', '.join(THEME_IDS)}"]
    if len(set(labels)) != len(labels):
        return [f"repeated theme id in {labels}"]
    return []


def _read_agreement(directory: Path, units_by_id: dict, problems: list) -> dict:
    agreement = {}
    for path in sorted((directory / "agreement").glob("*.jsonl")):
        records = []
        for where, record in _json_lines(path, problems):
            if not isinstance(record, dict):
                problems.append(f"{where}: expected a JSON object, got {type(record).__name__}")
                continue
            unit_id = record.get("id")
            unit = units_by_id.get(unit_id) if isinstance(unit_id, str) else None
            if unit is None:
                problems.append(f"{where}: unit {unit_id!r} is not in units/")
                continue
            label_errors = [f"{where}: {key}: {problem}" for key in ("pass1", "pass2", "adjudicated")
                            for problem in label_problems(record.get(key))]
            problems.extend(label_errors)
            if not label_errors and sorted(record["adjudicated"]) != sorted(unit.labels):
                problems.append(f"{where}: adjudicated labels differ from units/ for {unit.id!r}")
            records.append(record)
        agreement[path.stem] = records
    return agreement


def write_jsonl(path, records) -> None:
    """Write dictionaries as JSON lines, atomically (temporary file, then rename)."""
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    write_atomically(Path(path), lambda handle: handle.write(lines.encode("utf-8")))


def write_units(path, units) -> None:
    """Write :class:`AnnotatedUnit` objects, keeping their unknown extra fields."""
    write_jsonl(path, (unit.to_json() for unit in units))


def theme_counts(units) -> dict[str, int]:
    """Positive units per theme, in taxonomy order."""
    counts = dict.fromkeys(THEME_IDS, 0)
    for unit in units:
        for label in unit.labels:
            counts[label] += 1
    return counts


def write_text(path, text: str) -> None:
    """Write UTF-8 text atomically."""
    write_atomically(Path(path), lambda handle: handle.write(text.encode("utf-8")))
