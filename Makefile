# Thin wrapper over CMake. `make demo` and `make test` install missing Debian packages first.
BUILD ?= build
JOBS  ?= $(shell nproc)

.PHONY: all deps build demo test check-sanitize fuzz bench install deb clean
PREFIX ?= /usr/local

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@scripts/install-deps.sh --test
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

demo: build
	@scripts/install-deps.sh --test
	scripts/demo.sh $(BUILD) out/demo

# The whole suite again, built with ASan and UBSan (its own build directory;
# -O1 without debug info keeps the build within CI's time). Any report fails
# its test. The browser rendering tests are left out: they exercise Chromium,
# and the SVGs they render come from tools the goldens run here.
check-sanitize: deps
	@scripts/install-deps.sh --test
	@cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
	  -DGOTRACE_SANITIZE=address,undefined >/dev/null
	@cmake --build build-sanitize -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build-sanitize --output-on-failure -j $(JOBS) -E renders

# libFuzzer targets and the full damaged-input check (FUZZ_SECONDS per target).
fuzz:
	scripts/fuzz.sh

# The tools, their manual pages and bash completions under $(PREFIX)
# (default /usr/local); DESTDIR=dir stages them there instead.
install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package: $(BUILD)/gotrace_VERSION_ARCH.deb (apt-get install ./$(BUILD)/gotrace_*.deb).
deb: build
	@scripts/install-deps.sh --deb
	cd $(BUILD) && cpack -G DEB >/dev/null && ls $$(pwd)/gotrace_*.deb

bench: build
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) out
