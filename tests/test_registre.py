"""The registry of page kinds (macros/content/kinds.py) and the page records of a build (macros/render/records.py),
on small fixtures: no build, no data folder, milliseconds."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import pytest
from pydantic import BaseModel

from macros import content as c
from macros.content import kinds
from macros.content.walk import Ref, ref_fields, references
from macros.data.collections import COLLECTIONS
from macros.render import records as records_module
from macros.render.records import page_records
from macros.render.views import MACRO_NAMES

# Collections whose items have no page of their own: they are shown on others' pages (testimonies on the sheets'
# and the testimonies' pages, terms and acronyms on the lexicon, references on their page), or make none.
NO_PAGE = {
    "sources",
    "temoignages",
    "lexique",
    "sigles",
    "references",
    "redirections",
    "synonymes",
    "raccourcis",  # the search's « Accès direct » links, in the header of every page
    "orientation",
    "nouveautes",
    "verification",  # the « Nouveautés » page and the review dates are made apart (site/nouveautes.py)
}


def _item(ident: str, **fields: object) -> SimpleNamespace:
    return SimpleNamespace(id=ident, **fields)


def _views() -> SimpleNamespace:
    """What page_records reads of the views: the data (a sheet, a principle, a reason, twins…) and the templates."""
    fiche = _item("pair-aidance", numero=3, titre="Pair-aidance associative")
    twins = {
        "fiche-pair-aidance": _item("fiche-pair-aidance", type="fiche", cible="pair-aidance", titre="La pair-aidance"),
        "page-accueil": _item("page-accueil", type="page", cible="accueil", titre="Accueil"),
        "page-principes-introduction": _item(
            "page-principes-introduction", type="page", cible="principes-introduction", titre="Les principes"
        ),
    }
    site = SimpleNamespace(**{coll.name: {} for coll in COLLECTIONS})  # empty unless filled below (a new kind's too)
    site.__dict__.update(
        fiches={"pair-aidance": fiche},
        principes={"egalite": _item("egalite", numero="3.1", titre="Égalité")},
        raisons={"valeur": _item("valeur", numero="1.2", titre="Valeur")},
        ateliers={"a": _item("a", date="2024-01-01", titre="Atelier A")},
        falc=twins,
        pages={"essentiel": _item("essentiel", titre="L'essentiel"), "remerciements": _item("remerciements", titre="R")},
        parcours_in_order=lambda: [_item("p", etapes=[1, 2], titre="Parcours"), _item("vers", etapes=[], titre="V")],
        files={},
    )
    for coll in ("fiches", "principes", "raisons", "ateliers", "falc", "parcours", "pages"):
        for ident in ["p", "vers"] if coll == "parcours" else getattr(site, coll):
            site.files[(coll, ident)] = (f"data/{coll}/{ident}.yml", ())
    gabarit = _item("attestation", titre="Attestation")
    return SimpleNamespace(site=site, entries=[SimpleNamespace(modele=gabarit, data_file="data/modeles/attestation.yml")])


def test_every_collection_that_makes_pages_has_a_kind() -> None:
    with_kind = {k.collection for k in kinds.KINDS if k.collection}
    assert with_kind <= {coll.name for coll in COLLECTIONS}
    assert {coll.name for coll in COLLECTIONS} - with_kind == NO_PAGE


def test_every_kind_is_rendered_by_a_view_and_labelled() -> None:
    labels = {s.label for s in kinds.SECTIONS}
    for kind in kinds.KINDS:
        assert kind.view in MACRO_NAMES, kind.name
        assert kind.label in labels, kind.name


def test_url_for_and_the_records_titles() -> None:
    records = page_records(_views())
    assert records.url_for("fiche", "pair-aidance") == "fiches/pair-aidance/"
    assert records.get("fiche", "pair-aidance").title == "Fiche 3 : Pair-aidance associative"
    assert records.get("principe", "egalite").title == "3.1 Égalité"
    assert records.url_for("temoignages-fiche", "pair-aidance") == "temoignages/fiche-pair-aidance/"
    assert records.get("temoignages-fiche", "pair-aidance").title == "Témoignages — fiche 3 : Pair-aidance associative"
    assert records.url_for("modele", "attestation") == "modeles/attestation/"
    assert records.get("modele", "attestation").source == "data/modeles/attestation.yml"
    assert records.get("fiche", "pair-aidance").source == "data/fiches/pair-aidance.yml"
    assert "pdf" in records.get("fiche", "pair-aidance").outputs
    # A hand-written page showing a data page is where the registry says, and only those pages are records.
    assert records.get("page", "essentiel").path == "has/essentiel.md"
    with pytest.raises(KeyError):
        records.get("page", "remerciements")
    # A path that only points elsewhere has no page.
    with pytest.raises(KeyError):
        records.get("parcours", "vers")


def test_a_falc_twin_lives_under_its_original_url() -> None:
    records = page_records(_views())
    assert records.url_for("falc", "fiche-pair-aidance") == "fiches/pair-aidance/facile-a-lire/"
    assert records.url_for("falc", "page-accueil") == "facile-a-lire/"
    assert records.url_for("falc", "page-principes-introduction") == "principes/facile-a-lire/"
    assert records.get("falc", "page-accueil").title == "Accueil (facile à lire)"
    assert records.url_for("falc-mots", "mots") == "facile-a-lire/mots/"


def test_search_label_comes_from_the_record() -> None:
    records = page_records(_views())
    assert records.label_of("fiches/pair-aidance/") == "Fiche-mission"
    assert records.label_of("fiches/pair-aidance/facile-a-lire/") == "Facile à lire"
    assert records.label_of("modeles/attestation/") == "Modèle"
    assert records.label_of("temoignages/") == "Témoignage"
    assert records.label_of("lexique/") == "Lexique"
    assert records.label_of("fiches/inconnue/") == "Page"  # no record: no guess from the URL


def test_generated_pages_are_in_registry_order() -> None:
    generated = [r.kind.name for r in page_records(_views()).generated()]
    order = [k.name for k in kinds.KINDS if k.generated]
    assert generated == sorted(generated, key=order.index)
    assert "page" not in generated and "lexique" not in generated


def test_a_kind_without_a_view_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    orphan = kinds.Kind("orpheline", "orphelines/{id}/index.md", items=lambda views: [("x", _item("x", titre="X"))])
    monkeypatch.setattr(records_module, "KINDS", (*kinds.KINDS, orphan))
    with pytest.raises(ValueError, match="orpheline"):
        page_records(_views())


def _models() -> list[type[BaseModel]]:
    return [m for m in vars(c).values() if inspect.isclass(m) and issubclass(m, BaseModel) and m is not c.Model]


# Slug fields that are an item's own name (its id, an anchor), or whose collection depends on another field, and
# the redirections' old and new addresses (paths, not ids).
NOT_REFERENCES = {"id", "ancre", "cible", "sigle", "cle", "type", "ancien", "nouveau"}


def test_every_reference_field_carries_its_collection() -> None:
    """A field holding an identifier (a Slug) names an item of a collection, unless it is the item's own name."""
    collections = {coll.name for coll in COLLECTIONS}
    missing = []
    for model in _models():
        refs = ref_fields(model)
        assert {r.collection for r in refs.values()} <= collections, model
        for name, info in model.model_fields.items():
            slug = "Slug" in repr(info.annotation) or any(
                "pattern" in repr(m) and "a-z0-9" in repr(m) for m in info.metadata
            )
            if slug and name not in NOT_REFERENCES and name not in refs:
                missing.append(f"{model.__name__}.{name}")
    assert not missing, missing


