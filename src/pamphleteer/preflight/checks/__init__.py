"""The preflight checks, registered in report order by importing their modules."""

from pamphleteer.preflight.checks import (  # noqa: F401 - imported to register
    structure, fonts, boxes, colour, pictures, interactive,
)
