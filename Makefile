# natrecon — make run (main job) and make test (the suite). See README.md.
SWIFT        ?= swift
APT_PACKAGES := libcsv-dev libxlsxwriter-dev zlib1g-dev libssl-dev libsqlite3-dev pkg-config
# For the suite only: the browser test renders dashboard.html with headless Chromium,
# and a CJK font makes its text readable in the screenshot.
TEST_APT_PACKAGES := chromium fonts-wqy-microhei
BIN          := .build/release/natrecon
BENCH_SCALE  ?= 1m
BENCH_DATA   ?= clean
BENCH_FORMAT ?= csv
COMPARE_RUNS ?= 3

.PHONY: deps test-deps build run test test-release test-checks bench bench-reader bench-compare fuzz fuzz-build golden format format-check clean

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

## test-deps: install what the suite needs beyond the build (Chromium) when missing
test-deps:
	@missing=""; for p in $(TEST_APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "the tests need:$$missing — run 'sudo apt-get install -y$$missing' or 'sudo make test-deps'" >&2; exit 1; fi; \
	  echo "installing:$$missing"; \
	  apt-get install -y $$missing >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y $$missing; }; \
	fi

## build: release build of natrecon
build: deps
	$(SWIFT) build -c release --product natrecon

## run: reconcile SampleData/ with pipelines/sample.yml
run: build
	$(BIN) run pipelines/sample.yml
	@echo "reports: out/latest/ (machine CSVs, manifest.json, committees/*.xlsx, dashboard.html)"

## test: the whole suite (unit, golden, acceptance, CLI, dashboard.html in headless Chromium),
##   then the release smoke run (test-release)
test: deps test-deps format-check
	$(SWIFT) build --product natrecon
	$(SWIFT) test
	NATRECON_READER_SMALL_BUFFERS=1 $(SWIFT) test --skip-build --filter 'ScannerDifferentialTests|CSVRecordBlockTests|ReadAheadTests|MappedReadingTests'
	$(MAKE) --no-print-directory test-release

## test-release: the release build on 1 M generated residents, dirty then clean; natrecon-bench
##   exits 1 unless the outputs' checksums are the recorded ones (and natrecon must not crash).
##   The suite runs debug builds; this catches what only the optimiser changes (a storage's
##   lifetime ended early, d8a0d0a). About 2 minutes with the release build; ~1.2 GB under bench-data/.
test-release: deps
	$(SWIFT) build -c release --product natrecon
	$(SWIFT) build -c release --product natrecon-bench
	.build/release/natrecon-bench run --scale 1m --dirty --data bench-data
	.build/release/natrecon-bench run --scale 1m --data bench-data

## test-checks: the suite once more with internal invariant checks compiled in
test-checks: deps test-deps
	NATRECON_INTERNAL_CHECKS=1 $(SWIFT) test --scratch-path .build-checks

## bench: release benchmark of `natrecon run` (BENCH_SCALE=1m|10m|25m; data cached under bench-data/)
##   BENCH_DATA=dirty: GB18030 roster, a gzip export, header aliases and dirt (default clean)
##   BENCH_FORMAT=csv,xlsx: the committee workbooks too (default csv: the machine CSVs alone)
bench: deps
	@case "$(BENCH_DATA)" in clean|dirty) ;; *) echo "BENCH_DATA must be clean or dirty" >&2; exit 2;; esac
	$(SWIFT) build -c release --product natrecon
	$(SWIFT) build -c release --product natrecon-bench
	.build/release/natrecon-bench run --scale $(BENCH_SCALE) --data bench-data --format $(BENCH_FORMAT) $(if $(filter dirty,$(BENCH_DATA)),--dirty)

## bench-reader: the CSV reader alone against a plain C loop over libcsv (~1 GB generated)
bench-reader: deps
	$(SWIFT) build -c release --product natrecon-bench
	.build/release/natrecon-bench reader --data bench-data/reader --megabytes 1000 --runs 3

## bench-compare: natrecon vs DuckDB vs polars on the same data (venv in .venv-bench/)
bench-compare: deps
	$(SWIFT) build -c release --product natrecon
	$(SWIFT) build -c release --product natrecon-bench
	.build/release/natrecon-bench run --scale $(BENCH_SCALE) --data bench-data --generate-only
	test -x .venv-bench/bin/python || python3 -m venv .venv-bench
	.venv-bench/bin/python -c "import duckdb, polars" 2>/dev/null || .venv-bench/bin/pip install --quiet duckdb polars
	.venv-bench/bin/python Benchmarks/compare/compare.py --data bench-data/$(BENCH_SCALE)-clean --natrecon .build/release/natrecon --runs $(COMPARE_RUNS)

