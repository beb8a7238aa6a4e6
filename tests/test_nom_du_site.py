"""The site's name, as mkdocs.yml's site_name gives it, is the one the downloadable templates are published under:
the DOCX's and ODT's author, their « Modèle publié par le site « … » » line, the template PDF's author. No copy of
the name in the code: a site renamed in mkdocs.yml renames its documents. Small template, no build (milliseconds)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from macros.outputs import documents
from macros.outputs.cache import ContentCache
from macros.outputs.documents.tree import Entry
from macros.outputs.pdf.modeles import template_job
from tests.test_unite_documents import SOURCES, _modele

OTHER = "Autre réseau <b>& « partenaires »</b>"  # markup and an ampersand: text in every format
URL = "https://exemple.org/"
ENTRIES = [Entry(_modele(), "data/modeles/essai.yml")]


def _xml(data: bytes, member: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(member))


def test_the_documents_are_published_under_the_name_they_are_given() -> None:
    made = documents.document_files(SOURCES, URL, ENTRIES, site_name=OTHER)
    docx = made["modeles/essai.docx"]
    odt = made["modeles/essai.odt"]
    core = _xml(docx, "docProps/core.xml")
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "cp": core.nsmap["cp"]}
    assert core.findtext("dc:creator", namespaces=ns) == OTHER
    assert core.findtext("cp:lastModifiedBy", namespaces=ns) == OTHER
    body = "".join(_xml(docx, "word/document.xml").itertext())
    assert f"Modèle publié par le site « {OTHER} » : {URL}modeles/essai/" in body
    meta = _xml(odt, "meta.xml")
    odt_ns = {"dc": "http://purl.org/dc/elements/1.1/", "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"}
    assert meta.findtext(".//dc:creator", namespaces=odt_ns) == OTHER
    assert meta.findtext(".//meta:initial-creator", namespaces=odt_ns) == OTHER
    assert f"Modèle publié par le site « {OTHER} »" in "".join(_xml(odt, "content.xml").itertext())


def test_a_renamed_site_makes_its_documents_again(tmp_path: Path) -> None:
    """The name is part of what a document is made from: the documents' cache never gives one under an old name."""
    cache = ContentCache(tmp_path)
    first = documents.start_documents(SOURCES, URL, ENTRIES, cache, site_name="Un nom").result()
    assert documents.plan_documents(SOURCES, URL, ENTRIES, cache, site_name="Un nom").missing == []
    renamed = documents.plan_documents(SOURCES, URL, ENTRIES, cache, site_name="Un autre nom")
    assert sorted(renamed.missing) == ["modeles/essai.docx", "modeles/essai.odt"]
    assert renamed.start().result()["modeles/essai.docx"] != first["modeles/essai.docx"]


def test_the_template_pdf_names_the_site_as_its_author_escaped() -> None:
    html = template_job(_modele(), SOURCES, URL, OTHER).html
    assert "Autre réseau &lt;b&gt;&amp; « partenaires »&lt;/b&gt;" in html
    assert "<b>&" not in html
