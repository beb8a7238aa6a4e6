# Usagers partenaires en santé — commandes du projet.
# `make serve` et `make test` installent tout ce qu'il faut sur une machine neuve.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
# Options of a build (mkdocs.yml, plugins: usagers-partenaires): `make build PDF=0` (no PDFs), `make build CSP=0` (no
# policy, for capture tools), `make serve PDF=1` (PDFs in the preview too). UP_PDF and UP_CSP: their older names.
PDF ?= $(UP_PDF)
CSP ?= $(UP_CSP)
BUILD_FLAGS := $(if $(filter 0,$(PDF)),--sans-pdf) $(if $(filter 0,$(CSP)),--sans-csp)

.PHONY: install serve build check test test-fast lint bench rapports clean schemas essai-zensical durees

# requirements.txt pins every library; pyproject.toml declares our MkDocs plugin (editable install, no deps).
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m compileall -q macros  # as pip compiles the libraries: a fresh clone's first build does not (0.1 s)
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(STAMP) $(NODE_STAMP)

## serve: installe puis sert le site sur http://127.0.0.1:8000
serve: $(STAMP) $(NODE_STAMP)
	UP_APERCU_PDF=$(if $(filter 1,$(PDF)),true,false) $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

## build: construit le site dans site/ (strict ; site/ n'est remplacé que si tout réussit)
build: $(STAMP) $(NODE_STAMP)
	$(PY) -m macros.build $(BUILD_FLAGS)

## check: valide les données seulement (quelques secondes)
check: $(STAMP)
	$(PY) -m macros.check

## schemas: régénère les schémas JSON des fichiers de données (schemas/*.schema.json) depuis les modèles
schemas: $(STAMP)
	$(PY) -m macros.data.schemas

## lint: style (ruff), types (mypy) et couches (import-linter : content < data < text < render < outputs < site)
lint: $(STAMP)
	$(PY) -m ruff check macros tests
	$(PY) -m ruff format --check macros tests
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

## test-fast: la boucle en codant — données, tests unitaires, une construction sans PDF et son HTML (pas de navigateur,
## ni copies construites, ni lecture des PDF), sur les deux processeurs ; les tests de propriétés y essaient un tiers de
## leurs exemples au hasard (tous dans make test)
test-fast: $(STAMP) $(NODE_STAMP)
	$(PY) -m macros.check
	UP_TESTS_RAPIDES=1 $(PY) -m pytest -q -n 2 --dist loadfile -m "not browser and not slow and not pdf"

## test: tout — données, style et types, construction stricte, HTML construit, navigateur
test: install
	$(PY) -m macros.check
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest -n 2 --dist loadfile

## durees: lance toute la suite comme `make test` puis garde ses durées mesurées dans tests/durees.json (versionné : ce
## qu'une copie neuve et la CI utilisent pour répartir les tests entre les deux processus ; jamais écrit à la main)
durees: install
	UP_DUREES_COMMUNES=1 $(PY) -m pytest -n 2 --dist loadfile

## bench: mesures de vitesse et de poids, écrites dans bench/rapport.md
bench: install
	$(PY) -m tests.bench

## essai-zensical: construit le site avec Zensical (le plus récent du registre, dans .venv-zensical/), le compare à
## la construction MkDocs et écrit bench/essai-zensical.md (pages absentes, liens cassés, textes différents). Hors make test.
essai-zensical: install
	$(PY) -m macros.site.zensical_trial

## rapports: écrit rapports/falc.md (mesures FALC) et rapports/axe.json (axe-core sur toutes les pages)
rapports: install
	UP_RAPPORTS=1 $(PY) -m pytest -q tests/test_falc.py tests/test_accessibility.py -k "report or axe"

clean:
	rm -rf site .site-* .pytest_cache
