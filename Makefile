# Two commands set everything up from nothing: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCALE := pensioenchecker/locale

.PHONY: run test test-at lint typecheck contracts bench clean bundle bundle-smoke translations catalogs

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	$(VENV)/bin/pybabel -q compile -d $(LOCALE) -D pensioenchecker
	touch $(STAMP)

# The core's message catalogs (docs/translations.md): extract the marked strings into the
# template, merge it into each language's .po, compile the .mo files (not in git; the install
# above compiles them too, and a missing one is compiled in memory at run time).
translations: $(STAMP)
	$(MAKE) --no-print-directory catalogs

# The same without the install check (a second checkout can pass VENV=/path/to/.venv).
catalogs:
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k N_ -k NP_:1,2 -k NC_:1c,2 -k phrase --no-location --no-wrap \
		--sort-output --project=Pensioenchecker --copyright-holder="Pensioenchecker contributors" \
		-o $(LOCALE)/pensioenchecker.pot pensioenchecker ui
	$(VENV)/bin/pybabel -q update -i $(LOCALE)/pensioenchecker.pot -d $(LOCALE) -D pensioenchecker \
		--no-fuzzy-matching --ignore-obsolete --no-wrap
	$(VENV)/bin/pybabel compile -d $(LOCALE) -D pensioenchecker --statistics

# The desktop application with a demo household. Without a display it prints the demo's
# projection and, asked explicitly (the demo is synthetic), writes a screenshot of its Overview
# to out/.
run: $(STAMP)
	$(PY) app.py --demo
ifeq ($(DISPLAY)$(WAYLAND_DISPLAY),)
	@mkdir -p out
	$(PY) app.py --demo --screenshot out/demo-overview.png
endif

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

contracts: $(STAMP)
	$(VENV)/bin/lint-imports --no-cache

# The suite in random order (the seed is printed; `--randomly-seed=N` repeats it),
# then once more with the clock a year ahead: a test that holds only near the day it was
# written fails there.
test: lint typecheck contracts
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	QT_QPA_PLATFORM=offscreen PENSIOENCHECKER_TEST_TODAY=$$($(PY) scripts/a_year_ahead.py) \
		$(PY) -m pytest

# The suite on another day: make test-at DATE=2029-01-01
test-at: $(STAMP)
	QT_QPA_PLATFORM=offscreen PENSIOENCHECKER_TEST_TODAY=$(DATE) $(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/engine.py
	$(PY) bench/import.py
	$(PY) bench/startup.py
	$(PY) bench/whatif.py
	$(PY) bench/share.py
	$(PY) bench/vault.py

# The installable one-folder bundle in dist/pensioenchecker/ (PyInstaller, build.spec), then its
# smoke test. Slow (minutes), so not part of `make test`. PENSIOENCHECKER_ONEFILE=1 makes one file.
bundle: $(STAMP)
	@command -v icupkg >/dev/null || echo "make bundle: without ICU's icupkg (Debian/Ubuntu: apt install icu-devtools) the ICU data stays whole and the folder passes 200 MB" >&2
	$(VENV)/bin/pybabel -q compile -d $(LOCALE) -D pensioenchecker
	$(PY) -m PyInstaller --noconfirm --clean build.spec
	du -sh dist/pensioenchecker
	$(MAKE) bundle-smoke

# Starts the built bundle with no Python environment: --version, a screenshot, cold start, size.
bundle-smoke: $(STAMP)
	$(PY) scripts/bundle_smoke.py dist/pensioenchecker

# A signed rule pack of pensioenchecker/rules/params in dist/rulepack-<version>.json, signed with
# the private release key in the file named by PENSIOENCHECKER_RELEASE_KEY (docs/rule-packs.md).
rulepack: $(STAMP)
	@test -n "$$PENSIOENCHECKER_RELEASE_KEY" || { echo "make rulepack: set PENSIOENCHECKER_RELEASE_KEY to the private release key file (docs/rule-packs.md)" >&2; exit 2; }
	$(PY) scripts/make_rulepack.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
