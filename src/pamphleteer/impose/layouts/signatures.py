"""Signatures: the pages split into groups of K, each group nested like a saddle, groups stacked.

Pages are padded to a multiple of 4, not of K: the last signature may be
thinner (for example 16 + 16 + 8) rather than carry up to K − 4 blank pages.
"""

from __future__ import annotations

from pamphleteer.impose.plan import Arrangement, Slot, saddle_sides


def grid(options) -> tuple[int, int]:
    return 2, 1


def multiple(options) -> int:
    return 4


def arrange(sequence: list[Slot], options, creep_from: int = 0) -> Arrangement:
    size = options.signature
    sides, sizes = [], []
    for start in range(0, len(sequence), size):
        group = sequence[start:start + size]
        sides += saddle_sides(group, len(sides) // 2 + 1, options.caliper, creep_from, len(sizes) + 1)
        sizes.append(len(group))
    return Arrangement(2, 1, True, tuple(sides), tuple(sizes))


def finishing(arrangement: Arrangement, finished_height: float) -> dict:
    sizes = arrangement.signatures
    return {
        "folds": (f"fold each sheet once at the spine; nest the sheets of each signature, "
                  f"sheet-number order; gather the {len(sizes)} signatures in order"),
        "cuts": "trim head, foot and face after binding",
        "binding_method": "sewn or perfect bound signatures (" + " + ".join(map(str, sizes)) + " pages)",
        "staples": 0,
        "notes": [],
    }
