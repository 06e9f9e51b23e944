# Everything a fresh machine needs: `make demo` and `make test` create .venv and install into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: install demo test test-fast lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,web,ray]'
	touch $@

install: $(VENV)/.installed

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/chronicle run examples/corpus --db $(DEMO_DB)
	$(BIN)/chronicle stories --db $(DEMO_DB)
	$(BIN)/chronicle search "water sharing treaty" --db $(DEMO_DB) --limit 3
	$(BIN)/chronicle relations BRA JPN --db $(DEMO_DB)
	@echo
	@echo "Look closer:  $(BIN)/chronicle show ID --db $(DEMO_DB)    (a story, article or entity id, or a name)"
	@echo "              $(BIN)/chronicle timeline --db $(DEMO_DB)"
	@echo "              $(BIN)/chronicle export events --db $(DEMO_DB) --format gdelt"
	@echo
	@echo "Read it in a browser:  $(BIN)/chronicle serve --db $(DEMO_DB)   then open http://127.0.0.1:8000"

test: install
	$(BIN)/pytest -q

test-fast: install
	$(BIN)/pytest -q -m "not slow and not browser"

lint: install
	$(BIN)/ruff check src tests eval benchmarks
	$(BIN)/mypy src

# The language layer on ~1 MB; the whole pipeline on 200 and 400 short generated documents
# (the feed earlier figures used), then on 100 and 200 of real news length; one article of
# 10k, 50k and 200k characters stage by stage (benchmarks/README.md; bigger:
# benchmarks/bench_pipeline.py --sizes 2000,10000).
bench: install
	$(BIN)/python benchmarks/bench_nlp.py
	$(BIN)/python benchmarks/bench_pipeline.py --n 200 --feed short
	$(BIN)/python benchmarks/bench_pipeline.py --n 100
	$(BIN)/python benchmarks/bench_length.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
