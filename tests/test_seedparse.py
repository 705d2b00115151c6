"""How the importer reads a seed's lines: its guesses, and where it refuses to guess."""

from __future__ import annotations

import datetime as dt

import pytest

from sitegen.errors import SiteError
from sitegen.importer.seedparse import parse_seed

HEAD = "14 May 2026 · 6 min read · By Ada Byline\n\nA Title\n\nThe standfirst.\n\n"
OPENING = "An opening paragraph of the story, long enough to be a paragraph.\n\n"
CLOSING = "\n\nA closing paragraph of the story, long enough to be a paragraph."


def body_kinds(middle: str) -> list[tuple[str, str]]:
    seed = parse_seed(HEAD + OPENING + middle + CLOSING, "seed.txt")
    return [(part.kind, part.label or part.text or "|".join(part.items))
            for part in seed.body[1:-1]]


@pytest.mark.parametrize("line", [
    "Modern car interior with leather seats and dashboard.",
    "Close-up of battery cells on a production line.",
    "Aerial view of the factory in Hefei.",
])
def test_a_short_descriptive_line_is_a_picture(line: str):
    assert body_kinds(line) == [("image", line)]


@pytest.mark.parametrize("line", [
    "That changes everything.",                    # a clause: pronoun
    "Prices start at 30,000 pounds.",              # digits
    "The company has not said.",                   # auxiliary
    "Sales rose. Profits fell.",                   # two sentences
    "A short, sharp, unusually long description of a very crowded factory floor at dawn.",
    "Dealers report that most buyers are replacing a petrol supermini.",
])
def test_a_sentence_of_the_story_stays_a_paragraph(line: str):
    assert body_kinds(line) == [("paragraph", line)]


@pytest.mark.parametrize("line, kind", [
    ("What Comes Next", "heading"),
    ("How Semi-Solid-State Differs from Standard Lithium-Ion", "heading"),
    ("Pricing (UK)", "heading"),
    ("Not a heading:", "paragraph"),
    ("not a heading either", "paragraph"),
    ("This line is far too long to be a heading because headings are short and snappy ones",
     "paragraph"),
])
def test_headings_are_short_lines_without_closing_punctuation(line: str, kind: str):
    assert body_kinds(line) == [(kind, line)]


@pytest.mark.parametrize("line, expected", [
    ("Market Context: The market grows.", ("callout", "Market Context")),
    ("Editor’s Note: Corrected.", ("callout", "Editor’s Note")),
    ("State of Play: Early.", ("callout", "State of Play")),
    ("Another detail worth pausing on: the weight.",
     ("paragraph", "Another detail worth pausing on: the weight.")),
    ("The answer is simple: build more.", ("paragraph", "The answer is simple: build more.")),
])
def test_a_title_case_label_before_a_colon_makes_a_callout(line: str, expected: tuple):
    assert body_kinds(line) == [expected]


def test_the_byline_accepts_other_date_forms_and_separators():
    for byline, date in [("May 2, 2026 | 5 min read | By Ada Byline", dt.date(2026, 5, 2)),
                         ("2026-01-09 — By Ada Byline", dt.date(2026, 1, 9)),
                         ("9 Sept 2025 • 3 min read • By Ada Byline", dt.date(2025, 9, 9))]:
        seed = parse_seed(f"{byline}\n\nA Title\n\nStandfirst.", "seed.txt")
        assert (seed.date, seed.author, seed.hero_alt) == (date, "Ada Byline", None)


def takeaways_of(tail: str) -> tuple[list[str], list[tuple[str, str]]]:
    seed = parse_seed(HEAD + OPENING + tail, "seed.txt")
    return seed.takeaways, [(part.kind, part.text) for part in seed.body]


def test_a_closing_list_of_sentences_is_the_takeaways():
    takeaways, body = takeaways_of("Final Word\n\nThe end of it.\n\n• One point.\n• Two points.")
    assert takeaways == ["One point.", "Two points."]
    assert body[-1] == ("paragraph", "The end of it.")


def test_a_takeaways_heading_goes_with_its_list():
    takeaways, body = takeaways_of("Key Takeaways\n\n- One point.\n- Two points.")
    assert takeaways == ["One point.", "Two points."]
    assert [kind for kind, _ in body] == ["paragraph"]


@pytest.mark.parametrize("tail", [
    "The three trims are:\n\n• One point.\n• Two points.",      # introduced by its paragraph
    "Specifications\n\n• One point.\n• Two points.",            # the content of a section
    "Last words.\n\n• a fragment\n• another fragment",          # not sentences
    "Last words.\n\n• Only one point.",                         # one item is no summary
    "• One point.\n• Two points.\n\nA paragraph after the list.",   # not the closing part
])
def test_other_lists_stay_in_the_body(tail: str):
    takeaways, body = takeaways_of(tail)
    assert takeaways == [] and ("list", "") in body


def test_faq_questions_take_every_paragraph_up_to_the_next_question():
    seed = parse_seed(HEAD + OPENING + "FAQ\n\nWhy?\n\nBecause.\n\nAnd so.\n\nHow?\nLike this.",
                      "seed.txt")
    assert [(item.question, item.answer) for item in seed.faq] == [
        ("Why?", ["Because.", "And so."]), ("How?", ["Like this."])]


@pytest.mark.parametrize("tail, message", [
    ("Frequently Asked Questions\n\nNot a question.",
     "seed.txt:9: expected a question ending in '?' after 'Frequently Asked Questions', "
     "not 'Not a question.'"),
    ("Frequently Asked Questions\n\nWhy?", "seed.txt:9: the FAQ question 'Why?' has no answer"),
    ("Someone Else\nWritten by\nReporter",
     "seed.txt:7: the author box names 'Someone Else' but the byline names 'Ada Byline'"),
])
def test_a_malformed_tail_is_an_error_naming_the_line(tail: str, message: str):
    with pytest.raises(SiteError) as raised:
        parse_seed(HEAD + tail, "seed.txt")
    assert str(raised.value) == message


def test_bullets_of_each_kind_make_one_list():
    seed = parse_seed(HEAD + "Intro to a list of things that follow here:\n\n• First\n•Second\n"
                      "- Third\n* Fourth\n\nA closing paragraph.", "seed.txt")
    assert [(part.kind, part.items) for part in seed.body if part.kind == "list"] == [
        ("list", ["First", "Second", "Third", "Fourth"])]


@pytest.mark.parametrize("heading", ["💬 Comments (0)", "Comments (12)", "๐Ÿ’ฌ Comments (3)"])
def test_the_comments_block_is_dropped_whatever_its_icon(heading: str):
    seed = parse_seed(HEAD + OPENING + f"{heading}\n\nSign in to leave a comment.\n\n"
                      "No comments yet. Be the first!", "seed.txt")
    assert [part.text for part in seed.body] == [OPENING.strip()]
