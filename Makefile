# Usagers partenaires en santé — commandes du projet.
# `make serve` et `make test` installent tout ce qu'il faut sur une machine neuve.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build check test test-fast bench clean schemas

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(STAMP) $(NODE_STAMP)

## serve: installe puis sert le site sur http://127.0.0.1:8000
serve: $(STAMP)
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

## build: construit le site dans site/ (strict ; site/ n'est remplacé que si tout réussit)
build: $(STAMP)
	$(PY) -m macros.build

## check: valide les données seulement (quelques secondes)
check: $(STAMP)
	$(PY) -m macros.check

## schemas: régénère les schémas JSON des fichiers de données (schemas/*.schema.json) depuis les modèles
schemas: $(STAMP)
	$(PY) -m macros.schemas

## test: tout — données, construction stricte, HTML construit, navigateur
test: install
	$(PY) -m macros.check
	$(PY) -m pytest

## bench: mesures de vitesse et de poids, écrites dans bench/rapport.md
bench: install
	$(PY) -m tests.bench

clean:
	rm -rf site .site-* .pytest_cache
