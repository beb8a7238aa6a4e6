"""Nothing outside the project is read or written, and every output is safe for the tool that opens it.

Issue 20, items 2 and 3: symbolic links and special files under data/, docs/ and overrides/ are refused before
anything is read (`make check` and the build); the redirects registry writes inside the site only and its loops,
dead targets and shadowed pages are errors; the open-data CSVs hold no spreadsheet formula (read back by
LibreOffice); characters XML 1.0 forbids never make a DOCX, an ODT or a QR code ill-formed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.data.loader import DataError, load_site
from tests.conftest import ROOT, build_site, copy_project, copy_small_project, site_name

SECRET = "UP_SECRET_A_NE_PAS_PUBLIER"


def data_copy(tmp_path: Path) -> Path:
    """data/ and docs/ of the project, copied: enough for load_site (make check)."""
    project = tmp_path / "projet"
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, project / name)
    return project


def problems_of(project: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_site(project / "data")
    return [str(p) for p in caught.value.problems]


# --- symbolic links and special files ---------------------------------------------------------------------------


def test_un_fichier_de_donnees_lie_hors_du_projet_est_refuse(tmp_path: Path) -> None:
    project = data_copy(tmp_path)
    outside = tmp_path / "ailleurs.yml"
    outside.write_text(
        (project / "data/lexique/aidant.yml").read_text(encoding="utf-8").replace("id: aidant", "id: terme-d-ailleurs"),
        encoding="utf-8",
    )
    (project / "data/lexique/terme-d-ailleurs.yml").symlink_to(outside)
    problems = problems_of(project)
    assert len(problems) == 1, problems
    assert problems[0].startswith("data/lexique/terme-d-ailleurs.yml:1:1: lien symbolique refusé")
    assert "remplacez le lien par une copie" in problems[0]


def test_une_page_liee_a_l_environnement_est_refusee_sans_etre_lue(tmp_path: Path) -> None:
    project = data_copy(tmp_path)
    (project / "docs/environnement.md").symlink_to("/proc/self/environ")
    (project / "docs/assets/ailleurs").symlink_to(tmp_path, target_is_directory=True)
    problems = problems_of(project)
    assert [p.split(": ", 1)[0] for p in problems] == ["docs/assets/ailleurs:1:1", "docs/environnement.md:1:1"]
    assert all("lien symbolique refusé" in p for p in problems)


def test_un_gabarit_du_theme_lie_hors_du_projet_est_refuse(tmp_path: Path) -> None:
    """overrides/ is read by the theme: a template linked elsewhere would be laid out in every page."""
    project = data_copy(tmp_path)
    (project / "overrides/partials").mkdir(parents=True)
    (project / "overrides/partials/ailleurs.html").symlink_to("/etc/hostname")
    (project / "data/fiches").rename(project / "fiches-ailleurs")
    (project / "data/fiches").symlink_to(project / "fiches-ailleurs", target_is_directory=True)
    problems = problems_of(project)
    assert [p.split(": ", 1)[0] for p in problems] == ["data/fiches:1:1", "overrides/partials/ailleurs.html:1:1"]
    assert all("lien symbolique refusé" in p for p in problems)


def test_un_tube_nomme_ne_bloque_pas_la_verification(tmp_path: Path) -> None:
    """A named pipe would block any reader for ever: `make check` names it at once."""
    project = data_copy(tmp_path)
    os.mkfifo(project / "docs/bloque.md")
    run = subprocess.run(
        [sys.executable, "-m", "macros.check", str(project / "data")], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1
    assert "docs/bloque.md:1:1: ce n'est ni un fichier ni un dossier" in run.stderr


def test_un_nom_de_fichier_invisible_ou_balise_est_refuse(tmp_path: Path) -> None:
    project = data_copy(tmp_path)
    (project / "docs/a\x1bpropos.md").write_text("# À propos\n", encoding="utf-8")
    (project / "docs/<img src=x>.md").write_text("# Image\n", encoding="utf-8")
    problems = problems_of(project)
    assert len(problems) == 2, problems
    assert problems[0].startswith("docs/<img src=x>.md:1:1: nom de fichier refusé : il contient « < », « > »")
    assert problems[1].startswith("docs/a\\x1bpropos.md:1:1: nom de fichier refusé : il contient U+001B")


@pytest.mark.slow
def test_la_construction_ne_publie_pas_ce_qu_un_lien_designe(tmp_path: Path) -> None:
    """The build stops before MkDocs reads docs/: the linked file's text is in no output, the old site stays."""
    project = copy_project(tmp_path / "projet")
    secret = tmp_path / "secret.md"
    secret.write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (project / "docs/secret.md").symlink_to(secret)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("ancien site", encoding="utf-8")
    run = build_site(project, out)
    assert run.returncode != 0
    assert "docs/secret.md:1:1: lien symbolique refusé" in run.stdout + run.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "ancien site"
    leaked = [
        p
        for p in tmp_path.rglob("*")
        if p.is_file() and not p.is_symlink() and p != secret and SECRET.encode() in p.read_bytes()
    ]
    assert leaked == []


