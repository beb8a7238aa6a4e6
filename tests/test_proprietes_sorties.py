"""Hostile text in every field that reaches a file people open with other tools comes out inert there: the open-data
CSVs (a spreadsheet), the templates' DOCX and ODT (a word processor), the PDFs' HTML sources (WeasyPrint).

The fields, the places in the data and the hostile strings are those of test_proprietes_textes.py (found by walking
the models). A value the check accepts is put at its place, and every output made from that field is made again
and read back with the tool's own parser: csv, lxml (strict XML for the documents' parts, HTML for the PDF
sources), pypdf for a few rendered PDFs. Where a field reaches an output is found by making it (no list by hand).

The documents and the CSVs also say they are safe for a value that no check saw (xml_text.py: « a field a check
forgot »): the same properties are tried with values put in the model after its check.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from functools import cache
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import BaseModel

from macros import content as c
from macros.data.collections import SiteData
from macros.data.loader import load_site
from macros.data.messages import validate
from macros.data.yaml_source import Located
from macros.outputs.documents import _write as write_document
from macros.outputs.documents import docx_bytes, entries, odt_bytes, runs
from macros.outputs.documents.tree import inline
from macros.outputs.pdf.jobs import Inputs, sheet_handouts
from macros.outputs.pdf.modeles import template_job
from macros.outputs.sharing import open_data_files
from tests.conftest import ROOT, examples, site_name
from tests.test_proprietes_textes import FRAGMENTS, HOSTILE, PLACES, Place, _get, _read, _set, _site_with

SITE_URL = "https://usagers-partenaires.example.org/"
NEUTRAL = "Texte neutre"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, « CSV injection »


def validated(place: Place, value: str) -> BaseModel | None:
    """The item holding `value` at `place`, as `make check` validates it, or None when the check refuses it."""
    raw, located = _read(place.rel)
    # A template's text that holds its blanks keeps them after the value: a blank declared and used nowhere is
    # refused (« champ déclaré mais jamais employé »), which would hide every value put there.
    blanks = c.CHAMP.findall(str(_get_or_none(_get(raw, place.base), place.path)))
    value = " ".join([value, *(f"[[{b}]]" for b in blanks)])
    wrapped: Any = value
    for _ in range(place.wrap):
        wrapped = [wrapped]
    fresh = Located(place.rel)
    fresh.positions = dict(located.positions)
    return validate(place.coll.model, _set(_get(raw, place.base), place.path, wrapped), fresh, place.base)


def _get_or_none(value: Any, path: tuple[str | int, ...]) -> Any:
    try:
        return _get(value, path)
    except (KeyError, IndexError, TypeError):
        return None


def substituted(value: Any, old: str, new: str) -> Any:
    """`value` (a model, list, text…) with every text equal to `old` replaced by `new`, after any check: what a
    field a check forgot would hold."""
    if isinstance(value, str):
        return value.replace(old, new) if old in value else value
    if isinstance(value, BaseModel):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
        changed = {n: substituted(v, old, new) for n, v in fields.items()}
        return value.model_copy(update={n: v for n, v in changed.items() if v is not fields[n]})
    if isinstance(value, list):
        items = [substituted(v, old, new) for v in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


@cache
def baseline() -> SiteData:
    return load_site(ROOT / "data")


def _xml_allowed(ch: str) -> bool:
    """XML 1.0 § 2.2 Char."""
    o = ord(ch)
    return o in (9, 10, 13) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or 0x10000 <= o <= 0x10FFFF


def _words(value: str, modele: c.Gabarit | None = None) -> list[str]:
    """The words a reader sees of `value` once its simple Markdown (emphasis, links, blanks) is read: each must
    be in the output's text. Characters a document cannot hold (XML 1.0, private use planes 15–16) are left out,
    and the control characters, which show nothing."""
    kept = "".join(  # a control character (DEL, NEL…) shows nothing: a writer may leave it out
        ch if _xml_allowed(ch) and ord(ch) < 0xF0000 and unicodedata.category(ch) not in ("Cc", "Cs") else " "
        for ch in value
    )
    pieces = runs(kept, modele) if modele is not None else inline(kept)
    return [w for piece, _ in pieces for w in piece.split()]


# Most hostile strings are refused by the checks; these are the ones a template's title accepts (tried once,
# with text around), drawn as often as the rest so that the outputs are read for many accepted values.
@cache
def accepted_fragments() -> list[str]:
    place = next(p for p in PLACES if p.coll.name == "modeles" and p.path == ("titre",))
    return [f for f in FRAGMENTS if validated(place, f"Texte {f} fin") is not None]


VALUES = st.one_of(
    HOSTILE,
    st.lists(st.one_of(st.sampled_from(accepted_fragments()), st.text(max_size=4)), min_size=1, max_size=5).map("".join),
)


# --- open data CSV -----------------------------------------------------------------------------------------

CSV_FIELDS = {
    ("lexique", "terme"),
    ("lexique", "definition"),
    ("lexique", "source_citee"),
    ("lexique", "notes"),
    ("sigles", "sigle"),
    ("sigles", "developpement"),
}
CSV_PLACES = [p for p in PLACES if (p.coll.name, p.path[0]) in CSV_FIELDS]


def _key_of(place: Place, site: SiteData) -> str:
    """The key of the item at `place` in the site (a list file: its position in the file)."""
    raw, _ = _read(place.rel)
    item = _get(raw, place.base)
    return str(item.get("id") or item.get("sigle") or place.rel.rsplit("/", 1)[-1].removesuffix(".yml"))


def csv_tables(site: SiteData) -> dict[str, list[list[str]]]:
    files = open_data_files(site, SITE_URL)
    return {
        name: list(csv.reader(io.StringIO(files[f"donnees/{name}.csv"].decode("utf-8"), newline="")))
        for name in ("lexique", "sigles")
    }


def assert_csv_inert(site: SiteData, place: Place, value: str) -> None:
    stored = getattr(getattr(site, place.coll.name)[_key_of(place, site)], str(place.path[0]))
    value = stored[0] if isinstance(stored, list) else stored  # as the model keeps it (spaces around: trimmed)
    tables = csv_tables(site)
    for name, rows in tables.items():
        items = getattr(site, name)
        assert len(rows) == 1 + len(items), f"{name}.csv : {len(rows) - 1} lignes pour {len(items)} éléments ({value!r})"
        assert all(len(row) == len(rows[0]) for row in rows), f"{name}.csv : lignes de longueurs différentes"
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), f"{name}.csv : formule {cell[:40]!r} pour {value!r}"
    expected = "".join(ch for ch in value if _xml_allowed(ch)).replace("\r\n", "\n").replace("\r", "\n")
    cells = [cell for row in tables[place.coll.name][1:] for cell in row]
    if place.path[0] == "notes":  # the notes of a term, joined by « | » in one cell
        assert any(expected in cell for cell in cells), f"{place} : {value!r} absent du CSV"
    else:  # as written, or after the « ' » that a cell read as a formula gets
        written = "'" + expected if expected.startswith(FORMULA_STARTS) else expected
        assert written in cells, f"{place} : {value!r} absent du CSV"


@settings(max_examples=examples(30), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(CSV_PLACES), value=VALUES)
@example(place=next(p for p in CSV_PLACES if p.path[0] == "definition"), value='=HYPERLINK("https://example.com")')
@example(place=next(p for p in CSV_PLACES if p.path[0] == "developpement"), value="@SUM(1)")
@example(place=next(p for p in CSV_PLACES if p.path[0] == "terme"), value="-1 + 2")
def test_a_hostile_text_in_the_open_data_csv_is_text_never_a_formula(place: Place, value: str) -> None:
    item = validated(place, value)
    event("refusé par la vérification" if item is None else "accepté : sortie lue")
    if item is not None:
        assert_csv_inert(_site_with(baseline(), place.coll, item), place, value)


@settings(max_examples=examples(12), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(CSV_PLACES), value=HOSTILE)
@example(place=next(p for p in CSV_PLACES if p.path[0] == "definition"), value="\t=1\r+2")
@example(place=next(p for p in CSV_PLACES if p.path[0] == "terme"), value="\x07=1")
def test_the_csv_is_safe_even_for_a_value_no_check_saw(place: Place, value: str) -> None:
    item = validated(place, NEUTRAL)
    assert item is not None
    assert_csv_inert(_site_with(baseline(), place.coll, substituted(item, NEUTRAL, value)), place, value)


def test_the_csv_judge_sees_a_formula() -> None:
    place = next(p for p in CSV_PLACES if p.path[0] == "definition")
    item = validated(place, NEUTRAL)
    site = _site_with(baseline(), place.coll, substituted(item, NEUTRAL, "=1+1"))
    assert_csv_inert(site, place, "=1+1")
    from macros.outputs import sharing

    original = sharing.csv_cell
    sharing.csv_cell = lambda value: value  # type: ignore[assignment]
    try:
        with pytest.raises(AssertionError, match="formule"):
            assert_csv_inert(site, place, "=1+1")
    finally:
        sharing.csv_cell = original


# --- DOCX and ODT of the templates -------------------------------------------------------------------------


def changed_templates(site: SiteData, place: Place, key: str) -> list[c.Gabarit]:
    """The templates (pre-filled mission sheets included) whose document a change at `place` reaches."""
    before = {e.modele.id: e.modele for e in entries(baseline())}
    if place.coll.name == "sources":  # a template cites its sources in its text: every template citing this one
        return [e.modele for e in entries(site) if key in e.modele.model_dump_json()]
    return [e.modele for e in entries(site) if e.modele != before.get(e.modele.id)]


def _written_part(place: Place) -> Place:
    """For a field of a template's part (« paragraphe », « intertitre », « signatures », « tableau »…): a part
    that holds that field in some template (a part holds one kind only: the first part found by the walk may
    hold another, and any value put there would be refused)."""
    if place.coll.name != "modeles" or "parties" not in place.path or validated(place, NEUTRAL) is not None:
        return place
    at = place.path.index("parties") + 2  # (contenu, d, parties, p) then the field
    field = place.path[at]
    for path in sorted((ROOT / "data" / "modeles").glob("*.yml")):
        rel = path.relative_to(ROOT).as_posix()
        raw, _ = _read(rel)
        for d, division in enumerate(raw.get("contenu") or []):
            for q, part in enumerate(division.get("parties") or []):
                if isinstance(part, dict) and part.get(field) is not None:
                    rest = place.path[at:]
                    here = _get_or_none(part, rest)
                    if here is None and place.wrap == 0:
                        continue
                    found = Place(place.coll, rel, (), ("contenu", d, "parties", q, *rest), place.wrap)
                    if here is not None and place.wrap:  # a list the data fills: its first text
                        found = Place(place.coll, rel, (), (*found.path, *([0] * place.wrap)), 0)
                    if validated(found, NEUTRAL) is not None:
                        return found
    return place


DOC_PLACES = [_written_part(p) for p in PLACES if p.coll.name in ("modeles", "fiches", "sources")]


def xml_parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part of a DOCX or ODT, parsed as XML 1.0 (strict: a forbidden character is an error)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith((".xml", ".rels"))
        }


def _shape(parts: dict[str, etree._Element]) -> tuple[set[str], set[str], str]:
    tags: set[str] = set()
    attributes: set[str] = set()
    for root in parts.values():
        for el in root.iter():
            if isinstance(el.tag, str):
                tags.add(el.tag)
                attributes |= set(el.attrib)
            else:
                tags.add(f"<{type(el).__name__}>")  # a comment or processing instruction
    text = "".join(t for root in parts.values() for t in root.itertext())
    return tags, attributes, text


WRITERS = {"docx": docx_bytes, "odt": odt_bytes}


@cache
def neutral_shape(place: Place, kind: str) -> tuple[set[str], set[str], bool]:
    """The elements and attributes the writer makes for a neutral value at `place`, with simple Markdown
    (emphasis, a link) where the check accepts it: what a hostile value may bring, no more; and whether the
    field is shown in the document at all (some are for the site only: « public », « aide »…)."""
    tags: set[str] = set()
    attributes: set[str] = set()
    shown = False
    for value in (NEUTRAL, "Texte **gras** et *italique*, [lien](https://example.org/)"):
        item = validated(place, value)
        if item is None:
            continue
        site = _site_with(baseline(), place.coll, item)
        for modele in changed_templates(site, place, _key(item))[:1]:
            t, a, text = _shape(
                xml_parts(write_document(kind, modele, SiteData(sources=site.sources), SITE_URL, site_name()))
            )
            tags |= t
            attributes |= a
            shown = shown or (value == NEUTRAL and NEUTRAL in text)
    return tags, attributes, shown


def _key(item: BaseModel) -> str:
    return str(getattr(item, "id", None) or getattr(item, "sigle", None) or "")


def assert_documents_inert(site: SiteData, place: Place, item: BaseModel, value: str) -> int:
    """Each document the value reaches opens (every XML part parses), has no element or attribute the writer did
    not make for a neutral value, and shows the value's words. Returns how many documents were read."""
    made = 0
    for modele in changed_templates(site, place, _key(item))[:1]:
        for kind in WRITERS:
            data = write_document(kind, modele, SiteData(sources=site.sources), SITE_URL, site_name())
            try:
                parts = xml_parts(data)
            except etree.XMLSyntaxError as exc:
                raise AssertionError(f"{place} ({kind}) : XML mal formé pour {value!r} : {exc}") from exc
            tags, attributes, text = _shape(parts)
            allowed_tags, allowed_attributes, shown = neutral_shape(place, kind)
            assert tags <= allowed_tags, f"{place} ({kind}) : éléments venus des données {tags - allowed_tags} ({value!r})"
            assert attributes <= allowed_attributes, (
                f"{place} ({kind}) : attributs venus des données {attributes - allowed_attributes} ({value!r})"
            )
            missing = [w for w in _words(value, modele) if w not in text] if shown else []
            assert not missing, f"{place} ({kind}) : mots absents {missing[:5]} pour {value!r}"
            made += 1
    return made


