"""The downloadable templates fit French offices (issue 23, item 5): every DOCX and ODT is A4 with 2.5 cm margins,
its footer gives the template's title and « page n / N », one sans-serif family (the site's) is named in both,
and LibreOffice lays out the DOCX and the ODT of a template on the same pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import BinaryIO

import pytest
from lxml import etree

from macros.outputs import documents
from macros.outputs.documents import styles
from tests.conftest import site_name

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
TWIPS_PER_CM = 1440 / 2.54


@pytest.fixture(scope="module")
def files(site_data, tmp_path_factory) -> dict[str, Path]:
    """Every template as DOCX and ODT, as the build makes them: « modele-id.ext » → path."""
    out = tmp_path_factory.mktemp("documents")
    made = {}
    for path, data in documents.document_files(site_data, "https://exemple.org/", site_name=site_name()).items():
        target = out / Path(path).name
        target.write_bytes(data)
        made[target.name] = target
    return made


def xml(path: Path | BinaryIO, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def cm(twips: str | None) -> float:
    return round(int(twips or 0) / TWIPS_PER_CM, 2)


def test_every_docx_is_a4_with_french_margins_and_a_numbered_footer(files, site_data) -> None:
    for modele in documents.all_modeles(site_data):
        path = files[f"{modele.id}.docx"]
        body = xml(path, "word/document.xml")
        section = body.find(f".//{W}sectPr")
        size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
        assert (cm(size.get(f"{W}w")), cm(size.get(f"{W}h"))) == (21.0, 29.7), modele.id  # was 21.59 × 27.94
        assert {cm(margins.get(f"{W}{side}")) for side in ("top", "bottom", "left", "right")} == {2.5}, modele.id
        assert section.find(f"{W}footerReference") is not None, f"{modele.id}: pas de pied de page"
        with zipfile.ZipFile(path) as z:
            footers = [n for n in z.namelist() if n.startswith("word/footer")]
        assert len(footers) == 1, modele.id
        footer = xml(path, footers[0])
        fields = [" ".join(f.get(f"{W}instr", "").split()) for f in footer.iter(f"{W}fldSimple")]
        assert fields == ["PAGE", "NUMPAGES"], modele.id
        words = "".join(t.text or "" for t in footer.iter(f"{W}t"))
        assert words == f"{modele.titre}page\u00a01\u00a0/\u00a01", (modele.id, words)  # the title, a tab, « page n / N »


def test_every_odt_is_a4_with_french_margins_and_a_numbered_footer(files, site_data) -> None:
    for modele in documents.all_modeles(site_data):
        path = files[f"{modele.id}.odt"]
        root = xml(path, "styles.xml")
        master = root.find(".//style:master-page", NS)
        name = master.get(f"{{{NS['style']}}}page-layout-name")
        layout = root.find(f".//style:page-layout[@style:name='{name}']", NS)
        props = layout.find("style:page-layout-properties", NS)

        def fo(name: str, props=props) -> str | None:
            return props.get(f"{{{NS['fo']}}}{name}")

        assert (fo("page-width"), fo("page-height")) == ("21cm", "29.7cm"), modele.id
        assert {fo("margin-top"), fo("margin-left"), fo("margin-right")} == {"2.5cm"}, modele.id
        # The footer and its spacing fill the rest of the 2.5 cm bottom margin.
        area = layout.find("style:footer-style/style:header-footer-properties", NS)
        bottom = float((fo("margin-bottom") or "").removesuffix("cm")) + float(
            area.get(f"{{{NS['fo']}}}min-height", "").removesuffix("cm")
        )
        assert bottom == pytest.approx(2.5), modele.id
        line = master.find("style:footer/text:p", NS)
        assert line is not None, f"{modele.id}: pas de pied de page"
        assert line.find("text:page-number", NS) is not None and line.find("text:page-count", NS) is not None
        words = "".join(line.itertext())
        assert words == f"{modele.titre}page\u00a01\u00a0/\u00a01", (modele.id, words)


def test_a_title_with_markup_characters_stays_text_in_the_footer(site_data) -> None:
    """Titles come from data: « <b> & » is written as text in both footers, never as markup."""
    import io

    from macros.data.collections import SiteData

    modele = documents.all_modeles(site_data)[0]
    odd = modele.model_copy(update={"titre": "Essai <b>gras</b> & « guillemets »"})
    sources = SiteData(sources=site_data.sources)
    docx = io.BytesIO(documents.docx_bytes(odd, sources, site_name=site_name()))
    with zipfile.ZipFile(docx) as z:
        name = next(n for n in z.namelist() if n.startswith("word/footer"))
    footer = xml(docx, name)
    assert "".join(t.text or "" for t in footer.iter(f"{W}t")).startswith(odd.titre)
    assert {e.tag for e in footer.iter()} <= {
        f"{W}{t}"
        for t in (
            "ftr",
            "p",
            "pPr",
            "r",
            "rPr",
            "t",
            "tab",
            "tabs",
            "fldSimple",
            "sz",
            "color",
            "spacing",
            "jc",
            "keepNext",
            "pStyle",
            "szCs",
        )
    }, {e.tag for e in footer.iter()}
    line = xml(io.BytesIO(documents.odt_bytes(odd, sources, site_name=site_name())), "styles.xml").find(
        ".//style:footer/text:p", NS
    )
    assert "".join(line.itertext()).startswith(odd.titre)
    assert [etree.QName(e).localname for e in line] == ["tab", "page-number", "page-count"]


def test_one_sans_serif_family_named_in_both_formats_and_the_pdfs(files, site_data) -> None:
    """Atkinson Hyperlegible (the site's font) everywhere, with Arial named where it is missing; no theme font
    (python-docx's Calibri body and Cambria headings: a serif in Word)."""
    assert styles.FONT == "Atkinson Hyperlegible" and styles.FONT_FALLBACKS[0] == "Arial"
    for modele in documents.all_modeles(site_data):
        path = files[f"{modele.id}.docx"]
        root = xml(path, "word/styles.xml")
        fonts = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {styles.FONT}, modele.id
        themed = [f.attrib for f in root.iter(f"{W}rFonts") if any("Theme" in k or "theme" in k for k in f.attrib)]
        assert not themed, (modele.id, themed[:2])
        body = xml(path, "word/document.xml")
        used = {e.get(f"{W}val") for tag in ("pStyle", "rStyle") for e in body.iter(f"{W}{tag}")} | {"Normal"}
        defined = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        named = {f.get(f"{W}ascii") for u in used for f in defined[u].iter(f"{W}rFonts")} - {None}
        named |= {f.get(f"{W}ascii") for f in body.iter(f"{W}rFonts")} - {None}
        assert named <= {styles.FONT}, (modele.id, named)  # the styles the text uses, and the text itself
        table = xml(path, "word/fontTable.xml")
        entry = table.find(f"{W}font[@{W}name='{styles.FONT}']")
        assert entry is not None and entry.find(f"{W}altName").get(f"{W}val") == "Arial", modele.id

        odt = files[f"{modele.id}.odt"]
        faces = xml(odt, "styles.xml").findall(".//style:font-face", NS)
        assert [f.get(f"{{{NS['style']}}}name") for f in faces] == [styles.FONT], modele.id
        family = faces[0].get(f"{{{NS['svg']}}}font-family")
        assert family.startswith(f"'{styles.FONT}'") and "Arial" in family and "Liberation Sans" in family
        assert faces[0].get(f"{{{NS['style']}}}font-family-generic") == "swiss"
        used = {e.get(f"{{{NS['style']}}}font-name") for e in xml(odt, "styles.xml").iter()} - {None}
        assert used == {styles.FONT}, (modele.id, used)
    css = (Path(documents.__file__).parents[2] / "templates" / "pdf" / "pdf.css").read_text(encoding="utf-8")
    assert f'font-family: "{styles.FONT}"' in css


# --- LibreOffice ------------------------------------------------------------------------------------


def _soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("UP_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) introuvable alors que ce test est obligatoire (CI)")
        pytest.skip(
            "LibreOffice (soffice) introuvable : mise en page des DOCX/ODT non testée ; "
            "apt-get install -y --no-install-recommends libreoffice-writer-nogui"
        )
    return soffice


def _normal(text: str) -> str:
    """A page's first words, letters and digits only (Word's bullet is a private-use character)."""
    return "".join(ch for ch in text if ch.isalnum())[:30]


@pytest.mark.slow  # LibreOffice lays out 26 documents: ≈ 10 s
def test_libreoffice_lays_out_docx_and_odt_on_the_same_a4_pages(files, site_data, tmp_path: Path) -> None:
    """Each template's DOCX and ODT, converted to PDF by LibreOffice: A4 pages, as many, each beginning with
    the same words, each page's footer saying « page n / N » (was: US Letter DOCX, 7 pages against 5)."""
    from pypdf import PdfReader

    soffice = _soffice()
    profile = tmp_path / "profil-libreoffice"
    pages: dict[str, dict[str, list[str]]] = {}
    for ext in ("docx", "odt"):  # one call per format: a DOCX and its ODT would write the same PDF name
        out = tmp_path / ext
        sources = sorted(str(p) for name, p in files.items() if name.endswith(f".{ext}"))
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *sources,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        for modele in documents.all_modeles(site_data):
            reader = PdfReader(out / f"{modele.id}.pdf")
            texts = []
            for n, page in enumerate(reader.pages, 1):
                box = page.mediabox
                assert (round(float(box.width) / 72 * 2.54, 1), round(float(box.height) / 72 * 2.54, 1)) == (21.0, 29.7), (
                    f"{modele.id}.{ext} page {n} : pas en A4"
                )
                text = page.extract_text().replace("\u00a0", " ")
                assert f"page {n} / {len(reader.pages)}" in text, f"{modele.id}.{ext} page {n} : numéro de page absent"
                assert " ".join(modele.titre.split())[:40] in " ".join(text.split()), (
                    f"{modele.id}.{ext} : titre absent du pied"
                )
                texts.append(_normal(text))
            pages.setdefault(modele.id, {})[ext] = texts
    differ = {k: (len(v["docx"]), len(v["odt"])) for k, v in pages.items() if len(v["docx"]) != len(v["odt"])}
    assert not differ, f"nombre de pages DOCX / ODT différent : {differ}"
    shifted = {
        k: [n for n, (a, b) in enumerate(zip(v["docx"], v["odt"], strict=True), 1) if a != b] for k, v in pages.items()
    }
    assert not any(shifted.values()), f"pages qui ne commencent pas par le même texte : {shifted}"