# --- the redirects registry -------------------------------------------------------------------------------------

REDIRECTIONS = "data/redirections.yml"


def redirect_problems(tmp_path: Path, *lines: str) -> list[str]:
    project = data_copy(tmp_path)
    path = project / REDIRECTIONS
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return problems_of(project)


def last_line() -> int:
    return len((ROOT / REDIRECTIONS).read_text(encoding="utf-8").rstrip("\n").splitlines())


@pytest.mark.parametrize(
    ("ancien", "attendu"),
    [
        ("/tmp/ailleurs/", "l'adresse commence par « / »"),
        ("fiches/../../../ailleurs/", "« . » et « .. » ne sont pas permis"),
        ("fiches//fiche-9/", "dossier vide (« // »)"),
        ("fiches/fiche-9", "l'adresse d'une page se termine par « / »"),
    ],
)
def test_une_ancienne_adresse_reste_dans_le_site(tmp_path: Path, ancien: str, attendu: str) -> None:
    problems = redirect_problems(tmp_path, f'- ancien: "{ancien}"', "  nouveau: fiches/pair-aidance/")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{REDIRECTIONS}:{last_line() + 1}:3: [8].ancien: {attendu}"), problems[0]


def test_une_boucle_de_redirections_est_refusee(tmp_path: Path) -> None:
    problems = redirect_problems(
        tmp_path, "- ancien: aller/", "  nouveau: retour/", "- ancien: retour/", "  nouveau: aller/#haut"
    )
    n = last_line()
    assert problems == [
        f"{REDIRECTIONS}:{n + 2}:3: [8].nouveau: boucle de redirections : aller/ → retour/ → aller/ — faites mener "
        "« nouveau » à une page qui existe",
        f"{REDIRECTIONS}:{n + 4}:3: [9].nouveau: boucle de redirections : retour/ → aller/ → retour/ — faites mener "
        "« nouveau » à une page qui existe",
    ]


def test_une_redirection_vers_une_page_absente_est_refusee(tmp_path: Path) -> None:
    problems = redirect_problems(tmp_path, "- ancien: fiches/fiche-8/", "  nouveau: fiches/pair-aidanse/#activites")
    assert problems == [
        f"{REDIRECTIONS}:{last_line() + 2}:3: [8].nouveau: la page « fiches/pair-aidanse/ » n'existe pas dans le "
        "site — vouliez-vous écrire « fiches/pair-aidance/ » ? écrivez l'adresse d'une page existante, sans le "
        "domaine (ex. fiches/pair-aidance/)"
    ]


