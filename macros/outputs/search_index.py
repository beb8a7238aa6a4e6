"""Search in French, build side: split Material's search index so that pages load without it.

Material's search plugin writes every page's text to search/search_index.json, which the browser
downloads on every page load. After the build (hook `on_post_build`), this module moves the documents
and the synonyms into search/recherche.<fingerprint>.json, loaded by our worker
(overrides/assets/javascripts/workers/up-recherche.js) only when a reader searches, and leaves in
search_index.json the configuration and the name of that file.

Synonym groups come from data/synonymes.yml and from the acronyms of the lexicon (data/sigles.yml).
The French normalisation (accents, elisions, plurals, feminines) is done once, in the worker, for both
the index and the queries.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..data.collections import SiteData

PREFIX = "recherche."
# Pages left out of the search: they repeat, word for word, text that the search already finds elsewhere
# (the whole guide on one page for printing; testimonials filtered by sheet or profile, all of which are on
# temoignages/), and would push the original pages out of the first results.
EXCLUDED = ("imprimer/", "temoignages/fiche-", "temoignages/profil-")
# Material weighs a word in a title 1000 times a word in the text: one title word then outranks a page that
# has the whole phrase (« médiatrice santé paire » found « Pair-aidance » first). Measured on our queries
# (tests/test_search.py), 10 ranks the pages that match the whole query first and keeps titles ahead.
TITLE_BOOST = 10.0


def synonym_groups(site: SiteData) -> list[list[str]]:
    groups = [list(g.termes) for g in site.synonymes.values()]
    known = {t.casefold() for g in groups for t in g}
    for sigle in site.sigles.values():
        if sigle.sigle.casefold() not in known:
            groups.append([sigle.sigle, sigle.developpement])
    return groups


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def split_index(site_dir: Path, site: SiteData) -> Path | None:
    """Move the documents of search_index.json to a fingerprinted file; return it (None without search).

    The glossary's bubbles carry `data-search-exclude`: Material's indexer leaves them out (the word they
    explain stays)."""
    search = site_dir / "search"
    index_file = search / "search_index.json"
    if not index_file.exists():
        return None
    index = json.loads(index_file.read_text(encoding="utf-8"))
    if "up" in index.get("config", {}):  # already split (e.g. a second post-build pass)
        return search / index["config"]["up"]["index"].removeprefix("search/")
    docs = [d for d in index["docs"] if not d["location"].startswith(EXCLUDED)]
    config = json.loads(json.dumps(index["config"]))
    config.setdefault("fields", {}).setdefault("title", {})["boost"] = TITLE_BOOST
    full = {"config": config, "docs": docs, "synonymes": synonym_groups(site)}
    body = _dump(full)
    name = f"{PREFIX}{hashlib.sha256(body.encode('utf-8')).hexdigest()[:10]}.json"
    for old in search.glob(f"{PREFIX}*.json"):
        old.unlink()
    (search / name).write_text(body, encoding="utf-8")
    stub = {"config": {**index["config"], "up": {"index": f"search/{name}"}}, "docs": []}
    index_file.write_text(_dump(stub), encoding="utf-8")
    return search / name
