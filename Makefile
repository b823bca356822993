# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   create .venv, install, load the bundled sample reports, show a result
#   make test   lint and run the fast tests (make test-all: every test, as CI does)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WAREHOUSE ?= data/warehouse.duckdb
# The PP-OCR models for scanned reports, shipped in this wheel; only its model files are used
# (extract/ocr.py), so neither its dependencies nor its Python version bound apply.
OCR_MODELS := rapidocr-onnxruntime==1.4.4

.PHONY: demo test test-all install lock lint fixtures accuracy fuzz fuzz-scans clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python '$(OCR_MODELS)'
	touch $(STAMP)

# Write the versions of the environment as the lock file (after changing pyproject.toml and
# seeing make test-all pass).
lock: install
	{ sed -n '1,2p' requirements.lock; $(BIN)/python -m pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

demo: install
	rm -f $(WAREHOUSE) $(basename $(WAREHOUSE)).working.duckdb $(basename $(WAREHOUSE)).previous.duckdb
	$(BIN)/ogi run --input data/sample --warehouse $(WAREHOUSE)
	$(BIN)/ogi show files_by_status --warehouse $(WAREHOUSE)
	$(BIN)/ogi show requests_by_agency --warehouse $(WAREHOUSE)

lint: install
	$(BIN)/ruff check .

# The fast tier: every test but those marked slow (a Prefect server, worker processes, ogi as a
# subprocess, a wheel build: tests/conftest.py).
test: lint
	$(BIN)/python -m pytest -m "not slow"

test-all: lint
	$(BIN)/python -m pytest

# Regenerate the committed fixture corpus (needs LibreOffice and CJK fonts).
fixtures: install
	$(BIN)/python tests/fixtures/generate.py

# Run the pipeline over a corpus folder (pdf/ + truth/) and score it.
CORPUS ?= tests/fixtures/corpus
accuracy: install
	$(BIN)/python scripts/accuracy.py --corpus $(CORPUS)

# Draw N random report layouts from SEED, run them through the pipeline and score them with the
# shared scorer; prints the seeds of reports not read exactly. Uses the CJK fonts and LibreOffice
# found on the machine (reportlab's built-in STSong-Light alone otherwise). FORMATS=pdf,html,docx,txt
# writes every layout in each format too (a web page, a Word document, copied text), one run each;
# html_pictures (tables as pictures), chromium (the page printed by headless Chromium) and calc (a
# workbook printed by LibreOffice Calc) as well.
N ?= 200
SEED ?= 1
FORMATS ?= pdf
fuzz: install
	$(BIN)/python tests/fixtures/fuzz.py --n $(N) --seed $(SEED) --formats $(FORMATS) --score

# Scan N fuzzed reports under random scanner conditions (resolution, skew, specks, faint print,
# uneven light, seal, JPEG, 1-bit: tests/fixtures/scan.py) and score them, per condition. Each
# report is printed first by one of PRODUCERS at random (reportlab,docx,chromium,calc; auto: those
# the machine has, LibreOffice and Chromium being Debian packages).
PRODUCERS ?= auto
fuzz-scans: install
	$(BIN)/python tests/fixtures/scan.py --n $(N) --seed $(SEED) --producers $(PRODUCERS) --score

clean:
	rm -rf $(VENV) $(WAREHOUSE) .pytest_cache .ruff_cache
