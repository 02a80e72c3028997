"""Every report of a published wave, built at once into ``RESTITUTIONS_ROOT`` (reports/files.py).

The main process reads the database: the wave's scores and weighted designs once
(``wave.cached_wave_scores``), each peer group's figures once per group and theme (the same
memo the pages use), then each authority's report and its HTML. Worker processes (``spawn``:
no database connection nor thread is inherited) only print the HTML to PDF and write the
file. A file already there is whole (written, then renamed) and is skipped: a batch stopped
midway starts again where it was.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from barometre.campaigns.models import Wave
from barometre.collection.models import Response, ResponseStatus
from barometre.referentiel import load_frame
from barometre.reports.build import build_report, final_results, find_wave
from barometre.reports.errors import ReportError
from barometre.reports.files import file_name, wave_directory
from barometre.reports.pdf import pdf_html, printer, stylesheet_text
from barometre.reports.printing import print_one, start_worker, write_whole
from barometre.reports.wave import WaveScores, cached_wave_scores

Progress = Callable[[int, int], None]
#: Documents waiting for a worker, per worker: enough to keep it busy, never the whole wave.
IN_FLIGHT_PER_PROCESS = 4


@dataclass
class BatchOutcome:
    """What a batch did: files written now, files already there, authorities without report."""

    directory: Path
    total: int
    built: int = 0
    skipped: int = 0
    refused: Counter[str] = field(default_factory=Counter)

    def in_words(self) -> str:
        said = (
            f"{self.built} restitution(s) construite(s), {self.skipped} déjà présente(s) "
            f"sur {self.total} collectivité(s) ayant répondu"
        )
        if self.refused:
            reasons = " ; ".join(f"{n} : {why}" for why, n in self.refused.most_common())
            said += f" ; sans restitution : {reasons}"
        return said + "."


def authorities(wave: Wave) -> list[str]:
    """Every authority that submitted a questionnaire of the wave, in a stable order."""
    submitted = Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED)
    return sorted(set(submitted.values_list("authority_id", flat=True)))


def build_all(
    wave_id: int,
    *,
    peers_minimum: int,
    processes: int = 1,
    on_progress: Progress | None = None,
) -> BatchOutcome:
    """Build the PDF of every authority of the published wave that is not built yet.

    Refuses (``ReportError``) a wave unknown, not published or without final results.
    """
    wave = find_wave(wave_id)
    result_set = final_results(wave)
    frame = load_frame()
    scores = cached_wave_scores(wave, result_set, frame, peers_minimum)
    directory = wave_directory(wave.pk, result_set.revision, scores.peers_minimum)
    units = authorities(wave)
    waiting = [unit for unit in units if not (directory / file_name(unit)).is_file()]
    outcome = BatchOutcome(directory, len(units), skipped=len(units) - len(waiting))
    progress = _Counter(outcome, on_progress)
    progress.tell()
    documents = _documents(waiting, scores, directory, outcome, progress)
    if processes <= 1:
        _print_here(documents, progress)
    else:
        _print_in_workers(documents, processes, progress)
    return outcome


@dataclass
class _Counter:
    outcome: BatchOutcome
    on_progress: Progress | None

    def tell(self) -> None:
        done = self.outcome.built + self.outcome.skipped + sum(self.outcome.refused.values())
        if self.on_progress is not None:
            self.on_progress(done, self.outcome.total)

    def built(self) -> None:
        self.outcome.built += 1
        self.tell()


def _documents(
    units: Iterable[str],
    scores: WaveScores,
    directory: Path,
    outcome: BatchOutcome,
    progress: _Counter,
) -> Iterator[tuple[str, Path]]:
    """Each authority's HTML and the file it goes to; a refusal is counted with its reason."""
    frame = load_frame()
    for unit in units:
        try:
            report = build_report(
                scores.wave.pk, unit, frame=frame, peers_minimum=scores.peers_minimum,
                scores=scores,
            )  # fmt: skip
        except ReportError as error:
            outcome.refused[error.message] += 1
            progress.tell()
            continue
        yield pdf_html(report), directory / file_name(unit)


def _print_here(documents: Iterable[tuple[str, Path]], progress: _Counter) -> None:
    for html, path in documents:
        write_whole(path, printer().print(html))
        progress.built()


def _print_in_workers(
    documents: Iterable[tuple[str, Path]], processes: int, progress: _Counter
) -> None:
    context = multiprocessing.get_context("spawn")
    pending: set[Future[None]] = set()
    with ProcessPoolExecutor(
        processes, mp_context=context, initializer=start_worker, initargs=(stylesheet_text(),)
    ) as pool:
        try:
            for html, path in documents:
                pending.add(pool.submit(print_one, html, str(path)))
                while len(pending) >= processes * IN_FLIGHT_PER_PROCESS:
                    pending = _collect(pending, progress)
            while pending:
                pending = _collect(pending, progress)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _collect(pending: set[Future[None]], progress: _Counter) -> set[Future[None]]:
    done, left = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        future.result()  # a worker's failure stops the batch, with its error
        progress.built()
    return left