## fuzz: libFuzzer + ASan on the CSV reader, the fast scanner against libcsv, the normalisers and the pipeline loader
##   FUZZ_SECONDS per target (default 60), FUZZ_TARGETS to pick some, FUZZ_ARGS for libFuzzer.
##   Not part of `swift build`/`swift test`: the libraries are built with coverage and ASan
##   into $(FUZZ_SCRATCH)/, then each Fuzz/*.swift is linked against their objects (the
##   ones each target's `sources` list names: stale objects of deleted files stay behind).
##   Corpora grow in $(FUZZ_SCRATCH)/corpus/<target>/, crashes land in
##   $(FUZZ_SCRATCH)/artifacts/ (turn each into Tests/Fixtures/regressions/issue-NNNN-*).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv-reader csv-scanner normalisation pipeline-spec
FUZZ_ARGS    ?=
FUZZ_SCRATCH := .build-fuzz
FUZZ_LIBDIR  := $(FUZZ_SCRATCH)/release
FUZZ_SANITIZE := -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address
FUZZ_MODULE_MAPS := $(wildcard Sources/C*/module.modulemap) \
  $(FUZZ_LIBDIR)/CGuardedMapping.build/module.modulemap \
  $(FUZZ_SCRATCH)/checkouts/Yams/Sources/CYaml/include/module.modulemap
