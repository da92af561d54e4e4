"""Type stubs of the extension module ``rasd._rasd`` (Rust, PyO3). Use the ``rasd`` package."""

from typing import List, Optional, Tuple

__version__: str

class RasdError(ValueError):
    """An input rasd cannot use, or a pipeline that cannot start; the message is Rust's."""

class Pipeline:
    """The Rust pipeline, lexicons loaded once."""

    def __init__(self) -> None: ...
    def run(
        self,
        items: List[str],
        first_position: int = 1,
        threads: Optional[int] = None,
        date: Optional[str] = None,
        tables: bool = False,
    ) -> List[str]:
        """Documents as JSON objects in, one JSON text per document out, in order."""

def event_columns() -> List[Tuple[str, str, bool]]:
    """(name, Spark type name, nullable) of each column of the events table."""

def claim_columns() -> List[Tuple[str, str, bool]]:
    """(name, Spark type name, nullable) of each column of the claims table."""

def reports_json(record: str) -> str:
    """The merge rule's reports of a format-1 record (JSON in, JSON array out)."""

def merge_json(
    items: List[str],
    must_link: List[Tuple[str, str]] = ...,
    cannot_link: List[Tuple[str, str]] = ...,
) -> str:
    """rasd-merge's merge over records or reports (JSON texts); a JSON array of merged events."""
