# natrecon — make run (main job) and make test (the suite). See README.md.
SWIFT        ?= swift
APT_PACKAGES := libcsv-dev libxlsxwriter-dev zlib1g-dev pkg-config
BIN          := .build/release/natrecon
BENCH_SCALE  ?= 1m

.PHONY: deps build run test test-checks bench bench-compare fuzz golden format clean

## deps: install the C libraries with apt-get when missing
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "natrecon needs:$$missing — run 'sudo apt-get install -y$$missing' or 'sudo make deps'" >&2; exit 1; fi; \
	  echo "installing:$$missing"; \
	  apt-get install -y $$missing >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y $$missing; }; \
	fi

## build: release build of natrecon
build: deps
	$(SWIFT) build -c release --product natrecon

## run: reconcile SampleData/ with pipelines/sample.yml
run: build
	$(BIN) run pipelines/sample.yml
	@echo "reports: out/latest/ (machine CSVs, manifest.json, committees/*.xlsx)"

## test: the whole suite (unit, golden, acceptance, CLI)
test: deps
	$(SWIFT) build --product natrecon
	$(SWIFT) test

## test-checks: the suite once more with internal invariant checks compiled in
test-checks: deps
	NATRECON_INTERNAL_CHECKS=1 $(SWIFT) test --scratch-path .build-checks

## bench: release benchmark (generated data cached under bench-data/)
bench: deps
	$(SWIFT) build -c release --product natrecon-bench --product natrecon
	.build/release/natrecon-bench --scale $(BENCH_SCALE) --data bench-data

## golden: re-record golden files (review the diff like code)
golden:
	NATRECON_RECORD_GOLDEN=1 $(SWIFT) test || true

clean:
	rm -rf .build out
