# parsim — the two commands of the README, plus benchmarks.
#   make demo   installs what is missing, builds, and renders the shipped scenarios into output/
#   make test   runs every test
#   make bench  runs the benchmarks in bench/
#   make fuzz   fuzzes the loader, engine and chart layout with libFuzzer (FUZZ_TIME=60 seconds)

SWIFT ?= swift
PARSIM := .build/release/parsim
SCENARIOS := $(wildcard scenarios/*.yaml)

.PHONY: demo test bench fuzz deps build clean images

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product parsim

demo: build
	@mkdir -p output
	$(PARSIM) check $(SCENARIOS)
	$(PARSIM) report scenarios --out output
	$(PARSIM) simulate $(SCENARIOS) > output/simulate.txt
	@echo "parsim: open output/index.html (the report), or output/README.md to paste into a blog"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	@bash bench/run.sh

fuzz: deps
	@bash scripts/fuzz.sh

clean:
	rm -rf .build .build-fuzz output

# The sample images of the README (docs/images/), from the shipped scenarios.
images: build  # the deadlock example exits 3 on purpose
	@mkdir -p docs/images
	$(PARSIM) simulate scenarios/groceries.yaml --out /tmp/parsim-images --format png --scale 1 >/dev/null
	cp /tmp/parsim-images/groceries/compare.png docs/images/groceries-compare.png
	$(PARSIM) simulate scenarios/gil-cpu-bound.yaml --models threading --out /tmp/parsim-images --format png --gil-lane --core-lanes >/dev/null
	cp /tmp/parsim-images/gil-cpu-bound/threading.png docs/images/gil-threading-timeline.png
	$(PARSIM) simulate scenarios/asyncio-connections.yaml --out /tmp/parsim-images --format png >/dev/null
	cp /tmp/parsim-images/asyncio-connections/compare.png docs/images/asyncio-connections-compare.png
	$(PARSIM) simulate scenarios/pool-map-powers.yaml --out /tmp/parsim-images --format png >/dev/null
	cp /tmp/parsim-images/pool-map-powers/compare.png docs/images/pool-map-powers-compare.png
	$(PARSIM) simulate scenarios/fetch-urls.yaml --out /tmp/parsim-images --format png --theme dark --color task >/dev/null
	cp /tmp/parsim-images/fetch-urls/compare.png docs/images/fetch-urls-compare-dark.png
	$(PARSIM) simulate scenarios/crawler.yaml --out /tmp/parsim-images --format png >/dev/null
	cp /tmp/parsim-images/crawler/compare.png docs/images/crawler-pipeline-compare.png
	$(PARSIM) simulate scenarios/async-crawler.yaml --models threading --out /tmp/parsim-images --format png >/dev/null
	cp /tmp/parsim-images/async-crawler/threading.png docs/images/async-crawler-threading.png
	$(PARSIM) sweep scenarios/gil-cpu-bound.yaml --models multiprocessing --param processes --values 1,2,3,4,6,8 --out /tmp/parsim-images/sweep --format png >/dev/null
	cp /tmp/parsim-images/sweep/sweep.png docs/images/gil-sweep-processes.png
	$(PARSIM) simulate scenarios/pool-map-powers.yaml --models process_pool --out /tmp/parsim-images --format png --gil-lane --core-lanes >/dev/null
	cp /tmp/parsim-images/pool-map-powers/process_pool.png docs/images/pool-map-powers-dense-timeline.png
	$(PARSIM) simulate docs/examples/lock-order.yaml --out /tmp/parsim-images --format png >/dev/null; test $$? -eq 3
	cp /tmp/parsim-images/lock-order/threading.png docs/images/lock-order-deadlock.png
	$(PARSIM) simulate scenarios/scraper.yaml --models asyncio --out /tmp/parsim-images --format png >/dev/null
	cp /tmp/parsim-images/scraper/asyncio-process-pool.png docs/images/scraper-asyncio-offload.png
	$(PARSIM) simulate scenarios/connection-pool.yaml --models "ThreadPoolExecutor (4 workers),ThreadPoolExecutor (16 workers)" --out /tmp/parsim-images --format png >/dev/null
	cp /tmp/parsim-images/connection-pool/compare.png docs/images/connection-pool-semaphore.png
	rm -rf /tmp/parsim-images
