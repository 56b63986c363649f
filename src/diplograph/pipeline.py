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
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from . import lang
from .build import build_record
from .coding import Coder
from .config import Config
from .doc import Doc
from .errors import DiplographError, InputError
from .kb import KnowledgeBase
from .readers import RawDocument, ReadFailure
from .records import DocumentRecord, ErrorRecord
from .stages import StageInfo, check_order
from .stages.actors import ActorStage
from .stages.analysis import TenseStage
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
                tuple(settings["candidates"]), self.packs, settings["sample_chars"], settings["short_text_chars"]
            ),
            LayoutStage(self.packs, self.reference_date),
            SegmentStage(),
            ActorStage(self.kb, self.config),
            DateStage(),
            SpeakerStage(),
            TriggerStage(),
            TenseStage(self.use_parser),
            ContactStage(),
            TopicStage(),
            StatementStage(self.kb, self.coder, self.use_parser),
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
        self, documents: Iterable[str | RawDocument | ReadFailure], batch_size: int = 32
    ) -> Iterator[DocumentRecord | ErrorRecord]:
        """Records in input order; a document that fails becomes an ``ErrorRecord`` and the stream goes on.
        ``batch_size`` is accepted for the spaCy-style signature; documents are processed one by one, since
        the tagger only sees the few sentences each document's first pass selects."""
        for i, item in enumerate(documents):
            if isinstance(item, ReadFailure):
                yield ErrorRecord(item.doc_id, str(item.error))
                continue
            raw = item if isinstance(item, RawDocument) else RawDocument(f"doc{i + 1}", item, f"doc{i + 1}")
            try:
                yield self.process(raw)
            except DiplographError as exc:
                yield ErrorRecord(raw.doc_id, str(exc))
            except Exception as exc:  # a bug must cost one document, never the rest of the batch
                yield ErrorRecord(
                    raw.doc_id, f"{raw.source}: internal error, please report it ({type(exc).__name__}: {exc})"
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
        if not raw.text.strip():
            raise InputError(raw.source, "no text")
        budget = self.config.get("extract.time_budget_s")
        self.warm()  # models load once, outside any document's time budget
        doc = Doc(raw)
        start = time.monotonic()
        with _deadline(budget):
            try:
                for stage in self.stages:
                    if doc.pack is None and "pack" in stage.requires and doc.has("pack"):
                        continue
                    stage(doc)
                    if time.monotonic() - start > budget:
                        raise _OverBudget(stage.name)
            except _OverBudget as exc:
                where = f" (in stage {exc.args[0]})" if exc.args else ""
                raise InputError(raw.source, f"took longer than the time budget of {budget:g} s{where}") from None
        return doc

    def process(self, raw: RawDocument) -> DocumentRecord:
        return build_record(self.annotate(raw), self.coder, self.kb.roles.heads)


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
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load(
    reference_date: dt.date | str | None = None,
    use_parser: bool | None = None,
    config: Config | str | None = None,
) -> Pipeline:
    """The extraction pipeline with the package's knowledge base, language packs and configuration (the
    shipped defaults, with ``config`` (a file path, a mapping or a ``Config``) layered on top)."""
    if isinstance(reference_date, str):
        reference_date = dt.date.fromisoformat(reference_date)
    return Pipeline(reference_date=reference_date, use_parser=use_parser, config=Config.load(config))
