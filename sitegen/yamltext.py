"""YAML parsing with file line numbers, libyaml's fast loader and no alias expansion."""

from __future__ import annotations

from pathlib import Path

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
        _refuse_aliases(text, path, first_line)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _refuse_duplicate_keys(node, path, first_line)
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
        kind = {list: "a list", str: "text", bool: "true/false"}.get(type(data), "a number")
        raise SiteError(f"front matter must be a mapping of keys to values, not {kind}",
                        path, first_line)
    key_lines = {
        str(key.value): first_line + key.start_mark.line for key, _ in node.value
    }
    for key in data:
        if not isinstance(key, str):
            raise SiteError(f"key {key!r} must be text", path, first_line)
    return data, key_lines


def _refuse_aliases(text: str, path: Path | str, first_line: int) -> None:
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
                                first_line + token.start_mark.line)
    finally:
        loader.dispose()


def _refuse_duplicate_keys(node: yaml.Node, path: Path | str, first_line: int) -> None:
    """YAML keeps the last of two equal keys; in front matter the first is then silently lost."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            lines: dict[str, int] = {}
            for key, value in current.value:
                line = first_line + key.start_mark.line
                if isinstance(key, yaml.ScalarNode):
                    if key.value in lines:
                        raise SiteError(f"given twice (first on line {lines[key.value]})",
                                        path, line, key.value)
                    lines[key.value] = line
                stack.append(value)
