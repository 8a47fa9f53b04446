"""The table-lookup NFKC gives exactly unicodedata's NFKC, and normalize_texts exactly
normalize_text, whatever the characters."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from lawthemes.features import normalize_text, normalize_texts
from lawthemes.nfkc import _lookup_tables, nfkc_many


def reference(texts):
    return [unicodedata.normalize("NFKC", text) for text in texts]


def test_every_bmp_character_between_neighbours_it_could_combine_with():
    chars = [chr(code) for code in range(0x10000)]
    batch = ["a" + c + "一" + c + "，" + c for c in chars]
    # starters that compose with what follows, and combining marks that reorder or compose
    for left, right in zip("かe가ᄀ\u302b（", "\u3099\u0301ᄀ\u1161\u302a\u302e"):
        batch += [left + c + right for c in chars]
    assert nfkc_many(batch) == reference(batch)


def test_no_character_of_the_looked_up_blocks_is_the_second_of_a_composition():
    # NFKC composes a starter with a following character only if that pair is some character's
    # canonical decomposition; were such a second character looked up, the text around it would
    # need unicodedata.  Checked against the Unicode database of the running Python.
    seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul vowels, trailers
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    flags = _lookup_tables()["flags"]
    looked_up = [code for code in seconds if code < 0x10000 and flags[code] != 1]
    assert not looked_up, [hex(code) for code in looked_up]


def test_report_text_is_looked_up_not_redone():
    flags = _lookup_tables()["flags"]
    assert all(flags[ord(c)] == 0 for c in "推进依法行政，（一）１２３。、《》“”")
    assert flags[ord("…")] == 2 and flags[ord("\u0301")] == 1


texts = st.lists(st.text(alphabet=st.characters(blacklist_categories=()), max_size=30)
                 | st.text(alphabet="一二（），。 \u3000\xa0\t…①ｅ\u0301\u3099か가\u1161&<>amp;ltbr/\ue000", max_size=30),
                 max_size=12)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_nfkc_many_is_nfkc(batch):
    assert nfkc_many(batch) == reference(batch)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalize_texts_is_normalize_text_on_each(batch):
    assert normalize_texts(batch) == [normalize_text(text) for text in batch]


def test_a_batch_converted_in_groups_gives_the_same(monkeypatch):
    import lawthemes.nfkc

    batch = ["（一）１２", "", "e\u0301", "……", "推进依法行政" * 3, "ｘ"] * 5
    monkeypatch.setattr(lawthemes.nfkc, "GROUP_CHARS", 7)
    assert nfkc_many(batch) == reference(batch)