@settings(max_examples=examples(80), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(DOC_PLACES), value=VALUES)
@example(
    place=next(p for p in DOC_PLACES if str(p).endswith("attestation-participation.yml:titre")),
    value="Attestation <w:t>x</w:t> &amp; ]]> a < b",
)
@example(place=next(p for p in DOC_PLACES if p.path[-1] == "paragraphe"), value="<text:p>x</text:p> &#60; \"'")
def test_a_hostile_text_in_a_template_is_text_in_its_docx_and_odt(place: Place, value: str) -> None:
    item = validated(place, value)
    event("refusé par la vérification" if item is None else "accepté : sortie lue")
    if item is not None:
        assert_documents_inert(_site_with(baseline(), place.coll, item), place, item, value)


# Only the templates' own texts: a sheet's text becomes a pre-filled mission sheet through checks of its own
# (a « [[ » there is refused, test_proprietes_textes), and a blank « [[id]] » names a field the check verifies.
# Any character, surrogates and noncharacters included, with the ones the checks refuse drawn often: the documents
# alone must keep them out of their XML (xml_text.document_text). Markup is the checks' business (the property above).
ANY_CHARACTERS = (
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "\x00",
                    "\x07",
                    "\x0b",
                    "\x1b",
                    "\x0c",
                    "\x1f",
                    "\x85",
                    "\ud800",
                    "\udfff",
                    "\ufffe",
                    "\uffff",
                    "\ue000",
                    "\U000f0001",
                    "\U0010fffd",
                    "\u202e",
                    "\u2066",
                    "\u200b",
                    "\ufeff",
                    "&",
                    '"',
                    "]]>",
                ]
            ),
            st.text(st.characters(exclude_categories=()), max_size=6),
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda v: "<" not in v and "[" not in v and "]" not in v.replace("]]>", ""))
)
# (Where the data leaves a field out because its part holds another one — a part is a paragraph OR a heading… — no
# value is accepted there: those places are left to the property above.)
RAW_PLACES = [p for p in DOC_PLACES if p.coll.name == "modeles" and validated(p, NEUTRAL) is not None]