@pytest.mark.parametrize("ancien", ["fiches/pair-aidance/", "lexique/", "modeles/fiche-de-mission-recherche/"])
def test_une_redirection_ne_cache_pas_une_vraie_page(tmp_path: Path, ancien: str) -> None:
    problems = redirect_problems(tmp_path, f"- ancien: {ancien}", "  nouveau: principes/")
    assert problems == [
        f"{REDIRECTIONS}:{last_line() + 1}:3: [8].ancien: « {ancien} » est une page du site : cette redirection la "
        "remplacerait et la page disparaîtrait — supprimez cette redirection, ou corrigez l'ancienne adresse"
    ]


def test_les_pages_connues_sans_mkdocs_sont_celles_que_fait_la_construction() -> None:
    """The pages `make check` knows from data/ and docs/ are those the build makes (macros/site/pages.py)."""
    from macros.data.site_pages import data_pages, docs_pages, url_of
    from macros.outputs.documents import FORMATS, document_path
    from macros.site.context import BuildContext

    site = load_site(ROOT / "data")
    context = BuildContext(ROOT, site, "/", "non datée")
    context.views.sizes.update(  # the downloads' sizes: the documents are not made here
        {document_path(e.modele.id, kind): 0 for e in context.views.entries for kind, _ in FORMATS}
    )
    made = {url_of(page.path) for page in context.make_pages()}
    assert data_pages(site) == made
    assert {"", "fiches/", "lexique/", "principes/"} <= docs_pages(ROOT / "docs")


@pytest.mark.slow
def test_la_construction_n_ecrit_rien_hors_du_site(tmp_path: Path) -> None:
    """`ancien: /absolute/dir/` used to make the build write an index.html there."""
    project = copy_project(tmp_path / "projet")
    outside = tmp_path / "dehors"
    path = project / REDIRECTIONS
    path.write_text(path.read_text(encoding="utf-8") + f'- ancien: "{outside}/"\n  nouveau: lexique/\n', encoding="utf-8")
    run = build_site(project, tmp_path / "site")
    assert run.returncode != 0
    assert "[8].ancien: l'adresse commence par « / »" in run.stdout + run.stderr
    assert not outside.exists()


# --- outputs safe for the tools that open them -------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("https://exemple.invalid/","cliquez")', "+1+1", "-2+3", "@SUM(1;2)", "\t=1+1", "\r=1+1"]
CONTROL = "\x1b\x0c\x01"  # ESC, form feed, SOH: none is allowed in XML 1.0


def hostile_site(texts: list[str]):
    """The project's data with hostile texts in the lexicon's definitions and the acronyms' expansions (the
    validation of the models bypassed: what a check could miss)."""
    site = load_site(ROOT / "data")
    terms = sorted(site.lexique)
    for ident, text in zip(terms, texts, strict=False):
        site.lexique[ident] = site.lexique[ident].model_copy(update={"definition": text, "terme": text})
    for ident, text in zip(sorted(site.sigles), texts, strict=False):
        site.sigles[ident] = site.sigles[ident].model_copy(update={"developpement": text})
    return site


def libreoffice_cells(csv_file: Path, tmp_path: Path) -> list[tuple[str, str | None]]:
    """The cells of a CSV as LibreOffice reads it (UTF-8, comma, double quotes): (text shown, formula or None)."""
    from lxml import etree

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    out = tmp_path / "lu"
    if soffice is not None:
        profile = (tmp_path / "profil-libreoffice").as_uri()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--infilter=CSV:44,34,76,1",
                "--convert-to",
                "fods",
                "--outdir",
                str(out),
                str(csv_file),
            ],
            capture_output=True,
            timeout=180,
        )
    if not (out / (csv_file.stem + ".fods")).is_file():  # no soffice, or no Calc (libreoffice-calc-nogui)
        if os.environ.get("UP_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice Calc n'a pas ouvert le CSV alors que ce test est obligatoire (CI)")
        pytest.skip("LibreOffice Calc absent (apt-get install libreoffice-calc-nogui) : CSV non ouvert")
    tree = etree.parse(str(out / (csv_file.stem + ".fods")))
    ns = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    }
    text_ns = f"{{{ns['text']}}}"

    def paragraph(node) -> str:  # ODF writes a tab, repeated spaces and a line break as elements
        out = node.text or ""
        for child in node:
            tag = child.tag.removeprefix(text_ns) if isinstance(child.tag, str) else ""
            if tag == "tab":
                out += "\t"
            elif tag == "s":
                out += " " * int(child.get(f"{text_ns}c", "1"))
            elif tag == "line-break":
                out += "\n"
            else:
                out += paragraph(child)
            out += child.tail or ""
        return out

    cells = []
    for cell in tree.iterfind(".//table:table-cell", ns):
        shown = "\n".join(paragraph(p) for p in cell.iterfind("text:p", ns))
        cells.append((shown, cell.get(f"{{{ns['table']}}}formula")))
    return cells


