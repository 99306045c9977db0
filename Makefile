# Front door for people: `make run` and `make test` are all a newcomer needs.
# The real build is CMake (CMakeLists.txt); this file only calls it.
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RUN_DIR ?= $(HOME)/.local/share/wz-kiosk

.PHONY: all deps configure run test test-fast test-asan test-tsan test-deploy fuzz bench install deb format clean

all: configure
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@sh scripts/install-deps.sh

# Warnings are errors in every build `make test` makes (gcc here, clang in test-tsan).
configure:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWZ_WERROR=ON

# The kiosk plays the library only: a folder of links to every scenarios/*/ folder but the
# format guide's examples (which the package installs as documentation, not for visitors).
run: deps all
	@mkdir -p $(RUN_DIR)
	@rm -rf $(BUILD)/library && mkdir -p $(BUILD)/library
	@for d in scenarios/*/; do n=$$(basename $$d); [ "$$n" = examples ] || ln -s "$(CURDIR)/$$d" "$(BUILD)/library/$$n"; done
	./$(BUILD)/wz-kiosk --scenarios $(BUILD)/library --db $(RUN_DIR)/kiosk.db $(ARGS)

# The whole suite, each part timed (scripts/run-tests.sh): the gcc build with every test
# (source checks and fuzz replays included), the same tests under ASan+UBSan (without the
# content plays: 130 runs of the same kiosk code over each bundled story, checked once in
# test-fast), then a clang build under ThreadSanitizer with the tests that run threads.
test: deps
	@sh scripts/run-tests.sh $(MAKE) test-fast test-asan test-tsan

CTEST = ctest --output-on-failure --no-label-summary -j $(JOBS)

test-fast: all
	cd $(BUILD) && $(CTEST)

test-asan: deps
	@test -f $(ASAN_BUILD)/CMakeCache.txt || cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DWZ_SANITIZE=address -DWZ_WERROR=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 $(CTEST) -LE 'nosan|content'

# The clang build: everything compiles with -Werror under clang too; TSan then runs the
# tests that start threads: upload worker, import job, PIN check (admin), recorder and
# database, log, the staff alert's threads (net.test_alert, app.worried-alert,
# e2e.alert_*), narration's audio thread (ui.test_audio, ui.narration_easy_*), and the
# collector's server threads (e2e.normal).
TSAN_TESTS = ^(ui\.(test_audio|narration_easy_1920x1080)|net\.test_(upload|alert)|app\.test_import|app\.test_admin.*|app\.test_app_start|app\.admin-(right-pin|wrong-pin|upload-test)|app\.hot-reload|data\.test_(db|events|outbox)|core\.test_log|app\.worried-alert|e2e\.(normal|alert_delivered|alert_give_up))$$
test-tsan: deps
	@test -f $(TSAN_BUILD)/CMakeCache.txt || CC=clang cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWZ_SANITIZE=thread -DWZ_WERROR=ON
	cmake --build $(TSAN_BUILD) -j $(JOBS)
	cd $(TSAN_BUILD) && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/cmake/tsan.supp" \
	  sh $(CURDIR)/scripts/tsan-run.sh $(CTEST) -R '$(TSAN_TESTS)'

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
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
