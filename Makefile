# parsim — the two commands of the README, plus benchmarks.
#   make demo   installs what is missing, builds, and renders the shipped scenarios into output/
#   make test   runs every test
#   make bench  runs the benchmarks in bench/

SWIFT ?= swift
PARSIM := .build/release/parsim
SCENARIOS := $(wildcard scenarios/*.yaml)

.PHONY: demo test bench deps build clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product parsim

demo: build
	@mkdir -p output
	$(PARSIM) check $(SCENARIOS) | tee output/check.txt
	$(PARSIM) simulate $(SCENARIOS) | tee output/simulate.txt
	$(PARSIM) simulate --json $(SCENARIOS) > output/simulate.json
	@echo "parsim: wrote output/check.txt, output/simulate.txt and output/simulate.json"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	@bash bench/run.sh

clean:
	rm -rf .build output