@settings(max_examples=examples(30), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(RAW_PLACES), value=ANY_CHARACTERS)
@example(
    place=next(p for p in RAW_PLACES if str(p).endswith("attestation-participation.yml:titre")),
    value="Attestation \x07\x1b[31m\ufffe\ud800 \U000f0001 fin",
)
def test_the_documents_are_well_formed_even_for_a_value_no_check_saw(place: Place, value: str) -> None:
    item = validated(place, NEUTRAL)
    assert item is not None
    hostile = substituted(item, NEUTRAL, value)
    assert assert_documents_inert(_site_with(baseline(), place.coll, hostile), place, hostile, value) == 2


def test_every_place_of_a_template_reaches_its_documents() -> None:
    """The property reads documents for the templates' fields (the judge is not empty)."""
    shown = [p for p in RAW_PLACES if neutral_shape(p, "docx")[2] and neutral_shape(p, "odt")[2]]
    assert len(shown) >= len(RAW_PLACES) - 3, sorted(set(map(str, RAW_PLACES)) - set(map(str, shown)))


# --- PDF: the HTML sources of a template's PDF and of a sheet's handouts ----------------------------------

PAGE_SHELL = "<html lang='fr'><head><title>Fiche</title></head><body><article><h1>Fiche</h1></article></body></html>"
PDF_PLACES = [_written_part(p) for p in PLACES if p.coll.name in ("modeles", "fiches")]


