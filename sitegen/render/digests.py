"""Digests of the values pages are made from: equal digests, equal values.

A value is digested by its pickled bytes (without pickle's memo, so that equal values give
equal bytes whether or not they share objects), which pickle writes faithfully for the
plain values templates receive (strings, numbers, dates, tuples, frozen dataclasses). A
story, list page, card, person or label (or the configuration) in a dict or tuple counts by
its own digest, computed once per object: a story is on its own page and on half a dozen
lists (the configuration in every feed's inputs), and views never change once made.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator

from sitegen.config import Config
from sitegen.pickled import pickled
from sitegen.render.views import Card, Label, ListPage, Person, Story

_FIELDS = {kind: operator.attrgetter(*(field.name for field in dataclasses.fields(kind)))
           for kind in (Story, ListPage, Card, Person, Label, Config)}
_WALKED = {*_FIELDS, tuple, list, dict}
_MARK = "\0a view, by its digest"     # no text a template receives starts with NUL


class Digester:
    def __init__(self):
        self._known: dict[int, tuple] = {}      # id(view) -> (view, digest)
        self._last: dict[int, tuple] = {}

    def start(self, anew: bool = True) -> None:
        """A new build: the views of the last one are kept only if this one uses them
        (all of them, when not `anew`: see Views.start)."""
        if anew:
            self._last, self._known = self._known, {}

    def digest(self, value) -> bytes:
        return _hash(self._flat(value))

    def _flat(self, value):
        """`value` with each shared view in its dicts and tuples replaced by its digest."""
        kind = type(value)
        if kind in _FIELDS:
            return (_MARK, self.shared(value))
        if kind is tuple or kind is list:
            return value if _WALKED.isdisjoint(map(type, value)) else kind(map(self._flat, value))
        if kind is dict:
            return {key: self._flat(item) for key, item in value.items()}
        return value

    def shared(self, view) -> bytes:
        known = self._known.get(id(view)) or self._last.get(id(view))
        if known is None or known[0] is not view:
            kind = type(view)
            shared = self.shared
            # The two views met most, written field by field (each kind by its own layout)
            if kind is Story and view._record:     # the rest is copied from that record
                fields = (view._record, view.path, tuple(map(shared, view.authors)),
                          tuple(map(shared, view.tags)), view.section and shared(view.section),
                          tuple([(shared(person), role) for person, role in view.credits]))
            elif kind is ListPage:
                fields = (view.number, view.count, view.path, tuple(map(shared, view.articles)),
                          *((place.number, place.path) if place else None
                            for place in (view.previous, view.next)))
            else:
                fields = self._flat(_FIELDS[kind](view))
            known = (view, _hash((kind.__name__, fields)))
        self._known[id(view)] = known
        return known[1]


def _hash(value) -> bytes:
    return hashlib.sha256(pickled(value, memo=False)).digest()[:16]
