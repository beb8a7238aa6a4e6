"""End to end: a hostile title that `make check` accepts (quotes, ampersands, entities, a « < » before a space,
braces) is built into the whole site and comes out as text on every page that shows it: no page of the built
site has an element, an attribute or a comment that the real site's same page does not have (lxml), and the
title reads as written in the header, the breadcrumb, the menu, the citation block and <title>.

The changes are the « inerte » cases of the corpus (tests/mauvaises-entrees/*/cas.yml).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from tests import mauvaises_entrees as corpus
from tests.conftest import build_site, copy_project

pytestmark = pytest.mark.slow  # a build of a changed copy: `make test`, not `make test-fast`

INERT = [e for e in corpus.entries() if e.inert]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "p")
    for entry in INERT:
        entry.apply(project)
    out = project.parent / "site"
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _shape(path: Path) -> tuple[Counter[str], set[str], int]:
    tree = html.parse(str(path))
    tags: Counter[str] = Counter()
    attributes: set[str] = set()
    comments = 0
    for el in tree.iter():
        if isinstance(el, etree._Comment):
            comments += 1
        elif isinstance(el.tag, str):
            tags[el.tag] += 1
            attributes |= set(el.attrib)
    return tags, attributes, comments


def test_the_corpus_has_inert_cases() -> None:
    assert INERT and all(e.spec.get("texte_visible") and e.spec.get("page") and e.spec.get("endroits") for e in INERT)


def test_no_page_gets_an_element_or_attribute_from_the_data(hostile_site: Path, site_dir: Path) -> None:
    pages = sorted(p.relative_to(hostile_site) for p in hostile_site.rglob("*.html"))
    assert len(pages) > 100
    for rel in pages:
        if not (site_dir / rel).is_file():
            continue
        tags, attributes, comments = _shape(hostile_site / rel)
        real_tags, real_attributes, real_comments = _shape(site_dir / rel)
        assert set(tags) <= set(real_tags), f"{rel} : éléments venus des données {set(tags) - set(real_tags)}"
        assert attributes <= real_attributes, f"{rel} : attributs venus des données {attributes - real_attributes}"
        # (the copy has no git history: a page may have fewer elements — its dates, « Nouveautés » —, never more)
        for tag in ("meta", "script", "link", "img", "iframe", "style", "h1", "title", "base", "a"):
            assert tags[tag] <= real_tags[tag], f"{rel} : {tags[tag]} <{tag}> au lieu de {real_tags[tag]}"
        assert comments <= real_comments, f"{rel} : commentaire venu des données"


PLACES = {  # where a text is shown (« endroits » of a case) → the element that shows it
    "title": "//title",
    "h1": "//h1",
    "h2": "//h2",
    "fil-ariane": '//nav[@class="up-ariane"]//*[@aria-current="page"]',
    "citation": '//aside[@class="up-partage"]',
    "carte-de-partage": '//meta[@property="og:title" or @name="twitter:title"]',  # the card a pasted link makes
    "table-des-matieres": '//nav[contains(@class, "up-sommaire")]//a',  # the page's « Sur cette page »
}


@pytest.mark.parametrize("entry", INERT, ids=[e.name for e in INERT])
def test_the_text_reads_as_written_wherever_it_is_shown(entry: corpus.Entry, hostile_site: Path) -> None:
    shown = entry.spec["texte_visible"]
    tree = html.parse(str(hostile_site / entry.spec["page"] / "index.html"))
    assert entry.spec["endroits"]
    for place in entry.spec["endroits"]:
        texts = [
            " ".join((el.get("content") if el.tag == "meta" else el.text_content()).split())
            for el in tree.xpath(PLACES[place])
        ]
        assert any(shown in text for text in texts), (place, texts[:5])
