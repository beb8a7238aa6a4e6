"""The PDFs of a build started while the engine writes its pages, not once it has written them all.

The engine hands each page over as it writes it (`page_written`, from the MkDocs adapter's last `on_post_page`):
its very bytes. As soon as every page a recipe reads is in (a sheet's page: its PDF and handouts; the guide: its
introduction, partenariat, every sheet and conclusion), its inputs' digest is looked up: unchanged, its PDFs come
from the cache; else its print HTML is made and its PDFs go to WeasyPrint's processes (those `engine.warm_up`
started with the build), while the engine writes the next pages. run.make_pdfs, in the finishing stage, waits
for them (`take_early`). Same inputs, same HTML, same bytes as PDFs made from the written pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ...data.collections import SiteData
from ...render.records import Records
from ..cache import ContentCache
from ..workers import cores
from .checks import glyphs_missing
from .engine import Job, Result, cached, html_digest, pdf_cache, recipe_cache, render_job, start_pool, store, take_pool
from .jobs import Inputs, Recipe, recipes


class Making:
    """The PDFs of one build's recipes, under way. A recipe whose inputs are those of an earlier build (`known`:
    their digest → the digest of each job's HTML, and its missing characters) takes its PDFs from the cache
    without making its HTML (`take`). The others make their jobs: each PDF whose HTML is unchanged comes from the
    cache, the others go to WeasyPrint's processes as soon as their HTML is made (`pool`: those started with the
    build, engine.warm_up; else `workers` processes started when needed). `finish` takes the recipes not taken yet,
    the largest first (the guide), and waits for every PDF."""

    def __init__(self, cache: ContentCache, known: ContentCache, workers: int, pool: ProcessPoolExecutor | None) -> None:
        self.cache, self.known, self.workers, self.pool = cache, known, workers, pool
        self.results: dict[str, Result] = {}
        self.glyphs: dict[str, list[str]] = {}
        self.prepared: list[str] = []  # the names of the PDFs whose HTML was made
        self.pending: list[tuple[Job, Future[tuple[bytes, int]] | None]] = []
        self.taken: set[tuple[str, ...]] = set()  # the recipes taken, by their names

    def take(self, recipe: Recipe) -> None:
        """One recipe, while the pages are written: its PDFs from the cache, or its jobs started (on `workers`
        processes started here if none were given: how many jobs are to come is not known yet)."""
        self.taken.add(recipe.names)
        if not self._from_cache(recipe):
            self._start(recipe, self.workers)

    def _from_cache(self, recipe: Recipe) -> bool:
        stored = self.known.get(recipe.inputs, ".job.json")
        entries: list[list[Any]] = json.loads(stored) if stored is not None else []
        found = {name: (cached(name, digest, self.cache), chars) for name, digest, chars in entries}
        hits = {name: (result, chars) for name, (result, chars) in found.items() if result is not None}
        if sorted(hits) != sorted(recipe.names):
            return False
        for name, (result, chars) in hits.items():
            self.results[name], self.glyphs[name] = result, chars
        return True

    def _start(self, recipe: Recipe, jobs_to_come: int) -> None:
        """Its print HTML made, each PDF whose HTML is unchanged from the cache, the others handed to WeasyPrint's
        processes (started now for `jobs_to_come` jobs, when there are none yet and more than one job is to come;
        else made in `finish`, in this process)."""
        if self.pool is None and self.workers > 1 and jobs_to_come > 1:
            self.pool = start_pool(min(self.workers, jobs_to_come))
        recipe_jobs = recipe.make()
        for job in recipe_jobs:
            found_job = cached(job.name, html_digest(job.html), self.cache)
            if found_job is not None:
                self.results[job.name] = found_job
            else:
                self.pending.append((job, self.pool.submit(render_job, job) if self.pool is not None else None))
        kept = [(job.name, html_digest(job.html), glyphs_missing(job.html)) for job in recipe_jobs]
        self.glyphs.update({name: chars for name, _, chars in kept})
        self.known.put(recipe.inputs, ".job.json", json.dumps(kept, ensure_ascii=False).encode())
        self.prepared += [job.name for job in recipe_jobs]

    def finish(self, every: list[Recipe]) -> tuple[dict[str, Result], dict[str, list[str]], list[str]]:
        """Every PDF of `every` recipe (by name, in their order), the characters its text has that the fonts do
        not draw, and the names of those whose HTML was made; the processes shut down."""
        try:
            todo = [r for r in every if r.names not in self.taken and not self._from_cache(r)]
            todo.sort(key=lambda r: sum(len(part) for part in r.inputs), reverse=True)
            count = sum(len(r.names) for r in todo)
            for recipe in todo:
                self.taken.add(recipe.names)
                self._start(recipe, count)
            for job, future in self.pending:
                self.results[job.name] = store(self.cache, job, future.result() if future is not None else render_job(job))
        finally:
            self.close()
        order = [name for recipe in every for name in recipe.names]
        return {name: self.results[name] for name in order if name in self.results}, self.glyphs, self.prepared

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


class EarlyPdfs:
    """One build's PDFs, started page by page as the engine writes them into `site_dir` (`built`: the URLs of
    every page it writes). Its recipes are taken in `making`, which make_pdfs finishes."""

    def __init__(
        self,
        site: SiteData,
        records: Records,
        site_dir: Path,
        site_url: str,
        project: Path,
        dates: dict[str, str],
        built: frozenset[str],
        site_name: str = "",
    ) -> None:
        self.records, self.site_dir, self.project = records, site_dir.resolve(), project.resolve()
        self.inp = Inputs(
            site, site_dir, site_url, given_records=records, dates=dict(dates), built=built, site_name=site_name
        )
        self.every = recipes(self.inp)
        self.making = Making(pdf_cache(project), recipe_cache(project), cores(), None)
        self.waiting = list(self.every)
        self.read = {url for recipe in self.every for url in recipe.reads}
        self.failure: BaseException | None = None

    def add(self, url: str, html: str) -> None:
        """A page as the engine writes it; the recipes it completes, taken (a failure is kept for make_pdfs)."""
        if url not in self.read or self.failure is not None:
            return
        self.inp.pages[url] = html.encode("utf-8", errors="xmlcharrefreplace").decode()  # as MkDocs writes it
        # The largest first (the guide): WeasyPrint's processes take the jobs in the order they are handed over.
        ready = sorted((r for r in self.waiting if self._ready(r)), key=lambda r: len(r.reads), reverse=True)
        try:
            for recipe in ready:
                self.waiting.remove(recipe)
                if self.making.pool is None:  # the processes warm_up started, when the first recipe needs them
                    self.making.pool = take_pool(self.project)
                self.making.take(recipe)
        except Exception as exc:  # noqa: BLE001 — said by make_pdfs, in French, as if made there
            self.failure = exc

    def _ready(self, recipe: Recipe) -> bool:
        """Every page `recipe` reads is in, and no larger recipe that reads them too waits for more: a sheet's PDFs
        go to WeasyPrint after the guide, which holds the sheet and takes longest."""
        given = self.inp.pages
        if not all(u in given for u in recipe.reads):
            return False
        reads = set(recipe.reads)
        return not any(reads < set(o.reads) and not all(u in given for u in o.reads) for o in self.waiting)

    def raise_failure(self) -> None:
        if self.failure is not None:
            self.making.close()
            raise self.failure

    def close(self) -> None:
        self.making.close()


# The PDFs under way of the build that writes its pages now, by project (one build at a time per project).
_UNDER_WAY: dict[Path, EarlyPdfs] = {}


def page_written(project: Path, records: Records, start: Callable[[], EarlyPdfs], url: str, html: str) -> None:
    """A page of the build of `records` as the engine writes it (`html`: the text it writes), for its PDFs; the
    first page of a build starts its `EarlyPdfs` (those of an earlier build that did not finish are dropped)."""
    project = project.resolve()
    under_way = _UNDER_WAY.get(project)
    if under_way is None or under_way.records is not records:
        if under_way is not None:
            under_way.close()
        under_way = _UNDER_WAY[project] = start()
    under_way.add(url, html)


def take_early(project: Path, records: Records, site_dir: Path) -> EarlyPdfs | None:
    """The PDFs started while the engine wrote the pages of the build of `records` into `site_dir`, if any: now the
    caller's (make_pdfs)."""
    under_way = _UNDER_WAY.pop(project.resolve(), None)
    if under_way is None:
        return None
    if under_way.records is records and under_way.site_dir == site_dir.resolve():
        return under_way
    under_way.close()
    return None
