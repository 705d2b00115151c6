"""Pickled bytes of the values the site model holds, for the build cache and for digests.

Markup (HTML shown as it is) and str (text escaped when shown) stay apart; Markup is
written as its text and class, without copyreg's general path, which is most of the time
pickling and loading an article's record takes (its body, FAQ answers and takeaways).
"""

from __future__ import annotations

import copyreg
import io
import pickle

from markupsafe import Markup

_TABLE = copyreg.dispatch_table.copy()
_TABLE[Markup] = lambda html: (Markup, (str(html),))


def pickled(value, memo: bool = True) -> bytes:
    """`memo=False`: objects met twice are written twice, so equal values give equal bytes
    whether or not they share objects (for values that never refer back to themselves)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _TABLE
    pickler.fast = not memo
    pickler.dump(value)
    return buffer.getvalue()