def pdf_sources(site: SiteData, place: Place, item: BaseModel) -> dict[str, str]:
    """The HTML each PDF the value reaches is made from: a template's PDF, or a sheet's summary and poster."""
    if place.coll.name == "modeles":
        return {
            m.id: template_job(m, SiteData(sources=site.sources), SITE_URL, site_name()).html
            for m in changed_templates(site, place, _key(item))[:1]
        }
    url = f"fiches/{_key(item)}/"
    inputs = Inputs(site, ROOT / "site-absent", SITE_URL, pages={url: PAGE_SHELL})
    return {job.name: job.html for job in sheet_handouts(inputs, item)}


def html_shape(source: str) -> tuple[set[str], set[str], int, str]:
    root = lxml.html.document_fromstring(source)
    tags = {el.tag for el in root.iter() if isinstance(el.tag, str)}
    attributes = {a for el in root.iter() if isinstance(el.tag, str) for a in el.attrib}
    comments = sum(1 for el in root.iter() if not isinstance(el.tag, str))
    # The text printed on the page: the body's, without its style sheet (the head's title is metadata).
    return tags, attributes, comments, " ".join(" ".join(root.xpath("//body//text()[not(ancestor::style)]")).split())


@cache
def neutral_pdf_shape(place: Place) -> dict[str, tuple[set[str], set[str], int, str]]:
    item = validated(place, NEUTRAL)
    assert item is not None
    return {k: html_shape(v) for k, v in pdf_sources(_site_with(baseline(), place.coll, item), place, item).items()}