@pytest.mark.parametrize("name", ["lexique.csv", "sigles.csv"])
def test_un_tableur_ne_lit_aucune_formule_dans_les_donnees_ouvertes(tmp_path: Path, name: str) -> None:
    from macros.outputs.sharing import OPEN_DATA, open_data_files

    files = open_data_files(hostile_site(FORMULAS), "https://exemple.invalid/")
    csv_file = tmp_path / name
    csv_file.write_bytes(files[f"{OPEN_DATA}/{name}"])
    cells = libreoffice_cells(csv_file, tmp_path)
    assert [shown for shown, formula in cells if formula is not None] == []
    shown = {text for text, _ in cells}
    # Each text is there, as text: the « ' » that keeps it so is not shown by the spreadsheet.
    for text in FORMULAS:
        assert text.strip("\t\r") in {s.strip("\t\r'\n") for s in shown}, text


def test_une_cellule_qui_ressemble_a_une_formule_est_neutralisee() -> None:
    from macros.outputs.xml_text import csv_cell

    assert [csv_cell(t) for t in ("=1+1", "+33 1", "-x", "@a", "\tx", "\rx")] == [
        "'=1+1",
        "'+33 1",
        "'-x",
        "'@a",
        "'\tx",
        "'\rx",
    ]
    assert [csv_cell(t) for t in ("Aidant", "", "1 = 1", "'déjà")] == ["Aidant", "", "1 = 1", "'déjà"]


