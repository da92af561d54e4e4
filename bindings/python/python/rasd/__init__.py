"""rasd (رصد): Arabic news articles in, conflict event records (format 1) out.

The extractor is rasd's Rust pipeline; this package is a thin layer over it. A record is the
same as the CLI's JSON line for the same document (``rasd extract --format jsonl``), loaded
with :func:`json.loads`::

    >>> import rasd
    >>> record = rasd.extract("قتل 3 مدنيين في قصف جوي على مدينة حلب أمس.", date="2016-12-12")
    >>> record["events"][0]["location"]["name_en"]
    'Aleppo'

Use a :class:`Pipeline` to load the lexicons once and extract many documents on several
threads (the GIL is released while Rust works).
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Tuple, Union

from . import _rasd
from ._rasd import RasdError, claim_columns, event_columns

__all__ = [
    "Pipeline",
    "RasdError",
    "Tables",
    "extract",
    "merge",
    "reports",
    "event_columns",
    "claim_columns",
    "__version__",
]

__version__: str = _rasd.__version__

Document = Union[str, Dict[str, Any]]
DateLike = Union[str, _datetime.date, None]

#: Documents handed to Rust at a time by ``extract_many``: enough to keep every thread busy,
#: few enough that the JSON in flight stays small (the CLI batches 512).
_CHUNK = 1024

_DATE_COLUMNS = {
    "events": [name for name, kind, _ in event_columns() if kind == "date"],
    "claims": [name for name, kind, _ in claim_columns() if kind == "date"],
}


def _date_text(date: DateLike) -> Optional[str]:
    if date is None:
        return None
    if isinstance(date, _datetime.date):
        return date.isoformat()[:10]
    if isinstance(date, str):
        return date
    raise TypeError(f"date must be a str (YYYY-MM-DD) or a datetime.date, not {type(date).__name__}")


def _as_json(item: Document) -> str:
    """A document as the JSON object the CLI would read (spec field names and aliases)."""
    if isinstance(item, str):
        return _json.dumps({"text": item}, ensure_ascii=False)
    if isinstance(item, dict):
        # default=str: dates and timestamps from Spark or pandas become ISO text, which the
        # reader takes (YYYY-MM-DD or an ISO-8601 timestamp).
        return _json.dumps(item, ensure_ascii=False, default=str)
    if hasattr(item, "asDict"):  # a pyspark.sql.Row
        return _json.dumps(item.asDict(), ensure_ascii=False, default=str)
    raise TypeError(f"a document is a str or a dict, not {type(item).__name__}")


def _check_threads(threads: Optional[int]) -> Optional[int]:
    if threads is None:
        return None
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
        raise ValueError(f"threads must be a positive int or None, not {threads!r}")
    return threads


def _chunks(items: Iterable[Document]) -> Iterator[Tuple[int, List[str]]]:
    """(position of the first, JSON texts) for each chunk of ``items``; positions from 1."""
    chunk: List[str] = []
    first = 1
    for item in items:
        chunk.append(_as_json(item))
        if len(chunk) == _CHUNK:
            yield first, chunk
            first += len(chunk)
            chunk = []
    if chunk:
        yield first, chunk


def _fix_dates(rows: List[Dict[str, Any]], table: str) -> List[Dict[str, Any]]:
    columns = _DATE_COLUMNS[table]
    fromisoformat = _datetime.date.fromisoformat
    for row in rows:
        for name in columns:
            value = row.get(name)
            if value is not None:
                row[name] = fromisoformat(value)
    return rows


class Tables(NamedTuple):
    """What :meth:`Pipeline.extract_tables` gives: the records, and their flat rows."""

    records: List[Dict[str, Any]]
    """Format-1 records, one per document, in input order."""
    events: List[Dict[str, Any]]
    """One row per event: the columns of :func:`event_columns` (dates as ``datetime.date``)."""
    claims: List[Dict[str, Any]]
    """One row per casualty claim: the columns of :func:`claim_columns`."""


class Pipeline:
    """The extractor with its lexicons and gazetteer loaded (about 0.1 s); make one and reuse it.

    Safe to share between Python threads. Raises :class:`RasdError` if it cannot start.
    """

    __slots__ = ("_inner",)

    def __init__(self) -> None:
        self._inner = _rasd.Pipeline()

    def extract(
        self,
        text: str,
        *,
        date: DateLike = None,
        title: Optional[str] = None,
        doc_id: Optional[str] = None,
    ) -> Dict[str, Any]:
        """The format-1 record of one article.

        ``text`` is the body; ``title`` the headline (offsets then count in
        ``title + "\\n\\n" + text``); ``date`` the publication date (``YYYY-MM-DD``, an ISO-8601
        timestamp or a ``datetime.date``), against which "أمس" (yesterday) and weekdays are
        resolved; ``doc_id`` the id (default ``"1"``), which event ids start with.

        Raises :class:`RasdError` when there is no text or the date is malformed.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        document: Dict[str, Any] = {"text": text}
        if title is not None:
            document["title"] = title
        if doc_id is not None:
            document["id"] = str(doc_id)
        date_text = _date_text(date)
        if date_text is not None:
            document["date"] = date_text
        (out,) = self._inner.run([_json.dumps(document, ensure_ascii=False)], threads=1)
        return _json.loads(out)

    def extract_many(
        self,
        documents: Iterable[Document],
        threads: Optional[int] = None,
        *,
        date: DateLike = None,
    ) -> List[Dict[str, Any]]:
        """The records of many documents, in input order, extracted on ``threads`` threads
        (None: one per core) with the GIL released.

        Each document is a ``str`` (the text) or a ``dict`` with the field names of the spec
        and the CLI (``id``, ``text``/``content``/``body``, ``title``, ``date``/
        ``date_extracted``/``published``, ``source``/``outlet``, ``url``); a document without
        ``id`` gets its position from 1, as a JSON line without one does in the CLI. ``date`` is
        used for documents that give none (the CLI's ``--date``).

        Raises :class:`RasdError` naming the first document that cannot be read
        (``item 7: bad date ...``); nothing is returned then.
        """
        threads = _check_threads(threads)
        default = _date_text(date)
        records: List[Dict[str, Any]] = []
        loads = _json.loads
        for first, chunk in _chunks(documents):
            out = self._inner.run(chunk, first_position=first, threads=threads, date=default)
            records.extend(map(loads, out))
        return records

    def extract_tables(
        self,
        documents: Iterable[Document],
        threads: Optional[int] = None,
        *,
        date: DateLike = None,
    ) -> Tables:
        """As :meth:`extract_many`, with the records' flat rows: one per event and one per
        casualty claim, the columns of rasd's Parquet tables (``docs/parquet.md``)."""
        threads = _check_threads(threads)
        default = _date_text(date)
        tables = Tables([], [], [])
        loads = _json.loads
        for first, chunk in _chunks(documents):
            out = self._inner.run(
                chunk, first_position=first, threads=threads, date=default, tables=True
            )
            for text in out:
                parts = loads(text)
                tables.records.append(parts["record"])
                tables.events.extend(_fix_dates(parts["events"], "events"))
                tables.claims.extend(_fix_dates(parts["claims"], "claims"))
        return tables


