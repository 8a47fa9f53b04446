"""The corpus validates, its README is current, and every malformed input is reported precisely."""

import csv
import io
import json

import pytest

from lawthemes import AnnotationError, load_model
from lawthemes.annotations import load_corpus, theme_counts, write_units
from lawthemes.corpus_policy import corpus_stats, load_policy, origin_of, policy_problems
from lawthemes.corpus_report import MIN_POSITIVES, render_readme

from conftest import ANNOTATIONS


def test_the_repository_annotations_are_valid(corpus):
    assert all(unit.annotator for unit in corpus.units)
    assert {unit.doc for unit in corpus.units} == set(corpus.documents)
    assert {origin_of(d) for d in corpus.documents.values()} <= {"real", "composed"}


def test_the_corpus_meets_its_own_policy(corpus):
    policy = load_policy(ANNOTATIONS)
    if policy is None:
        pytest.skip("annotations/ has no policy.json")
    stats = corpus_stats(corpus, policy.get("near_duplicates"))
    assert policy_problems(stats, policy) == []


def test_readme_is_generated_and_current(corpus):
    expected = render_readme(corpus, load_policy(ANNOTATIONS))
    assert (ANNOTATIONS / "README.md").read_text(encoding="utf-8") == expected, \
        "run: lawthemes annotations readme annotations/ --write"


def test_shipped_model_was_trained_on_the_current_annotations(corpus):
    card = load_model().card_
    assert card["training_data"]["sha256"] == corpus.data_hash(), \
        "annotations changed: retrain with `lawthemes train annotations/ --out models/default`"
    assert card["training_data"]["n_units"] == len(corpus.units)


def edit_line(path, number, change):
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = change(lines[number - 1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def set_field(name, value):
    def change(line):
        record = json.loads(line)
        record[name] = value
        return json.dumps(record, ensure_ascii=False)
    return change


@pytest.mark.parametrize("change, message", [
    (lambda line: line[:-5], "invalid JSON"),
    (set_field("labels", ["leadership", "space_policy"]), "unknown theme id"),
    (set_field("labels", None), "not labelled yet"),
    (set_field("labels", "leadership"), "must be a list"),
    (set_field("text", "  "), "empty text"),
    (set_field("start", 3), "does not match document"),
    (set_field("annotator", ""), "annotator"),
    (set_field("doc", "ledu-2022"), "file is for"),
    (lambda line: "[1, 2]", "expected a JSON object"),
])
def test_malformed_unit_lines_are_named_by_file_and_line(annotations_copy, change, message):
    path = annotations_copy / "units" / "weifang-2020.jsonl"
    edit_line(path, 4, change)
    with pytest.raises(AnnotationError, match=message) as caught:
        load_corpus(annotations_copy)
    assert f"weifang-2020.jsonl:4" in str(caught.value)


def test_duplicate_ids_are_reported(annotations_copy):
    path = annotations_copy / "units" / "ledu-2022.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[0]]) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="duplicate unit id"):
        load_corpus(annotations_copy)


def test_every_problem_is_listed_not_just_the_first(annotations_copy):
    path = annotations_copy / "units" / "weifang-2020.jsonl"
    edit_line(path, 2, set_field("labels", ["bogus"]))
    edit_line(path, 5, set_field("labels", ["bogus"]))
    with pytest.raises(AnnotationError) as caught:
        load_corpus(annotations_copy)
    assert len(caught.value.problems) == 2


def test_missing_source_and_missing_unit_file_are_reported(annotations_copy):
    (annotations_copy / "sources" / "ledu-2022.txt").unlink()
    (annotations_copy / "units" / "huzhou-2023.jsonl").unlink()
    with pytest.raises(AnnotationError) as caught:
        load_corpus(annotations_copy)
    text = str(caught.value)
    assert "ledu-2022" in text and "huzhou-2023" in text


def test_missing_directory_is_an_annotation_error(tmp_path):
    with pytest.raises(AnnotationError, match="no such annotations directory"):
        load_corpus(tmp_path / "nowhere")


def test_unknown_fields_survive_a_rewrite(annotations_copy):
    path = annotations_copy / "units" / "weifang-2020.jsonl"
    edit_line(path, 3, set_field("reviewer_comment", {"by": "someone", "ok": True}))
    corpus = load_corpus(annotations_copy)
    units = [u for u in corpus.units if u.doc == "weifang-2020"]
    write_units(path, units)
    record = json.loads(path.read_text(encoding="utf-8").splitlines()[2])
    assert record["reviewer_comment"] == {"by": "someone", "ok": True}
    assert load_corpus(annotations_copy).data_hash() == corpus.data_hash()


@pytest.mark.parametrize("record, message", [
    ({"id": ["not", "a", "string"]}, "is not in units/"),
    ({"id": "weifang-2020:2", "pass1": ["leadership", 3], "pass2": [], "adjudicated": []}, "pass1"),
    ([1, 2], "expected a JSON object"),
])
def test_malformed_agreement_records_are_reported_not_raised(annotations_copy, record, message):
    (annotations_copy / "agreement").mkdir()
    (annotations_copy / "agreement" / "weifang-2020.jsonl").write_text(json.dumps(record) + "\n")
    with pytest.raises(AnnotationError, match=message):
        load_corpus(annotations_copy)


def test_documents_table_saved_with_a_bom_is_read(annotations_copy):
    table = annotations_copy / "documents.csv"
    table.write_bytes(b"\xef\xbb\xbf" + table.read_bytes())
    assert len(load_corpus(annotations_copy).documents) == 3


def test_import_adds_an_unlabelled_document_that_check_flags_until_labelled(annotations_copy):
    from lawthemes.annotation_import import import_document

    text = (ANNOTATIONS / "sources" / "qinzhou-2023.txt").read_text(encoding="utf-8")
    table_before = (annotations_copy / "documents.csv").read_text(encoding="utf-8")
    count = import_document(annotations_copy, "new-2023", text, {"title": "钦州", "custom": "kept"})
    assert count > 10
    with pytest.raises(AnnotationError, match="not labelled yet") as caught:
        load_corpus(annotations_copy)
    assert len(caught.value.problems) == count and "new-2023.jsonl:1" in caught.value.problems[0]
    path = annotations_copy / "units" / "new-2023.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for record in records:  # an annotator labels each unit by reading it
        record.update(labels=[], annotator="test")
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    corpus = load_corpus(annotations_copy)
    assert corpus.documents["new-2023"].meta["custom"] == "kept"
    before = {row["id"]: row for row in csv.DictReader(io.StringIO(table_before))}
    for doc, row in before.items():  # other rows keep every value (and gain an empty 'custom')
        assert {k: v for k, v in corpus.documents[doc].meta.items() if k != "custom"} == row


def test_import_refuses_an_existing_or_unsafe_document_id(annotations_copy):
    from lawthemes.annotation_import import import_document

    with pytest.raises(ValueError, match="already"):
        import_document(annotations_copy, "ledu-2022", "一、总体情况", {})
    with pytest.raises(ValueError, match="must be letters"):
        import_document(annotations_copy, "../escape", "一、总体情况", {})
