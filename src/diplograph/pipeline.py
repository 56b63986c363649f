"""The pipeline: an ordered list of stages that annotate one ``Doc`` per document, then a record at the edge.

``diplograph.load()`` returns a ``Pipeline``; ``pipeline(text, published=None)`` returns a typed
``DocumentRecord`` and ``pipeline.pipe(documents)`` streams them. ``pipeline.stages`` lists the stages with
what each ``requires`` and ``assigns``; the order is checked when the pipeline is built. The pipeline owns
its codebook, language packs (with their grammars and spaCy models) and configuration, so two pipelines with
different settings live side by side. The knowledge base is read-only: pipelines share the package's, loaded once
per process, unless ``Pipeline(kb=...)`` gives one its own. The CLI, the store and the web app are thin adapters.
"""

from __future__ import annotations

import datetime as dt
import itertools
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

from . import lang
from .build import build_record
from .coding import Coder
from .config import Config
from .doc import Doc
from .errors import DiplographError, InputError
from .kb import KnowledgeBase
from .readers import RawDocument, ReadFailure
from .records import DocumentRecord, ErrorRecord, Evidence
from .stages import StageInfo, check_order
from .stages.actors import ActorStage
from .stages.analysis import CueStage, ParseStage, TenseStage
from .stages.clean import Cleaner
from .stages.contacts import ContactStage, TriggerStage
from .stages.dates import DateStage
from .stages.langid import LanguageStage
from .stages.layout import LayoutStage, SpeakerStage
from .stages.segment import SegmentStage
from .stages.statements import StatementStage
from .stages.topics import TopicStage


