# Front door for people: `make run` and `make test` are all a newcomer needs.
# The real build is CMake (CMakeLists.txt); this file only calls it.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RUN_DIR ?= $(HOME)/.local/share/wz-kiosk

.PHONY: all deps configure run test test-fast test-asan test-deploy fuzz bench install deb format clean

all: configure
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@sh scripts/install-deps.sh

configure:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

run: deps all
	@mkdir -p $(RUN_DIR)
	./$(BUILD)/wz-kiosk --scenarios scenarios --db $(RUN_DIR)/kiosk.db $(ARGS)

# The whole suite: the normal build, then the same tests under ASan+UBSan.
test: deps test-fast test-asan

test-fast: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@test -f $(ASAN_BUILD)/CMakeCache.txt || cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DWZ_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -LE nosan

# The .deb installed with apt into a booted Debian 12 (debootstrap + systemd-nspawn, as
# root): tests/deploy/boot_test.sh. WZ_DEPLOY_SHOT=FILE saves the attract screen it sees.
test-deploy: deps all
	bash tests/deploy/boot_test.sh $(BUILD) .

fuzz: deps
	@test -f $(FUZZ_BUILD)/CMakeCache.txt || CC=clang cmake -S . -B $(FUZZ_BUILD) -DWZ_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: all
	sh bench/run.sh $(BUILD)

install: all
	cmake --install $(BUILD)

deb: all
	cd $(BUILD) && cpack -G DEB

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