def assert_pdf_sources_inert(place: Place, item: BaseModel, value: str) -> None:
    before = neutral_pdf_shape(place)
    for name, source in pdf_sources(_site_with(baseline(), place.coll, item), place, item).items():
        tags, attributes, comments, text = html_shape(source)
        old_tags, old_attributes, old_comments, old_text = before[name]
        new_tags = tags - old_tags - {"strong", "em", "span", "a"}  # the runs of simple Markdown
        assert not new_tags, f"{place} ({name}) : éléments venus des données {new_tags} pour {value!r}"
        new_attributes = attributes - old_attributes - {"class", "href"}
        assert not new_attributes, f"{place} ({name}) : attributs venus des données {new_attributes} pour {value!r}"
        assert comments == old_comments, f"{place} ({name}) : commentaire venu des données pour {value!r}"
        if NEUTRAL in old_text:  # the field is printed in this PDF (a summary leaves some out)
            modele = item if isinstance(item, c.Gabarit) else None
            missing = [w for w in _words(value, modele) if w not in text]
            assert not missing, f"{place} ({name}) : mots absents {missing[:5]} pour {value!r}"


@settings(max_examples=examples(50), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PDF_PLACES), value=VALUES)
@example(
    place=next(p for p in PDF_PLACES if str(p).endswith(":titre") and p.coll.name == "fiches"),
    value='Pair-aidance " onfocus="alert(1) & &lt;meta&gt; a < b',
)
@example(place=next(p for p in PDF_PLACES if p.path[-1] == "paragraphe"), value='a < b &amp; "c" > d')
@example(
    place=next(p for p in PDF_PLACES if str(p).endswith(":titre") and p.coll.name == "fiches"),
    value="&#60;img src=x onerror=alert(1)&#62; &lt;b&gt;",
)
def test_a_hostile_text_in_a_pdf_source_is_text(place: Place, value: str) -> None:
    item = validated(place, value)
    event("refusé par la vérification" if item is None else "accepté : sortie lue")
    if item is not None:
        assert_pdf_sources_inert(place, item, value)


@pytest.mark.parametrize(
    "field_end, value",
    [
        ("fiches/education-therapeutique.yml:titre", 'Éducation & "co" &lt;b&gt; a < b'),
        ("attestation-participation.yml:titre", 'Attestation & "x" &amp; &#60;w:t&#62; a < b'),
    ],
)
def test_a_rendered_pdf_shows_the_hostile_text_as_written(field_end: str, value: str) -> None:
    """A few PDFs rendered by WeasyPrint (≈ 0.5 s each): pypdf finds the value's text, as written."""
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    from macros.outputs.pdf.engine import render

    place = next(p for p in PDF_PLACES if str(p).endswith(field_end))
    item = validated(place, value)
    assert item is not None, f"{value!r} refusé"
    name, source = next(iter(pdf_sources(_site_with(baseline(), place.coll, item), place, item).items()))
    data, _ = render(source)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    for word in value.split():
        assert word in text, f"{name} : « {word} » absent du PDF"
