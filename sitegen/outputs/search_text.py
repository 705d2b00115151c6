"""The words of the search index: a story's text, its words, and the rule both sides share.

static/js/search.js splits a query by the same rule (WORD_PATTERN, lower case, the same
stemmer), so a word the reader types meets the word the index holds. Words are runs of
letters and digits; in scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer,
Burmese) each character is a word. English words lose a plural ending (the "S" stemmer:
batteries -> battery, cars -> car), so either form finds both.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

from sitegen.render.views import Story

TITLE_WEIGHT = 7        # a word of the title counts as seven of the text

# The same classes as search.js: [\p{L}\p{N}] is Python's \w without "_".
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff" \
            "\uf900-\ufaff"
WORD_PATTERN = re.compile(f"[^\\W_{_UNSPACED}]+|[{_UNSPACED}]")

_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|blockquote|pre|br|hr|table|tr|td|th|"
                        r"figure|figcaption|dl|dt|dd|section|aside|details|summary)\b[^>]*>",
                        re.I)
_TAG = re.compile(r"<[^>]*>")


def stems(language: str) -> bool:
    """Whether words of this language lose their plural ending."""
    return language.lower().split("-")[0] == "en"


def stem(word: str) -> str:
    """The "S" stemmer (Harman, 1991), only on words of more than three letters."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def html_text(html: str) -> str:
    """The text a reader sees in this HTML, on one line."""
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", _HIDDEN.sub(" ", str.__str__(html))))
    return " ".join(unescape(text).split())


def story_text(story: Story) -> str:
    """What a result's excerpt is taken from: the story's text after its title."""
    parts = [_one_line(story.description), html_text(story.body_html)]
    parts += [html_text(point) for point in story.takeaways_html]
    for entry in story.faq:
        parts += [_one_line(entry.question), html_text(entry.answer_html)]
    if story.tags:
        parts.append(_one_line(", ".join(tag.name for tag in story.tags)))
    return " ".join(part for part in parts if part)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def words(text: str, stemmed: bool) -> list[str]:
    """The words of a text, as the index holds them."""
    found = WORD_PATTERN.findall(text.lower())
    return [stem(word) for word in found] if stemmed else found


def word_weights(title: str, text: str, stemmed: bool,
                 memo: dict[str, str | tuple[str, ...]]) -> tuple[Counter, int]:
    """Each word's weight in a story (title words count TITLE_WEIGHT times), and its length
    in words. The text is split at spaces and each token mapped to its word through `memo`
    (a token of other than one word, such as "don't" or "--", to a tuple of them): most
    tokens recur across stories, and this runs in C where a pattern tried at every
    character would not."""
    tokens = text.lower().split()
    for token in set(tokens).difference(memo):
        found = words(token, stemmed)
        memo[token] = found[0] if len(found) == 1 else tuple(found)
    weights = Counter(map(memo.__getitem__, tokens))
    length = len(tokens)
    for odd in [key for key in weights if type(key) is tuple]:
        count = weights.pop(odd)
        length += (len(odd) - 1) * count
        for word in odd:
            weights[word] += count
    for word in words(title, stemmed):
        weights[word] += TITLE_WEIGHT
        length += 1
    return weights, length