def xml_parts(archive: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_un_caractere_interdit_en_xml_donne_un_document_qui_s_ouvre(kind: str) -> None:
    """A control character (and one of the private use planes the documents use internally) anywhere in a
    template: a well-formed DOCX and ODT, with the text around it (it was a traceback, or a file that does not
    open)."""
    from lxml import etree

    from macros.outputs import documents

    site = load_site(ROOT / "data")
    modele = site.modeles["attestation-participation"]
    division = modele.contenu[0]
    part = division.parties[0].model_copy(update={"paragraphe": f"Avant{CONTROL}après \U000f0041fin"})
    hostile = modele.model_copy(
        update={
            "titre": f"Attestation{CONTROL}piégée",
            "objet": "Objet\x0bvertical",
            "contenu": [
                division.model_copy(update={"titre": f"Titre\x1f{CONTROL}", "parties": [part]}),
                *modele.contenu[1:],
            ],
        }
    )
    entry = documents.Entry(hostile, "data/modeles/attestation-participation.yml")
    files = documents.document_files(site, f"https://exemple.invalid/{CONTROL}", [entry], site_name=site_name())
    parts = xml_parts(files[documents.document_path(hostile.id, kind)])
    text = ""
    for data in parts.values():
        root = etree.fromstring(data)  # raises on an ill-formed part
        text += "".join(root.itertext())
    assert "Attestationpiégée" in text and "Avantaprès fin" in text


def test_un_caractere_interdit_en_xml_donne_un_qr_code_svg_bien_forme() -> None:
    from lxml import etree

    from macros.outputs.sharing import qr_files

    files = qr_files({"fiches/pair-aidance/": f"https://exemple.invalid/{CONTROL}fiches/pair-aidance/"})
    svg = etree.fromstring(files["qr/fiches--pair-aidance.svg"])
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == "QR code : https://exemple.invalid/fiches/pair-aidance/"


def test_xml_safe_retire_ce_que_xml_1_0_interdit() -> None:
    from macros.outputs.xml_text import document_text, xml_safe

    allowed = "tab\tLF\nCR\r é€ 𝄞 \ue000 \ufffd"
    assert xml_safe(allowed) == allowed
    assert xml_safe("a\x00b\x08c\x0bd\x0ce\x1ff\ufffeg\uffffh\ud800i") == "abcdefghi"
    assert document_text("x\U000f0041y\U0010fffdz") == "xyz"


# --- PDFs: glyphs of the embedded fonts, one-page handouts --------------------------------------------------------


def test_un_emoji_dans_une_fiche_est_signale_a_la_verification(tmp_path: Path) -> None:
    """An emoji prints as an empty box in the PDFs (the embedded fonts do not draw it): make check says where."""
    project = data_copy(tmp_path)
    fiche = project / "data/fiches/pair-aidance.yml"
    lines = fiche.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith("description: "))
    lines[n] = lines[n].replace('description: "', 'description: "Bravo 🎉 ', 1)
    fiche.write_text("".join(lines), encoding="utf-8")
    assert problems_of(project) == [
        f"data/fiches/pair-aidance.yml:{n + 1}:1: description: caractère absent de la police des PDF : « 🎉 » "
        "(U+1F389, party popper) — il s'imprimerait comme une case vide, ou dans une autre police selon la machine ; "
        "écrivez-le en mots ou retirez-le (la page web l'affiche)"
    ]


def test_les_polices_des_pdf_dessinent_le_francais() -> None:
    from macros.data.glyphs import font_characters, unprintable

    drawn = font_characters()
    assert unprintable("Œuvre « à l'hôpital » : ça coûte 10 € — n° 2… ÉÀÇ’", drawn) == []
    assert unprintable("➡ 🎉 ✓", drawn) == ["➡", "🎉", "✓"]


def test_la_construction_dit_quel_pdf_a_une_case_vide_ou_plus_d_une_page() -> None:
    from macros.outputs.pdf.checks import glyphs_missing, problems_of
    from macros.outputs.pdf.engine import Job

    html = "<html><head><title>🎉</title><style>p::before{content:'✓'}</style></head><body><p>{}</p></body></html>"
    jobs = [
        Job("pdf/fiches--recherche.pdf", html.replace("{}", "Une fiche ✓")),
        Job("pdf/resume--fiches--recherche.pdf", html.replace("{}", "Un résumé")),
        Job("pdf/affiche--fiches--recherche.pdf", html.replace("{}", "Une affiche")),
    ]
    pages = dict(zip((job.name for job in jobs), (5, 3, 1), strict=True))  # as WeasyPrint counted them
    sources = {"pdf/resume--fiches--recherche.pdf": "data/fiches/recherche.yml"}
    found = [  # as run.make_pdfs says them
        problem
        for job in jobs
        for problem in problems_of(job.name, glyphs_missing(job.html), pages[job.name], sources.get(job.name, ""))
    ]
    assert found == [
        "pdf/fiches--recherche.pdf : caractère absent de la police des PDF : « ✓ » (U+2713, check mark) — il "
        "s'imprime comme une case vide, ou dans une autre police selon la machine ; retirez-le de la page ou des "
        "données d'où vient ce texte (ou écrivez-le en mots)",
        "pdf/resume--fiches--recherche.pdf : 3 pages au lieu d'une — ce document à distribuer doit tenir sur une "
        "feuille : raccourcissez le titre, la description ou les listes de data/fiches/recherche.yml",
    ]