class Pipeline:
    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        reference_date: dt.date | None = None,
        use_parser: bool | None = None,
        config: Config | None = None,
        stages: list | None = None,
    ):
        self.config = Config.load(config)
        self.use_parser = self.config.get("extract.use_parser") if use_parser is None else use_parser
        self.kb = kb or KnowledgeBase.default()
        self.reference_date = reference_date
        self.coder = Coder()
        self.packs = {code: lang.pack(code) for code in lang.codes()}
        self.stages = stages if stages is not None else self._default_stages()
        self._warm = False
        check_order(self.stages)

    def _default_stages(self) -> list:
        settings = self.config["language"]
        return [
            Cleaner(),
            LanguageStage(
                tuple(settings["candidates"]),
                self.packs,
                settings["sample_chars"],
                settings["short_text_chars"],
                settings["pack_margin"],
            ),
            LayoutStage(self.packs, self.reference_date),
            SegmentStage(),
            ActorStage(self.kb, self.config),
            DateStage(),
            SpeakerStage(),
            TriggerStage(),
            CueStage(),
            ParseStage(self.use_parser),
            TenseStage(),
            ContactStage(self.kb),
            TopicStage(),
            StatementStage(self.kb, self.coder),
        ]

    @property
    def stage_info(self) -> list[StageInfo]:
        return [StageInfo(s.name, tuple(s.requires), tuple(s.assigns)) for s in self.stages]

    def __call__(self, text: str | RawDocument, published: str | None = None, doc_id: str = "doc") -> DocumentRecord:
        raw = (
            text
            if isinstance(text, RawDocument)
            else RawDocument(doc_id=doc_id, text=text, source=doc_id, published=published)
        )
        return self.process(raw)

    def pipe(
        self, documents: Iterable[str | tuple | Mapping | RawDocument | ReadFailure], batch_size: int | None = None
    ) -> Iterator[DocumentRecord | ErrorRecord]:
        """Records in input order; a document that fails becomes an ``ErrorRecord`` and the stream goes on.
        A document is a text (named doc1, doc2... by its place in the stream), an ``(id, text)`` pair, a
        mapping with ``text`` and optionally ``id`` (or ``doc_id``), ``published``, ``title`` and ``url``, or a
        ``diplograph.Document``.
        Documents go through the stages ``batch_size`` at a time (``extract.batch_docs``): a stage that can
        take several documents at once (the spaCy analysis) gets them together."""
        size = max(1, batch_size or self.config.get("extract.batch_docs"))
        numbered = enumerate(documents, 1)
        while chunk := list(itertools.islice(numbered, size)):
            runs = [_Run.of(i, item) for i, item in chunk]
            self._run([r for r in runs if r.error is None])
            for run in runs:
                yield self._record(run)

    def _record(self, run: _Run) -> DocumentRecord | ErrorRecord:
        if run.error is None:
            try:
                return self._build(run.doc)
            except Exception as exc:  # noqa: BLE001 - reported as the document's error record
                run.error = exc
        exc = run.error
        if isinstance(exc, ReadFailure):
            return ErrorRecord(exc.doc_id, str(exc.error))
        if isinstance(exc, DiplographError):
            return ErrorRecord(run.raw.doc_id, str(exc))
        # a bug must cost one document, never the rest of the batch
        return ErrorRecord(
            run.raw.doc_id, f"{run.raw.source}: internal error, please report it ({type(exc).__name__}: {exc})"
        )

    def warm(self) -> None:
        """Load what the stages load lazily (spaCy models, language detectors), once."""
        if self._warm:
            return
        for stage in self.stages:
            if hasattr(stage, "warm"):
                stage.warm()
        if self.use_parser:
            for pack in self.packs.values():
                pack.nlp()
        self._warm = True

    def annotate(self, raw: RawDocument) -> Doc:
        """The ``Doc`` with every stage's annotations. A stage that analyses the language (it requires
        ``pack``) is skipped for a language no pack covers. A document that takes longer than the time budget
        (``extract.time_budget_s``) is an ``InputError``: one error record, and the batch goes on."""
        run = _Run.of(1, raw)
        if run.error is None:
            self._run([run])
        if run.error is not None:
            raise run.error
        return run.doc

    def process(self, raw: RawDocument) -> DocumentRecord:
        return self._build(self.annotate(raw))

    def _build(self, doc: Doc) -> DocumentRecord:
        """The record of an annotated document; each passage in another language (``doc.passages``) is read
        on its own by its language's pack, its contacts and statements joining the record's with offsets into
        the whole text."""
        record = build_record(doc, self.coder, self.kb.roles.heads)
        if not doc.passages:
            return record
        contacts, statements = list(record.contacts), list(record.statements)
        for start, end, _code in doc.passages:
            a, b = doc.clean.to_original(start, end)
            part = RawDocument(doc.raw.doc_id, doc.raw.text[a:b], doc.raw.source, published=record.published)
            try:
                sub = build_record(self.annotate(part), self.coder, self.kb.roles.heads)
            except DiplographError:
                continue  # a passage too short or too slow to read: the rest of the record stands
            contacts += [replace(c, evidence=tuple(_shift(e, a) for e in c.evidence)) for c in sub.contacts]
            statements += [replace(s, evidence=_shift(s.evidence, a)) for s in sub.statements]
        return replace(record, contacts=tuple(contacts), statements=tuple(statements))

    def _run(self, runs: list[_Run]) -> None:
        """Every stage over the documents of ``runs``, stage by stage; a document that fails keeps its
        error and leaves the others going. Each document has its own time budget; a batched stage's time
        is shared out evenly."""
        if not runs:
            return
        self.warm()  # models load once, outside any document's time budget
        budget = self.config.get("extract.time_budget_s")
        for stage in self.stages:
            live = [r for r in runs if r.error is None and not _skips(stage, r.doc)]
            if len(live) > 1 and hasattr(stage, "pipe") and self._batched(stage, live, budget):
                continue
            for run in live:
                run.step(stage, budget)

    def _batched(self, stage, live: list[_Run], budget: float) -> bool:
        """Run ``stage.pipe`` over the documents at once; False (nothing assigned) when it fails or runs
        past the budget, so that each document is then tried alone."""
        start = time.monotonic()
        try:
            with _deadline(budget):
                stage.pipe([r.doc for r in live])
        except Exception:  # noqa: BLE001 - each document is tried alone, and reports its own error
            return False
        share = (time.monotonic() - start) / len(live)
        for run in live:
            run.spent += share
            if run.spent > budget:
                run.error = _over(run.raw, budget, stage.name)
        return True