_default_pipeline: Optional[Pipeline] = None


def extract(
    text: str,
    *,
    date: DateLike = None,
    title: Optional[str] = None,
    doc_id: Optional[str] = None,
) -> Dict[str, Any]:
    """The format-1 record of one article, with a pipeline loaded on first use and kept.

    See :meth:`Pipeline.extract` for the arguments.
    """
    global _default_pipeline
    if _default_pipeline is None:
        _default_pipeline = Pipeline()
    return _default_pipeline.extract(text, date=date, title=title, doc_id=doc_id)


def reports(record: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The merge rule's reports of a format-1 record, one per event: the flat view the rule
    reads (type and family, day, country, place, perpetrators, claims). Plain values, so they
    can travel as rows (the Spark job shuffles them)."""
    return _json.loads(_rasd.reports_json(_json.dumps(record, ensure_ascii=False)))


def merge(
    items: Iterable[Dict[str, Any]],
    *,
    must_link: Iterable[Tuple[str, str]] = (),
    cannot_link: Iterable[Tuple[str, str]] = (),
) -> List[Dict[str, Any]]:
    """Merges reports of one event across articles with the store's rule (the Rust crate
    ``rasd-merge``; ``docs/merging.md``): reports that can be one event in ACLED's unit (one
    sub-event type, at one place, on one day, with compatible perpetrators) become one event
    with reconciled ``killed`` and ``injured`` figures ``{low, best, high}``, and the types listed
    in ``conflicting_types`` when outlets typed it differently. A report told less precisely
    (a region, no place finer than the country, no date of its own) joins the one event told at
    a town that it can be.

    ``items`` are format-1 records (every event of each is a report) or reports from
    :func:`reports`, mixed as you like. ``must_link`` and ``cannot_link`` are pairs of report
    ids (event ids) a reviewer joined or split. The result is sorted by merged-event id and
    depends only on the set of reports, never on their order.

    Raises :class:`RasdError` naming an item that is neither.
    """
    texts = [_json.dumps(item, ensure_ascii=False) for item in items]
    out = _rasd.merge_json(
        texts,
        must_link=[(str(a), str(b)) for a, b in must_link],
        cannot_link=[(str(a), str(b)) for a, b in cannot_link],
    )
    return _json.loads(out)
