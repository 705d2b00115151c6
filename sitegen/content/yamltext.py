"""YAML parsing with file line numbers, libyaml's fast loader and no alias expansion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from sitegen.errors import SiteError

_TEXT = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_OTHER_BREAKS = "\x85\u2028\u2029"
_KINDS = {"tag:yaml.org,2002:int": "a number", "tag:yaml.org,2002:float": "a number",
          "tag:yaml.org,2002:bool": "true/false", "tag:yaml.org,2002:null": "null"}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader, leaving dates as text so that `fields` checks them and an
    impossible date such as 2026-02-30 is reported against its field."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in getattr(yaml, "CSafeLoader", yaml.SafeLoader).yaml_implicit_resolvers.items()
    }


def parse_mapping(text: str, path: Path | str, first_line: int = 1) -> tuple[dict, dict[str, int]]:
    """Parse `text` as a YAML mapping.

    `first_line` is the file line where `text` starts, so errors and key positions point at
    the right line of the whole file. Returns the data and each top-level key's line.
    """
    # YAML also ends lines at U+0085, U+2028 and U+2029, which an editor shows inside a
    # line; where the text has them, a line is counted from the character index instead.
    other_breaks = any(character in text for character in _OTHER_BREAKS)

    def line_of(mark: yaml.Mark) -> int:
        return _line_at(text, mark.index, first_line) if other_breaks else first_line + mark.line

    try:
        _refuse_aliases(text, path, line_of)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_keys(node, path, line_of)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if "mapping values are not allowed" in problem:
            problem += " (put quotes around a value that contains ': ')"
        if other_breaks:
            index = min(text.find(c) for c in _OTHER_BREAKS if c in text)
            problem += (f" (note: line {_line_at(text, index, first_line)} holds an invisible "
                        f"line break, U+{ord(text[index]):04X}, which YAML reads as a new line)")
        raise SiteError(f"YAML syntax error: {problem}", path,
                        line_of(mark) if mark else None) from None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise SiteError(f"YAML error: {str(error).splitlines()[0]}", path, first_line) from None
    if node is None:            # nothing but comments
        return {}, {}
    if not isinstance(data, dict):
        kind = {list: "a list", str: "text", bool: "true/false"}.get(type(data), "a number")
        raise SiteError(f"front matter must be a mapping of keys to values, not {kind}",
                        path, first_line)
    return data, {key.value: line_of(key.start_mark) for key, _ in node.value}


def _line_at(text: str, index: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, index)


def _refuse_aliases(text: str, path: Path | str, line_of: Callable[[yaml.Mark], int]) -> None:
    """Reject YAML aliases before anything is built: they are how "billion laughs" documents
    blow up memory, and front matter has no use for them."""
    if "*" not in text:     # every alias starts with '*': most documents need no scan
        return
    loader = _Loader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, yaml.AliasToken):
                raise SiteError("YAML aliases (*name) are not allowed", path,
                                line_of(token.start_mark))
    finally:
        loader.dispose()


def _check_keys(node: yaml.Node, path: Path | str, line_of: Callable[[yaml.Mark], int]) -> None:
    """Every key is text, given once, and no merge key: YAML keeps the last of two equal keys,
    and `<<` lets hidden keys override the visible ones, so what the file seems to say would be
    silently lost. Keys of other kinds (1, true, null) would also break the sorting of keys."""
    stack: list[tuple[yaml.Node, str]] = [(node, "")]
    while stack:
        current, field = stack.pop()
        if isinstance(current, yaml.SequenceNode):
            stack.extend((item, field) for item in reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            lines: dict[str, int] = {}
            children = []
            for key, value in current.value:
                line = line_of(key.start_mark)
                if key.tag == _MERGE:
                    raise SiteError("merge keys ('<<') are not allowed: write the keys out",
                                    path, line, field or None)
                if not isinstance(key, yaml.ScalarNode):
                    raise SiteError("a key must be text, not a list or mapping", path, line,
                                    field or None)
                if key.tag != _TEXT:
                    kind = _KINDS.get(key.tag, f"tagged {key.tag}")
                    raise SiteError(f"key {key.value!r} must be text, not {kind} "
                                    "(put it in quotes)", path, line, field or None)
                name = f"{field}.{key.value}" if field else key.value
                if key.value in lines:
                    raise SiteError(f"given twice (first on line {lines[key.value]})",
                                    path, line, name)
                lines[key.value] = line
                children.append((value, name))
            stack.extend(reversed(children))    # the first problem in the file is reported
