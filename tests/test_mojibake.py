"""Encoding repair: UTF-8 misread as Windows-874 (Thai) or Windows-1252/Latin-1 is put right,
and correct text, Thai included, is left exactly as it is."""

from __future__ import annotations

import pytest

from conftest import PROJECT
from sitegen.importer.mojibake import Repair, repair, suspects


@pytest.mark.parametrize("broken, fixed, code_page", [
    ("ยท", "·", "Windows-874"),
    ("๐Ÿ’ฌ", "💬", "Windows-874"),           # "Ÿ" is the Windows-1252 fallback for byte 9F
    ("โ€”", "—", "Windows-874"),
    ("เธชเธงเธฑเธชเธ”เธต", "สวัสดี", "Windows-874"),   # Thai itself, UTF-8 read as Windows-874
    ("â€™", "’", "Windows-1252"),
    ("â\x80\x99", "’", "Windows-1252"),        # the Latin-1 reading: a C1 control character
    ("â€œ", "“", "Windows-1252"),
    ("Ã©", "é", "Windows-1252"),
    ("ðŸ’¬", "💬", "Windows-1252"),
])
def test_each_broken_run_is_repaired_and_reported(broken: str, fixed: str, code_page: str):
    text, repairs = repair(f"before {broken}after\nsecond line")
    assert text == f"before {fixed}after\nsecond line"
    assert repairs == [Repair(1, broken, fixed, code_page)]


def test_the_seed_byline_and_comments_heading():
    text, repairs = repair("14 May 2026ยท6 min readยทBy Sebastian Wolf\n\n๐Ÿ’ฌ Comments (0)")
    assert text == "14 May 2026·6 min read·By Sebastian Wolf\n\n💬 Comments (0)"
    assert [(r.line, r.broken, r.fixed) for r in repairs] == [
        (1, "ยท", "·"), (1, "ยท", "·"), (3, "๐Ÿ’ฌ", "💬")]
    assert str(repairs[0]) == "line 1: repaired 'ยท' -> '·' (UTF-8 misread as Windows-874)"


def test_adjacent_sequences_are_one_repair():
    text, repairs = repair("The cafÃ©â€™s menu")
    assert text == "The café’s menu"
    assert repairs == [Repair(1, "Ã©â€™", "é’", "Windows-1252")]


@pytest.mark.parametrize("correct", [
    "ภาษาไทยเป็นภาษาที่สวยงาม และมีประวัติศาสตร์ยาวนาน",
    "ข่าว สด รถ ยก",            # short words whose bytes happen to be valid UTF-8 pairs
    "The Thai word รถ means car.",
    "A quote in Thai, “สวัสดีครับ”, then English.",
])
def test_correct_thai_is_left_alone(correct: str):
    assert repair(correct) == (correct, [])


@pytest.mark.parametrize("correct", [
    "Plain ASCII text, nothing to do.",
    "Curly “quotes”, it’s – and — dashes… €5, café, naïve, Größe, 50 °C · ½ • 💬 ✓",
    "Ελληνικά, русский, 中文, العربية",
])
def test_text_without_mojibake_is_unchanged(correct: str):
    assert repair(correct) == (correct, [])


def test_the_seed_needs_exactly_three_repairs():
    text, repairs = repair((PROJECT / "seeds" / "000_d481fbfead04f324.txt").read_text("utf-8"))
    assert [(r.line, r.fixed) for r in repairs] == [(1, "·"), (1, "·"), (83, "💬")]
    assert not any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def test_a_sequence_that_lost_its_last_byte_is_pointed_out_not_guessed():
    text, repairs = repair("The â€œfirstâ€ one")     # "”" is E2 80 9D; 9D was dropped
    assert text == "The “firstâ€ one"
    assert suspects(text) == ["line 1: 'â€' looks like UTF-8 misread as Windows-1252, "
                              "with a byte lost: left as it is"]
    assert suspects("Curly “quotes” – café") == []