def test_un_resume_trop_long_est_compte_apres_weasyprint() -> None:
    """The page count is WeasyPrint's, after layout: a 5,000-character title makes several pages, and the build
    says so."""
    pytest.importorskip("weasyprint")
    from macros.outputs.pdf.checks import glyphs_missing, problems_of
    from macros.outputs.pdf.engine import Job, render

    html = (
        "<html lang='fr'><head><title>Résumé</title></head><body><h1>"
        + "Un titre beaucoup trop long " * 180
        + "</h1></body></html>"
    )
    pdf, pages = render(html)
    assert pages > 1
    job = Job("pdf/resume--fiches--pair-aidance.pdf", html)
    sources = {job.name: "data/fiches/pair-aidance.yml"}
    assert problems_of(job.name, glyphs_missing(job.html), pages, sources[job.name]) == [
        f"pdf/resume--fiches--pair-aidance.pdf : {pages} pages au lieu d'une — ce document à distribuer doit tenir "
        "sur une feuille : raccourcissez le titre, la description ou les listes de data/fiches/pair-aidance.yml"
    ]


@pytest.mark.slow
def test_une_page_du_guide_avec_un_emoji_arrete_la_construction(tmp_path: Path) -> None:
    """A hand-written page of the guide (docs/, not checked field by field) with an emoji: the build names the
    guide's PDF and the character, exits non-zero and keeps the old site (a copy of the small project: its guide
    holds the same docs/ pages, 16 PDFs to make instead of 52)."""
    pytest.importorskip("weasyprint")
    project = copy_small_project(tmp_path / "projet")
    page = project / "docs/introduction.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nBravo à toutes et à tous 🎉\n", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("ancien site", encoding="utf-8")
    run = build_site(project, out, pdf=True)
    assert run.returncode != 0
    assert "pdf/guide-complet.pdf : caractère absent de la police des PDF : « 🎉 » (U+1F389" in run.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "ancien site"


