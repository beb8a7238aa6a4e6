"""Easy-to-read (FALC) measures: sentences, words, Kandel–Moles score, unexplained hard words.

The thresholds live here, in one place; tests/test_falc.py applies them to every FALC text and writes
the report. Kandel & Moles (1958) adapt Flesch's reading ease to French:
    score = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)
Above 80 reads as « facile », above 90 as « très facile ». Syllables come from pyphen's French
hyphenation, which counts a little low (silent final « e » is not a syllable in speech either).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from ..content import Bloc, Falc, Item

MAX_SENTENCE_WORDS = 15  # each sentence
MAX_MEAN_SENTENCE_WORDS = 10.0  # mean over the text
MIN_KANDEL_MOLES = 75.0  # « assez facile » or easier; ordinary health leaflets score 40–60
MAX_WORD_LETTERS = 12  # a longer word needs an explanation in `mots`

_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿœŒæÆ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿœŒæÆ]+)*")
_ACRONYM = re.compile(r"\b[A-ZÉÈ]{2,}s?\b")


@dataclass(frozen=True)
class Measure:
    words: int
    sentences: int
    max_sentence: int
    mean_sentence: float
    kandel_moles: float
    long_sentences: tuple[str, ...]
    unexplained: tuple[str, ...]


@lru_cache(maxsize=1)
def _dic() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="fr_FR")


def syllables(word: str) -> int:
    return max(1, len(_dic().positions(word.lower())) + 1)


def words(text: str) -> list[str]:
    out: list[str] = []
    for token in _WORD.findall(text.replace("**", "")):
        # « l'usager » counts as two words, as a reader hears it.
        out.extend(part for part in re.split(r"['’]", token) if part)
    return out


def sentences_of(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if words(s)]


def _texts_of_items(items: Sequence[Item]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.append(item.texte)
        out.extend(_texts_of_items(item.sous_elements))
    return out


def texts(blocs: Sequence[Bloc]) -> list[str]:
    """Every unit of text a reader meets: paragraphs, list items, headings, boxes."""
    out: list[str] = []
    for bloc in blocs:
        if bloc.paragraphe:
            out.append(bloc.paragraphe)
        elif bloc.liste:
            out.extend(_texts_of_items(bloc.liste))
        elif bloc.intertitre:
            out.append(bloc.intertitre)
        elif bloc.citation:
            out.append(bloc.citation)
        elif bloc.encadre:
            if bloc.encadre.titre:
                out.append(bloc.encadre.titre)
            out.extend(texts(bloc.encadre.blocs))
    return out


def measure(falc: Falc) -> Measure:
    units = [falc.titre, falc.resume, *texts(falc.blocs)] + [m.explication for m in falc.mots]
    all_sentences = [s for unit in units for s in sentences_of(unit)]
    counts = [len(words(s)) for s in all_sentences]
    total_words = sum(counts)
    total_syllables = sum(syllables(w) for s in all_sentences for w in words(s))
    mean = total_words / len(counts) if counts else 0.0
    score = 207 - 1.015 * mean - 73.6 * (total_syllables / total_words) if total_words else 0.0
    explained = {m.mot.lower() for m in falc.mots}
    explained_words = {w.lower() for m in falc.mots for w in words(m.mot)}
    body = " ".join([falc.titre, *texts(falc.blocs)])
    hard = {a for a in _ACRONYM.findall(body)}
    hard |= {w for w in words(body) if len(w) > MAX_WORD_LETTERS}
    unexplained = tuple(
        sorted(
            w
            for w in hard
            if w.lower() not in explained
            and w.lower() not in explained_words
            and w.lower().rstrip("s") not in explained_words
        )
    )
    return Measure(
        words=total_words,
        sentences=len(counts),
        max_sentence=max(counts, default=0),
        mean_sentence=round(mean, 2),
        kandel_moles=round(score, 1),
        long_sentences=tuple(s for s, n in zip(all_sentences, counts) if n > MAX_SENTENCE_WORDS),
        unexplained=unexplained,
    )


def problems(m: Measure) -> list[str]:
    out = [f"phrase de plus de {MAX_SENTENCE_WORDS} mots : « {s} »" for s in m.long_sentences]
    if m.mean_sentence > MAX_MEAN_SENTENCE_WORDS:
        out.append(f"longueur moyenne des phrases {m.mean_sentence} > {MAX_MEAN_SENTENCE_WORDS} mots")
    if m.kandel_moles < MIN_KANDEL_MOLES:
        out.append(f"score de lisibilité Kandel–Moles {m.kandel_moles} < {MIN_KANDEL_MOLES}")
    out.extend(f"mot difficile ou sigle non expliqué : « {w} » — ajoutez-le à « mots »" for w in m.unexplained)
    return out
