"""Python-Markdown's block and inline steps, skipping the tests a text cannot pass.

For every block of text, Python-Markdown asks each block processor whether the block is its
kind (a heading, a quote, a rule...); for every piece of text in a block, it tries each of its
fifteen inline patterns. Most of those tests search the whole text with a regular expression
that needs a character most text lacks ("#", ">", "`", "[", "<", "&"), and together they are
over half the time of converting an article. When the text has none of what a test needs,
the test fails: skipping it gives the same result without the call. Nothing else is changed
(tests/test_properties.py compares the HTML with Python-Markdown's own).
"""

from __future__ import annotations

from markdown import Markdown, blockparser, blockprocessors, inlinepatterns, treeprocessors, util

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
    """Make `md` skip the tests its text cannot pass."""
    md.parser.__class__ = QuickBlockParser      # the same parser, which processors refer to
    md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)


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
