""" "Did you mean" hints, shared by the rules and the reference engine, in bounded time.

``difflib.get_close_matches`` compares the value with every candidate, each comparison
quadratic in the lengths: one page with 1,000 headings and 1,000 misspelt anchors to
them took half a minute. Here the candidates are indexed once by their character
trigrams (:class:`Names`), and each lookup hands difflib only the few candidates that
share the most trigrams with the value, found by reading a bounded number of index
entries. Small sets (every key, status and priority list) are compared in full, so
their hints are exactly difflib's.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from difflib import get_close_matches

#: Up to this many candidates, all are compared (difflib's own answer).
SMALL = 64
#: Candidates handed to difflib per lookup in a large set.
SHORTLIST = 32
#: Index entries read per lookup: the work of one lookup, whatever the size of the set.
POSTINGS_BUDGET = 4_000


def _grams(text: str) -> set[str]:
    padded = f"\0\0{text}\0"
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


class Names:
    """Known names, indexed once for many "did you mean" lookups."""

    def __init__(self, known: Iterable[str]) -> None:
        self.names = sorted(set(known))
        self.postings: dict[str, list[int]] = {}
        if len(self.names) > SMALL:
            for number, name in enumerate(self.names):
                for gram in _grams(name):
                    self.postings.setdefault(gram, []).append(number)

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def _shortlist(self, value: str) -> list[str]:
        """The candidates sharing the most trigrams with ``value``, the rarest trigrams read first."""
        lists = sorted((self.postings.get(gram, []) for gram in _grams(value)), key=len)
        shared: Counter[int] = Counter()
        budget = POSTINGS_BUDGET
        for numbers in lists:
            if budget <= 0:
                break
            shared.update(numbers[:budget])
            budget -= len(numbers)
        best = heapq.nlargest(SHORTLIST, shared.items(), key=lambda item: (item[1], -item[0]))
        return [self.names[number] for number, _count in best]

    def closest(self, value: str, cutoff: float = 0.7) -> str | None:
        candidates = self.names if len(self.names) <= SMALL else self._shortlist(value)
        found = get_close_matches(value, candidates, n=1, cutoff=cutoff)
        return found[0] if found else None


#: Indexes of the collections asked about lately (a page's anchors, the site's ids), by identity.
_RECENT: dict[int, tuple[object, int, Names]] = {}
_RECENT_MAX = 16


def _names(known: Iterable[str]) -> Names:
    if isinstance(known, Names):
        return known
    if not isinstance(known, (frozenset, dict)):
        return Names(known)
    remembered = _RECENT.get(id(known))
    if remembered is not None and remembered[0] is known and remembered[1] == len(known):
        return remembered[2]
    names = Names(known)
    if len(_RECENT) >= _RECENT_MAX:
        del _RECENT[next(iter(_RECENT))]
    _RECENT[id(known)] = (known, len(known), names)
    return names


def closest(value: str, known: Iterable[str], cutoff: float = 0.7) -> str | None:
    """The known name most like ``value``, if it is like enough."""
    return _names(known).closest(value, cutoff)


def close_match(value: str, known: Iterable[str], cutoff: float = 0.7) -> str | None:
    """A "did you mean" hint for a misspelt key, value, anchor or name."""
    found = closest(value, known, cutoff)
    return f"did you mean '{found}'?" if found else None
