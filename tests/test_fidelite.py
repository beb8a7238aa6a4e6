"""Fidelity as a permanent test: every sentence of the source documents (≥ 6 words) is on the built site — in
the main content of a page or in a downloadable document — or in the committed list of justified omissions
(tests/fidelite-omissions.yml, one reason per sentence). A sentence lost by an edit fails the test.

Sources and site are normalised the same way: Unicode compatibility forms (ligatures), PDF hyphenation at line
ends, case folded, accents kept, quotes and every other punctuation mark removed, whitespace collapsed. The site is
read once: each page's <article> without the lexicon bubbles, and the text of each DOCX and ODT."""

from __future__ import annotations

import functools
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import etree, html

ROOT = Path(__file__).resolve().parent.parent
OMISSIONS = Path(__file__).with_name("fidelite-omissions.yml")
MIN_WORDS = 6


def seeds_dir() -> Path | None:
    """The folder of the source documents' plain texts (UP_SEEDS, or the project's neighbour shared/seeds)."""
    folder = Path(os.environ.get("UP_SEEDS", ROOT.parent / "shared" / "seeds"))
    return folder if any(folder.glob("0*.txt")) else None


_HYPHEN = re.compile(r"(\w)-\n(\w)")
_MARKUP = re.compile(r"<[^>]+>|\*+|[¹²³⁰⁴-⁹]+|\(note \d+\)")  # the extraction's <ul> fragments, bold, note calls
_EXPONENT = re.compile(r"\^\{([^}]*)\}")  # « 1^{er} » is « 1er »
_SPLIT = re.compile(r"(?<=[.!?…:;])\s+|\n+|\t+")
_NOT_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r" {2,}")
_NOTE_CALL = re.compile(r" note \d+\b")  # a footnote call as the site writes it (« note 9 »); the source has ⁹


def normalise(text: str) -> str:
    """Lower case, accents kept, ligatures undone, every punctuation mark and quote removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("œ", "oe").replace("æ", "ae")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def source_sentences(text: str) -> list[str]:
    """The sentences of a source text (≥ MIN_WORDS words), normalised, in order, each once."""
    text = _HYPHEN.sub(r"\1\2", text)
    text = _MARKUP.sub(" ", _EXPONENT.sub(r"\1", text))
    seen: dict[str, None] = {}
    for part in _SPLIT.split(text):
        norm = normalise(part)
        if len(norm.split()) >= MIN_WORDS:
            seen.setdefault(norm, None)
    return list(seen)


def _page_text(path: Path) -> str:
    root = html.parse(str(path)).getroot()
    if root is None:
        return ""
    articles = root.xpath("//article")
    if not articles:
        return ""
    # Lexicon bubbles and what only screen readers hear (« référence » before a citation, « site externe » after
    # a link) are not the text's words.
    for extra in articles[0].xpath(
        './/*[contains(concat(" ", @class, " "), " up-infobulle ")'
        ' or contains(concat(" ", @class, " "), " up-visually-hidden ")]'
    ):
        extra.drop_tree()
    return _without_note_calls(normalise(" ".join(articles[0].itertext())))


def _without_note_calls(text: str) -> str:
    return _SPACES.sub(" ", _NOTE_CALL.sub(" ", text))


def _document_text(path: Path) -> str:
    name = "word/document.xml" if path.suffix == ".docx" else "content.xml"
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(name))
    # Paragraphs apart: a sentence never runs from one paragraph into the next.
    paras = [" ".join(p.itertext()) for p in root.iter() if etree.QName(p).localname in ("p", "h")]
    return " \n ".join(_without_note_calls(normalise(p)) for p in paras)


@functools.lru_cache(maxsize=2)
def site_text(site: Path) -> str:
    """All the site's reading text, normalised: pages' main content and documents, one block each."""
    parts = [_page_text(p) for p in sorted(site.rglob("index.html"))]
    parts += [_document_text(p) for p in sorted(site.rglob("*.docx")) + sorted(site.rglob("*.odt"))]
    return "\n".join(parts)


def omissions() -> dict[str, str]:
    """The justified omissions: normalised sentence → reason."""
    data = yaml.safe_load(OMISSIONS.read_text(encoding="utf-8")) or []
    return {normalise(o["phrase"]): o["raison"] for o in data}


@dataclass(frozen=True)
class Coverage:
    total: int
    found: int
    omitted: int
    missing: tuple[tuple[str, str], ...]  # (source file, sentence) neither on the site nor justified

    @property
    def percent(self) -> float:
        return round(100 * self.found / self.total, 1) if self.total else 100.0


def coverage(site: Path, seeds: Path) -> Coverage:
    text, omitted = site_text(site), omissions()
    total = found = skipped = 0
    missing: list[tuple[str, str]] = []
    for seed in sorted(seeds.glob("0*.txt")):
        for sentence in source_sentences(seed.read_text(encoding="utf-8")):
            total += 1
            if sentence in text:
                found += 1
            elif sentence in omitted:
                skipped += 1
            else:
                missing.append((seed.name, sentence))
    return Coverage(total, found, skipped, tuple(missing))


# --- tests ------------------------------------------------------------------------------------------------


def test_sentences_are_cut_and_normalised_as_a_reader_reads_them() -> None:
    text = "Le « partenariat » en santé est une dé-\nmarche **co-construite** avec l’usager. Court. Ici ﬁn de phrase ok !"
    # « Court. » and « Ici fin de phrase ok ! » have fewer than six words: not counted.
    assert source_sentences(text) == ["le partenariat en santé est une démarche co construite avec l usager"]


def test_a_sentence_lost_by_an_edit_is_found_missing(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "001_x.txt").write_text(
        "Les usagers partenaires agissent avec les soignants. Cette phrase a disparu du site publié.\n",
        encoding="utf-8",
    )
    page = tmp_path / "site" / "p" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        "<html><body><article><p>Les <span>usagers</span> partenaires"
        '<span class="up-infobulle">bulle</span> agissent avec les soignants.</p></article></body></html>',
        encoding="utf-8",
    )
    result = coverage(tmp_path / "site", tmp_path / "seeds")
    assert result.total == 2 and result.found == 1
    assert result.missing == (("001_x.txt", "cette phrase a disparu du site publié"),)


def test_every_source_sentence_is_on_the_site_or_justified(site_dir: Path) -> None:
    seeds = seeds_dir()
    if seeds is None:
        pytest.skip("documents sources absents (UP_SEEDS ou ../shared/seeds)")
    result = coverage(site_dir, seeds)
    listing = "\n".join(f"- {name} : {sentence}" for name, sentence in result.missing)
    assert not result.missing, (
        f"{len(result.missing)} phrase(s) des sources absente(s) du site ({result.percent} % trouvées) : "
        f"remettez-les, ou ajoutez-les à tests/fidelite-omissions.yml avec une raison :\n{listing}"
    )


def test_every_omission_has_a_reason() -> None:
    data = yaml.safe_load(OMISSIONS.read_text(encoding="utf-8")) or []
    assert all(isinstance(o.get("raison"), str) and o["raison"].strip() for o in data)
