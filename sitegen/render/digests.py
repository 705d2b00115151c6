"""Digests of the values pages are made from: equal digests, equal values.

A value is digested by its pickled bytes (without pickle's memo), which pickle writes
faithfully for the plain values templates receive (strings, numbers, dates, tuples, frozen
dataclasses). A story, list page or person inside a value counts by its own digest, computed
once per object: a story is on its own page and on half a dozen lists, and views never
change once made.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle

from sitegen.render.views import ListPage, Person, Story

_SHARED = (Story, ListPage, Person)


def _digest_of(digest: bytes) -> bytes:
    """What a shared view pickles as inside another value (never unpickled)."""
    return digest


class Digester:
    def __init__(self):
        self._known: dict[int, tuple] = {}      # id(view) -> (view, digest)
        self._last: dict[int, tuple] = {}

    def start(self) -> None:
        """A new build: the views of the last one are kept only if this one uses them."""
        self._last, self._known = self._known, {}

    def digest(self, value) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, self).dump(value)
        return hashlib.sha256(buffer.getbuffer()).digest()[:16]

    def shared(self, view) -> bytes:
        known = self._known.get(id(view)) or self._last.get(id(view))
        if known is None or known[0] is not view:
            fields = tuple(getattr(view, field.name) for field in dataclasses.fields(view))
            known = (view, self.digest((type(view).__name__, fields)))
        self._known[id(view)] = known
        return known[1]


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, digester: Digester):
        super().__init__(file, protocol=5)
        # No memo: an object met twice is written twice, so equal values give equal bytes
        # whether or not they share objects (the values are trees: nothing refers back).
        self.fast = True
        self.digester = digester

    def reducer_override(self, value):
        if type(value) in _SHARED:
            return _digest_of, (self.digester.shared(value),)
        return NotImplemented
