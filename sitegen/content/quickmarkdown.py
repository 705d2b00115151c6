"""Python-Markdown, skipping the searches a text cannot pass.

For every block of text, Python-Markdown asks each block processor whether the block is its
kind (a heading, a quote, a rule...); for every piece of text in a block, it tries each of its
fifteen inline patterns; before that, it looks for raw HTML and for blank lines with spaces.
Most of these searches scan the whole text with a regular expression that needs a character
most text lacks ("#", ">", "`", "[", "<", "&", "!!!"), and together they are over half the
time of converting an article. When the text has none of what a search needs, the search
finds nothing: skipping it gives the same result without the call. Nothing else is changed
(tests/test_properties.py compares the HTML with Python-Markdown's own).

The quick kinds copy loops and a private method of one Python-Markdown release, so they are
used with that release only (VERIFIED_MARKDOWN); any other gets plain Python-Markdown.
"""

from __future__ import annotations

import re
from importlib import metadata

from markdown import (Markdown, blockparser, blockprocessors, inlinepatterns, preprocessors,
                      treeprocessors, util)
from markdown.extensions.admonition import AdmonitionProcessor

from sitegen import report

# The release whose code the quick kinds were checked against; requirements.txt pins it. To
# raise both: compare the copied code with the new release's, then run tests/test_properties.py.
VERIFIED_MARKDOWN = "3.11.3"
_warned = False     # once a process: a preview or a `check` makes several converters

# Block processors whose test cannot pass on a block without one of these strings.
_BLOCK_NEEDS = {
    blockprocessors.HashHeaderProcessor: ("#",),
    blockprocessors.SetextHeaderProcessor: ("\n=", "\n-"),
    blockprocessors.HRProcessor: ("-", "_", "*"),
    blockprocessors.BlockQuoteProcessor: (">",),
    blockprocessors.ReferenceProcessor: ("]:",),  # its test always passes; its run declines
}

# Inline patterns, by regular expression, and the strings one of which each cannot match
# without.
_INLINE_NEEDS = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),             # also REFERENCE_RE
    inlinepatterns.IMAGE_LINK_RE: ("![",),      # also IMAGE_REFERENCE_RE
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    r"\[\^([^\]]*)\]": ("[^",),                 # footnote references ("extra")
}


def install(md: Markdown) -> None:
    """Make `md` skip the searches its text cannot pass. The objects stay where extensions
    expect them; those of the plain kinds get the quick kind's methods. With another
    Python-Markdown release than the verified one, nothing is changed."""
    if not _verified_release_installed():
        return
    md.parser.__class__ = QuickBlockParser
    md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)
    for registry, quick_kinds in ((md.preprocessors, _QUICK_PREPROCESSORS),
                                  (md.parser.blockprocessors, _QUICK_BLOCK_PROCESSORS)):
        for processor in registry:
            quick_kind = quick_kinds.get(type(processor))
            if quick_kind is not None:
                processor.__class__ = quick_kind


def _verified_release_installed() -> bool:
    global _warned
    installed = metadata.version("Markdown")
    if installed == VERIFIED_MARKDOWN:
        return True
    if not _warned:
        _warned = True
        report.warning(f"Python-Markdown {installed} is installed, but sitegen's quick "
                       f"Markdown path was verified with {VERIFIED_MARKDOWN} only: this build "
                       "uses plain Python-Markdown (the same output, only slower)")
    return False


def _inline_needs(pattern: inlinepatterns.Pattern) -> tuple[str, ...]:
    """What the pattern cannot match without; for a pattern not known here, the empty
    string, which every text has."""
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):
        return tuple(pattern.tokens)            # its expression is the tokens' alternation
    if isinstance(pattern, inlinepatterns.InlineProcessor):
        return _INLINE_NEEDS.get(pattern.compiled_re.pattern, ("",))
    return ("",)


class QuickBlockParser(blockparser.BlockParser):
    """Python-Markdown's BlockParser; its loop with the skip added."""

    def parseBlocks(self, parent, blocks: list[str]) -> None:
        processors = [(processor, _BLOCK_NEEDS.get(type(processor), ("",)))
                      for processor in self.blockprocessors]
        while blocks:
            for processor, needs in processors:
                for needed in needs:                # "" is in every text
                    if needed in blocks[0]:
                        break
                else:
                    continue
                if processor.test(parent, blocks[0]):
                    if processor.run(parent, blocks) is not False:
                        break


class QuickInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's InlineProcessor; its loop over the patterns with the skip added."""

    def run(self, tree, ancestors=None):
        self._patterns = [(pattern, _inline_needs(pattern)) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    # The base class's private method (hence the mangled name), which its other methods call.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        apply_pattern = self._InlineProcessor__applyPattern
        patterns = self._patterns
        count = len(patterns)
        startIndex = 0
        while patternIndex < count:
            pattern, needs = patterns[patternIndex]
            for needed in needs:                # "" is in every text
                if needed in data:
                    data, matched, startIndex = apply_pattern(pattern, data, patternIndex,
                                                              startIndex)
                    break
            else:
                matched, startIndex = False, 0  # what a pattern that finds nothing gives
            if not matched:
                patternIndex += 1
        return data


class QuickNormalizeWhitespace(preprocessors.NormalizeWhitespace):
    """Its regular expression (a blank line of spaces) cannot match without " \\n". The rest
    is Python-Markdown's `run` as VERIFIED_MARKDOWN has it."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = re.sub(r"(?<=\n) +\n", "\n", source)
        return source.split("\n")


class QuickHtmlBlockPreprocessor(preprocessors.HtmlBlockPreprocessor):
    """Without "<" or "&", its HTML parser finds only text and gives the same lines back."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if "<" not in source and "&" not in source:
            return lines
        return super().run(lines)


class QuickAdmonitionProcessor(AdmonitionProcessor):
    """Its test: the block starts an admonition (a "!!!" line) or continues the one before."""

    def test(self, parent, block: str) -> bool:
        if "!!!" in block:
            return super().test(parent, block)
        return self.parse_content(parent, block)[0] is not None


_QUICK_PREPROCESSORS = {
    preprocessors.NormalizeWhitespace: QuickNormalizeWhitespace,
    preprocessors.HtmlBlockPreprocessor: QuickHtmlBlockPreprocessor,
}
_QUICK_BLOCK_PROCESSORS = {AdmonitionProcessor: QuickAdmonitionProcessor}
