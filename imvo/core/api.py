"""Types the API routers share."""

from typing import Annotated

from ninja import Path, Query

RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
"""A primary key in a path: within what every database stores, so a huge number is a 422, not a 500."""

Version = Annotated[int | None, Query(ge=1, le=32_767)]
