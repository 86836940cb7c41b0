"""Imposition layouts by name.

Each layout module offers:
  grid(options) -> (cols, rows)       cells on one side of a sheet
  multiple(options) -> int            pages are padded to a multiple of this
  arrange(sequence, options, creep_from) -> Arrangement
  finishing(arrangement, options) -> dict of folds/cuts/binding facts for the report
"""

from pamphleteer.impose.layouts import nup, saddle, signatures

LAYOUTS = {"saddle": saddle, "signatures": signatures, "nup": nup}
