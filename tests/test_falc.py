"""Easy-to-read twins: every key page has one, both link each other, every text passes the FALC checks."""

from __future__ import annotations

import os
from pathlib import Path

from macros.site.pages import falc_path
from macros.text import readability as falc

ROOT = Path(__file__).resolve().parent.parent
WRITE_REPORTS = os.environ.get("UP_RAPPORTS") == "1"
REPORT = ROOT / "rapports" / "falc.md"
KEY_PAGES = {("page", "accueil"), ("page", "partenariat")}


def test_every_key_page_has_a_twin(site_data) -> None:
    have = {(t.type, t.cible) for t in site_data.falc.values()}
    wanted = {("fiche", f) for f in site_data.fiches} | {("principe", p) for p in site_data.principes}
    wanted |= {("raison", r) for r in site_data.raisons} | KEY_PAGES
    assert sorted(wanted - have) == []


def test_every_falc_text_passes_the_checks_and_report_is_written(site_data) -> None:
    rows = []
    failures = {}
    for twin in sorted(site_data.falc.values(), key=lambda t: t.id):
        m = falc.measure(twin)
        rows.append(f"| {twin.id} | {m.words} | {m.sentences} | {m.max_sentence} | {m.mean_sentence} | {m.kandel_moles} |")
        found = falc.problems(m)
        if found:
            failures[twin.id] = found
    measures = [falc.measure(t) for t in site_data.falc.values()]
    summary = ""
    if measures:
        summary = (
            f"\nPire phrase : {max(m.max_sentence for m in measures)} mots ; moyenne la plus haute : "
            f"{max(m.mean_sentence for m in measures)} mots ; score le plus bas : "
            f"{min(m.kandel_moles for m in measures)} ; score moyen : "
            f"{round(sum(m.kandel_moles for m in measures) / len(measures), 1)}.\n"
        )
    if WRITE_REPORTS:  # `make rapports` only: tests never change tracked files
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(
            "# Mesures des textes faciles à lire (FALC)\n\n"
            f"Seuils (macros/text/readability.py) : phrase ≤ {falc.MAX_SENTENCE_WORDS} mots ; moyenne ≤ "
            f"{falc.MAX_MEAN_SENTENCE_WORDS} mots ; Kandel–Moles ≥ {falc.MIN_KANDEL_MOLES} ; mots de plus de "
            f"{falc.MAX_WORD_LETTERS} lettres et sigles expliqués.\n\n"
            "| texte | mots | phrases | phrase la plus longue | longueur moyenne | Kandel–Moles |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: |\n" + "\n".join(rows) + "\n" + summary,
            encoding="utf-8",
        )
    assert not failures, failures


def test_the_checks_can_fail() -> None:
    from macros.content import Falc

    bad = Falc.model_validate(
        {
            "id": "fiche-x",
            "type": "fiche",
            "cible": "x",
            "titre": "Titre",
            "resume": "Une page pour tester.",
            "pictogramme": "info",
            "blocs": [
                {
                    "paragraphe": "Cette phrase beaucoup trop longue contient vraiment bien plus de quinze mots "
                    "pour tester correctement la règle de longueur maximale des phrases FALC."
                },
                {"paragraphe": "La HAS parle d'interprofessionnalité."},
            ],
        }
    )
    found = falc.problems(falc.measure(bad))
    assert any("plus de 15 mots" in p for p in found)
    assert any("« HAS »" in p for p in found)
    assert any("interprofessionnalité" in p for p in found)


def test_twins_link_each_other_at_the_top(site_data, page) -> None:
    for twin in site_data.falc.values():
        twin_url = falc_path(twin).removesuffix(".md") + "/"
        soup = page(twin_url)
        back = soup.select_one("a.up-jumeau")
        assert back is not None and "version complète" in back.get_text(), twin.id
        original = (Path(twin_url) / back["href"]).as_posix()
        original_soup = page(str(Path(twin_url, back["href"])).replace("\\", "/"))
        forward = original_soup.select_one("a.up-jumeau")
        assert forward is not None and "facile à lire" in forward.get_text(), original
        first_h1 = original_soup.find("h1")
        assert forward.find_previous("h1") is first_h1, "twin link must be at the top, right after the title"


def test_proofreaders_shown_only_when_filled(site_data, page) -> None:
    for twin in site_data.falc.values():
        text = page(falc_path(twin).removesuffix(".md") + "/").find("article").get_text()
        assert ("Relu par" in text) == bool(twin.relu_par), twin.id
        assert ("Pas encore relu par des lecteurs" in text) == (not twin.relu_par), twin.id