def test_the_walk_finds_every_reference() -> None:
    etapes = [c.Etape(fiche="pair-aidance", pourquoi="Pour comprendre."), c.Etape(raison="valeur", pourquoi="Pour agir.")]
    assert list(references(etapes)) == [("fiches", "pair-aidance", (0, "fiche")), ("raisons", "valeur", (1, "raison"))]
    sigle = c.Sigle(sigle="HAS", developpement="Haute Autorité de santé", terme="has")
    assert list(references([sigle])) == [("lexique", "has", (0, "terme"))]
    source = c.Source(document="guide-up", section="Introduction")
    assert ("sources", "guide-up", ("document",)) in list(references(source))
    assert ref_fields(c.Fiche)["exemples"] == Ref("temoignages")
    # A FALC list item may lead to another easy-to-read page: a reference to the falc collection.
    assert ref_fields(c.ItemFalc)["page"] == Ref("falc")


def test_counts_shown_to_readers_come_from_the_data() -> None:
    """A reason removed from the data: the other reasons' pages say « Les quatre raisons », not « cinq »."""
    from dataclasses import replace as copy

    from macros.data.loader import load_site
    from macros.render.views import Views
    from tests.conftest import ROOT

    site = load_site(ROOT / "data")
    first, *others = site.raisons
    fewer = copy(site, raisons={k: v for k, v in site.raisons.items() if k != first})
    assert "Les cinq raisons" in Views(site, "https://exemple.org/").raison_page("../../", others[0])
    assert "Les quatre raisons" in Views(fewer, "https://exemple.org/").raison_page("../../", others[0])