def _shift(evidence: Evidence, offset: int) -> Evidence:
    return Evidence(evidence.start + offset, evidence.end + offset)


def _skips(stage, doc: Doc) -> bool:
    """A stage that analyses the language does not run on a document no pack covers."""
    return doc.pack is None and "pack" in stage.requires and doc.has("pack")


def _over(raw: RawDocument, budget: float, where: str | None) -> InputError:
    place = f" (in stage {where})" if where else ""
    return InputError(raw.source, f"took longer than the time budget of {budget:g} s{place}")


def as_document(item: str | tuple | Mapping | RawDocument, default_id: str) -> RawDocument:
    """``item`` as a document: see ``Pipeline.pipe`` for the forms it takes; another form is an
    ``InputError``."""
    if isinstance(item, RawDocument):
        return item
    if isinstance(item, str):
        return RawDocument(default_id, item, default_id)
    if isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item):
        return RawDocument(item[0], item[1], item[0])
    if isinstance(item, Mapping) and isinstance(item.get("text"), str):
        doc_id = str(item.get("id") or item.get("doc_id") or default_id)
        return RawDocument(doc_id, item["text"], doc_id, item.get("published"), item.get("title"), item.get("url"))
    raise InputError(
        default_id, f"not a document: {type(item).__name__} (want a text, (id, text) or a mapping with text)"
    )


class _Run:
    """One document on its way through the stages: its ``Doc``, the time it has taken, and its error."""

    __slots__ = ("raw", "doc", "spent", "error")

    def __init__(self, raw: RawDocument | None, error: BaseException | ReadFailure | None = None):
        self.raw, self.error, self.spent = raw, error, 0.0
        self.doc = Doc(raw) if raw is not None and error is None else None

    @classmethod
    def of(cls, number: int, item: str | tuple | Mapping | RawDocument | ReadFailure) -> _Run:
        if isinstance(item, ReadFailure):
            return cls(None, item)
        try:
            raw = as_document(item, f"doc{number}")
        except InputError as exc:
            return cls(RawDocument(f"doc{number}", "", f"doc{number}"), exc)
        if not raw.text.strip():
            return cls(raw, InputError(raw.source, "no text"))
        return cls(raw)

    def step(self, stage, budget: float) -> None:
        """``stage(doc)`` within what is left of the document's budget; an error is kept, not raised. What a
        stage loads lazily for this document (``prepare``: a model) loads outside the budget."""
        if hasattr(stage, "prepare"):
            stage.prepare(self.doc)
        start = time.monotonic()
        try:
            with _deadline(budget - self.spent):
                stage(self.doc)
        except _OverBudget:
            self.error = _over(self.raw, budget, stage.name)
        except Exception as exc:  # noqa: BLE001 - kept as the document's error
            self.error = exc
        self.spent += time.monotonic() - start
        if self.error is None and self.spent > budget:
            self.error = _over(self.raw, budget, stage.name)


class _OverBudget(Exception):
    """A document ran past its time budget."""


@contextmanager
def _deadline(seconds: float):
    """Interrupt the document after ``seconds`` (a pathological text in a regular expression, a huge page):
    a real-time timer on the main thread of a POSIX process, where no other timer runs; elsewhere the
    pipeline checks the budget between stages only."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def expire(_signum, _frame):
        raise _OverBudget()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))  # zero would disarm the timer
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load(
    reference_date: dt.date | str | None = None,
    use_parser: bool | None = None,
    config: Config | str | None = None,
    lazy: bool = False,
) -> Pipeline:
    """The extraction pipeline with the package's knowledge base, language packs and configuration (the
    shipped defaults, with ``config`` (a file path, a mapping or a ``Config``) layered on top). Its models
    (spaCy's, the language identifier's) load here, so the first document takes no longer than the next;
    ``lazy=True`` loads each on first use instead."""
    if isinstance(reference_date, str):
        reference_date = dt.date.fromisoformat(reference_date)
    pipeline = Pipeline(reference_date=reference_date, use_parser=use_parser, config=Config.load(config))
    if not lazy:
        pipeline.warm()
    return pipeline