def test_un_caractere_interdit_en_xml_donne_des_metadonnees_pdf_bien_formees() -> None:
    """The PDF's XMP metadata (title, author: PDF/UA) is XML: a control character made it ill-formed."""
    pytest.importorskip("weasyprint")
    import re
    import zlib

    from lxml import etree

    from macros.outputs.pdf.engine import render

    pdf, _ = render(
        f"<html lang='fr'><head><title>Fiche{CONTROL} piégée</title><meta name='author' "
        f"content='Auteur{CONTROL}'></head><body><p>Texte{CONTROL}</p></body></html>"
    )
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            streams.append(match.group(1))
    xmp = next(s for s in streams if b"<x:xmpmeta" in s)
    root = etree.fromstring(xmp[xmp.index(b"<x:xmpmeta") : xmp.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")])
    assert "Fiche piégée" in "".join(root.itertext()) and "Auteur" in "".join(root.itertext())


def test_des_centaines_de_cellules_hostiles_restent_du_texte_dans_le_tableur(tmp_path: Path) -> None:
    """Random cells made of formula starts, quotes, separators and line breaks (fixed seed): LibreOffice reads one
    row per acronym and no formula; a neutralised cell shows its text as written."""
    import random

    from macros.outputs.sharing import OPEN_DATA, open_data_files

    rng = random.Random(20)
    alphabet = ["=", "+", "-", "@", "\t", "\r", "\n", "\r\n", '"', ",", ";", "'", " ", "(", ")", "1", "a", "é", "SUM"]
    site = load_site(ROOT / "data")
    written = {}
    for n, ident in enumerate(sorted(site.sigles)):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        sigle = f"S{n:03d}"
        site.sigles[ident] = site.sigles[ident].model_copy(update={"sigle": sigle, "developpement": text})
        written[sigle] = text
    csv_file = tmp_path / "sigles.csv"
    csv_file.write_bytes(open_data_files(site, "https://exemple.invalid/")[f"{OPEN_DATA}/sigles.csv"])
    cells = libreoffice_cells(csv_file, tmp_path)
    assert [shown for shown, formula in cells if formula is not None] == []
    shown = [text for text, _ in cells]
    rows = {shown[i]: shown[i + 1] for i in range(len(shown) - 1) if shown[i] in written}
    assert sorted(rows) == sorted(written)  # one row per acronym: no line break cut a row
    neutralised = 0
    for sigle, text in written.items():  # LibreOffice drops tabs inside a cell, and keeps the « ' » of a multi-line one
        if text.startswith(("=", "+", "-", "@", "\t", "\r")):
            neutralised += 1
            expected = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "")
            assert rows[sigle].replace("\t", "").removeprefix("'") == expected, sigle
    assert neutralised > 20


def test_le_cache_des_donnees_ne_cache_pas_un_lien_ajoute_ensuite(tmp_path: Path) -> None:
    """A build whose data/ and docs/ are unchanged takes the checked data from .cache/donnees/: a link added in
    overrides/ (not part of that cache's key) is refused all the same, before the theme reads it."""
    from macros.site.data_cache import load_site_cached

    project = data_copy(tmp_path)
    (project / "overrides").mkdir()
    load_site_cached(project)
    (project / "overrides/main.html").symlink_to("/etc/hostname")
    with pytest.raises(DataError) as caught:
        load_site_cached(project)
    assert len(caught.value.problems) == 1
    assert str(caught.value.problems[0]).startswith("overrides/main.html:1:1: lien symbolique refusé")


def test_une_erreur_de_redirection_donne_un_seul_message(tmp_path: Path) -> None:
    """A chain of old addresses that ends on a page is fine; a dead end is reported where it is written, not
    again on each old address that leads to it; a redirect that hides a page is reported once (« glossaire/ »,
    which leads to « lexique/ », is not blamed for it)."""
    problems = redirect_problems(
        tmp_path,
        "- ancien: tres-ancien/",
        "  nouveau: fiches/fiche-1/",
        "- ancien: ancien-1/",
        "  nouveau: ancien-2/",
        "- ancien: ancien-2/",
        "  nouveau: nulle-part/",
        "- ancien: lexique/",
        "  nouveau: nulle-part-non-plus/",
    )
    n = last_line()
    assert [p.split(": ", 2)[:2] for p in problems] == [
        [f"{REDIRECTIONS}:{n + 6}:3", "[10].nouveau"],
        [f"{REDIRECTIONS}:{n + 7}:3", "[11].ancien"],
    ]


@pytest.mark.slow
def test_l_apercu_ne_liste_pas_ce_qu_un_lien_designe(tmp_path: Path) -> None:
    """`make serve` with a link in docs/ to a folder outside the project: the browser shows the French message,
    and MkDocs (which lists docs/ following links: a loop to « .. » took it 20 s more) never lists that folder —
    its README.md beside an index.md made MkDocs say it excluded it."""
    import socket
    import time
    import urllib.request

    project = copy_project(tmp_path / "projet")
    outside = tmp_path / "dehors"
    outside.mkdir()
    (outside / "index.md").write_text("# Dehors\n", encoding="utf-8")
    (outside / "README.md").write_text("# Lisez-moi\n", encoding="utf-8")
    (project / "docs/ailleurs").symlink_to(outside, target_is_directory=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            deadline = time.monotonic() + 180
            while "Serving on" not in log_path.read_text(encoding="utf-8"):
                assert process.poll() is None, log_path.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, "l'aperçu ne sert rien après 180 s"
                time.sleep(0.5)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:  # noqa: S310
                page = response.read().decode("utf-8")
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert "docs/ailleurs</code>, ligne 1, colonne 1" in page and "lien symbolique refusé" in page
    assert "ailleurs/README.md" not in log_path.read_text(encoding="utf-8")