def test_one_walk_checks_every_reference_of_every_collection(tmp_path) -> None:
    """A FALC list item leading to an easy page that does not exist, a template citing an unknown source, a
    path to an unknown principle: each gets its French message at its line, found by the same walk."""
    import shutil

    from macros.data.loader import load_site
    from macros.data.problems import DataError
    from tests.conftest import ROOT

    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)

    def edit(rel: str, old: str, new: str) -> None:
        path = tmp_path / rel
        assert old in path.read_text(encoding="utf-8"), rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    edit("data/falc/page-principes-introduction.yml", "page: principe-egalite-consideration", "page: principe-egalite")
    edit("data/modeles/attestation-participation.yml", "source: {document: has-avis-2023", "source: {document: has-avis")
    edit("data/parcours/formateurs.yml", "  - fiche: formation-professionnels\n", "  - principe: egalite\n")
    with pytest.raises(DataError) as error:
        load_site(tmp_path / "data")
    messages = [str(p) for p in error.value.problems]
    assert any(
        m.startswith("data/falc/page-principes-introduction.yml:")
        and "texte facile à lire « principe-egalite » introuvable — vouliez-vous écrire « principe-egalite-consideration » ?"
        in m
        for m in messages
    ), messages
    assert any(
        m.startswith("data/modeles/attestation-participation.yml:12:")
        and "source.document: document « has-avis » introuvable" in m
        for m in messages
    ), messages
    assert any(m.startswith("data/parcours/formateurs.yml:") and "principe « egalite » introuvable" in m for m in messages)
    assert len(messages) == 3, messages  # one message each: no check repeats another


def test_a_flag_of_the_views_is_not_a_macro() -> None:
    """Under `mkdocs serve` the views know no PDF is made (`pdfs_made`): a setting, not a macro of docs/*.md."""
    from macros.render.views import Views

    assert "pdfs_made" not in MACRO_NAMES and "records" not in MACRO_NAMES
    assert all(callable(getattr(Views, name)) for name in MACRO_NAMES)


def test_the_check_reads_the_configured_docs_dir(tmp_path) -> None:
    """mkdocs.yml may put the hand-written pages elsewhere than docs/: the ids they name are checked there."""
    import shutil

    from macros.data.loader import load_site
    from macros.data.problems import DataError
    from tests.conftest import ROOT

    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "pages")
    (tmp_path / "pages" / "essai.md").write_text('{{ fiche_page("pair-aidanse") }}\n', encoding="utf-8")
    load_site(tmp_path / "data")  # docs/ beside data/ does not exist: nothing to check there
    with pytest.raises(DataError) as error:
        load_site(tmp_path / "data", docs_dir=tmp_path / "pages")
    assert [str(p).split(" — ")[0] for p in error.value.problems] == [
        "pages/essai.md:1:16: « pair-aidanse » introuvable : data/fiches/pair-aidanse.yml n'existe pas"
    ]
