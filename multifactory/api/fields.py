"""Field types shared by the schemas of every capability."""

from typing import Annotated

from ninja import Field

# A row id: positive and inside a 64-bit integer, so no database is asked about
# numbers it cannot hold.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
