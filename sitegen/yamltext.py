"""YAML parsing with file line numbers, libyaml's fast loader and no alias expansion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import SiteError



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
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _refuse_aliases(node, path, first_line)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else None
        problem = error.problem or error.context or "invalid YAML"
        if "mapping values are not allowed" in problem:
            problem += " (put quotes around a value that contains ': ')"
        raise SiteError(f"YAML syntax error: {problem}", path, line) from None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise SiteError(f"YAML error: {str(error).splitlines()[0]}", path, first_line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise SiteError(f"front matter must be a mapping of keys to values, not {kind}",
                        path, first_line)
    key_lines = {
        str(key.value): first_line + key.start_mark.line for key, _ in node.value
    }
    for key in data:
        if not isinstance(key, str):
            raise SiteError(f"key {key!r} must be text", path, first_line)
    return data, key_lines


def _refuse_aliases(node: Any, path: Path | str, first_line: int) -> None:
    """Reject YAML aliases: they are how "billion laughs" documents blow up memory."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise SiteError("YAML aliases (*name) are not allowed", path,
                            first_line + current.start_mark.line)
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