# NatReconPlatform's compiled C (FileWindows' SIGBUS handler), linked into every target.
FUZZ_PLATFORM_C := $(FUZZ_LIBDIR)/CGuardedMapping.build/guarded_mapping.c.o
# Per target: its source, the library targets whose objects it links, its C libraries,
# the file extensions of the fixtures its seed corpus is copied from, and libFuzzer
# options (the normalisers see single values, so long inputs only slow them down; the
# reader target sets NATRECON_READER_SMALL_BUFFERS so short inputs cross its chunk
# boundaries, see CSVReaderFuzz.swift and docs/fuzzing.md).
# Leak detection stays on (libFuzzer's default): a leak is a finding too.
FUZZ_SOURCE_csv-reader     := Fuzz/CSVReaderFuzz.swift Fuzz/ReaderFuzzInput.swift
FUZZ_OBJECTS_csv-reader    := NatReconCore NatReconPlatform NatReconIO
FUZZ_LIBS_csv-reader       := -lcsv -lz -lcrypto $(FUZZ_PLATFORM_C)
FUZZ_SEEDS_csv-reader      := csv csv.gz txt
FUZZ_OPTIONS_csv-reader    := -max_len=16384
FUZZ_SOURCE_csv-scanner    := Fuzz/CSVScannerFuzz.swift Fuzz/ReaderFuzzInput.swift
FUZZ_OBJECTS_csv-scanner   := NatReconCore NatReconPlatform NatReconIO
FUZZ_LIBS_csv-scanner      := -lcsv -lz -lcrypto $(FUZZ_PLATFORM_C)
FUZZ_SEEDS_csv-scanner     := csv csv.gz txt
FUZZ_OPTIONS_csv-scanner   := -max_len=16384
FUZZ_SOURCE_normalisation  := Fuzz/NormalisationFuzz.swift
FUZZ_OBJECTS_normalisation := NatReconCore NatReconPlatform
FUZZ_LIBS_normalisation    := $(FUZZ_PLATFORM_C)
FUZZ_SEEDS_normalisation   := csv txt
FUZZ_OPTIONS_normalisation := -max_len=4096
FUZZ_SOURCE_pipeline-spec  := Fuzz/PipelineSpecFuzz.swift
FUZZ_OBJECTS_pipeline-spec := NatReconCore NatReconPlatform NatReconIO NatReconReports NatReconSQLite NatReconPipeline Yams
FUZZ_LIBS_pipeline-spec    := $(FUZZ_LIBDIR)/CYaml.build/src/*.o -lcsv -lz -lcrypto -lxlsxwriter -lsqlite3 $(FUZZ_PLATFORM_C)
FUZZ_SEEDS_pipeline-spec   := yml yaml
FUZZ_OPTIONS_pipeline-spec := -max_len=65536

fuzz-build: deps
	$(SWIFT) build -c release --scratch-path $(FUZZ_SCRATCH) --target NatReconPipeline $(FUZZ_SANITIZE)
	@mkdir -p $(FUZZ_SCRATCH)/fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
	  case $$t in \
	    csv-reader) src="$(FUZZ_SOURCE_csv-reader)"; mods="$(FUZZ_OBJECTS_csv-reader)"; libs="$(FUZZ_LIBS_csv-reader)";; \
	    csv-scanner) src="$(FUZZ_SOURCE_csv-scanner)"; mods="$(FUZZ_OBJECTS_csv-scanner)"; libs="$(FUZZ_LIBS_csv-scanner)";; \
	    normalisation) src="$(FUZZ_SOURCE_normalisation)"; mods="$(FUZZ_OBJECTS_normalisation)"; libs="$(FUZZ_LIBS_normalisation)";; \
	    pipeline-spec) src="$(FUZZ_SOURCE_pipeline-spec)"; mods="$(FUZZ_OBJECTS_pipeline-spec)"; libs="$(FUZZ_LIBS_pipeline-spec)";; \
	    *) echo "unknown fuzz target $$t" >&2; exit 2;; \
	  esac; \
	  objs=""; for m in $$mods; do \
	    for f in $$(cat $(FUZZ_LIBDIR)/$$m.build/sources); do \
	      objs="$$objs $(FUZZ_LIBDIR)/$$m.build/$$(basename $$f).o"; done; done; \
	  echo "linking $(FUZZ_SCRATCH)/fuzz/$$t"; \
	  swiftc -O -g -sanitize=fuzzer,address -parse-as-library -use-ld=lld -module-name FuzzTarget \
	    -I $(FUZZ_LIBDIR)/Modules $(foreach m,$(FUZZ_MODULE_MAPS),-Xcc -fmodule-map-file=$(m)) \
	    $$src $$objs $$libs -o $(FUZZ_SCRATCH)/fuzz/$$t; \
	done

fuzz: fuzz-build
	@failed=""; for t in $(FUZZ_TARGETS); do \
	  case $$t in \
	    csv-reader) seeds="$(FUZZ_SEEDS_csv-reader)"; options="$(FUZZ_OPTIONS_csv-reader)";; \
	    csv-scanner) seeds="$(FUZZ_SEEDS_csv-scanner)"; options="$(FUZZ_OPTIONS_csv-scanner)";; \
	    normalisation) seeds="$(FUZZ_SEEDS_normalisation)"; options="$(FUZZ_OPTIONS_normalisation)";; \
	    pipeline-spec) seeds="$(FUZZ_SEEDS_pipeline-spec)"; options="$(FUZZ_OPTIONS_pipeline-spec)";; \
	  esac; \
	  seeddir=$(FUZZ_SCRATCH)/seeds/$$t; corpus=$(FUZZ_SCRATCH)/corpus/$$t; \
	  rm -rf $$seeddir; mkdir -p $$seeddir $$corpus $(FUZZ_SCRATCH)/artifacts; \
	  for ext in $$seeds; do find Tests/Fixtures pipelines -type f -name "*.$$ext"; done \
	    | while read -r f; do cp "$$f" "$$seeddir/$$(echo "$$f" | tr / _)"; done; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS)s (seeds: $$(ls $$seeddir | wc -l) files)"; \
	  $(FUZZ_SCRATCH)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_SCRATCH)/artifacts/$$t- $$options $(FUZZ_ARGS) $$corpus $$seeddir \
	    || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: findings in:$$failed (see $(FUZZ_SCRATCH)/artifacts/)" >&2; exit 1; fi

## golden: re-record golden files, then run the suite without recording (review the diff
##   like code). A recording run always fails (so a recording never passes silently); the
##   second run is the verdict: it fails when anything but the goldens is wrong.
golden:
	-NATRECON_RECORD_GOLDEN=1 $(SWIFT) test >/dev/null 2>&1
	$(SWIFT) test

## format: rewrite the sources in place with swift-format (.swift-format at the root;
##   Tests/.swift-format allows `!` and `try!` in tests). `make test` runs format-check
##   first, so the tree stays formatted.
FORMAT_PATHS := Sources Tests Benchmarks Fuzz Package.swift
format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMAT_PATHS)

## format-check: report formatting and rule violations (swift-format lint), fail on any
format-check:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

clean:
	rm -rf .build out
