#!/bin/sh
# test_deb.sh BUILD_DIR SOURCE_DIR: builds the .deb with cpack into a temporary folder,
# unpacks it with dpkg -x and checks that every file an installed kiosk needs is there,
# that the control data (dependencies, maintainer scripts, conffiles) is right, and that
# the packaged programs run from the unpacked tree.
set -eu
BUILD=$1
SRC=$2
TMP=$(mktemp -d /tmp/wz-test-deb-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
    desc=$1; shift
    if "$@"; then echo "ok   $desc"; else echo "FAIL $desc"; fail=1; fi
}

cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TMP/out" >"$TMP/cpack.log" 2>&1 || {
    cat "$TMP/cpack.log"; echo "FAIL cpack could not build the package"; exit 1; }
DEB=$(find "$TMP/out" -name 'wz-kiosk_*.deb' | head -n 1)
check "cpack made wz-kiosk_<version>_<arch>.deb" test -n "$DEB"
[ -n "$DEB" ] || exit 1
echo "package: $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB)"

dpkg -x "$DEB" "$TMP/root"
R=$TMP/root
for f in \
    usr/bin/wz-kiosk usr/bin/wz-check usr/bin/wz-stats usr/bin/wz-collector; do
    check "$f is an executable" test -x "$R/$f"
done
for f in \
    lib/systemd/system/wz-kiosk.service \
    etc/wz-kiosk/kiosk.ini \
    etc/pam.d/wz-kiosk \
    usr/lib/tmpfiles.d/wz-kiosk.conf \
    lib/udev/rules.d/90-wz-kiosk-usb.rules \
    usr/share/wz-kiosk/assets/fonts/NotoSans-Regular.ttf \
    usr/share/wz-kiosk/assets/fonts/NotoSans-Bold.ttf \
    usr/share/wz-kiosk/assets/fonts/OFL.txt \
    usr/share/wz-kiosk/locale/pl/LC_MESSAGES/wz-kiosk.mo \
    usr/share/wz-kiosk/locale/ur/LC_MESSAGES/wz-kiosk.mo \
    usr/share/wz-kiosk/locale/gu/LC_MESSAGES/wz-kiosk.mo \
    usr/share/wz-kiosk/locale/pa/LC_MESSAGES/wz-kiosk.mo \
    usr/share/doc/wz-kiosk/copyright \
    usr/share/doc/wz-kiosk/configuration.md \
    usr/share/doc/wz-kiosk/upload-protocol.md \
    usr/share/doc/wz-kiosk/changelog.gz \
    lib/systemd/system/wz-collector.service; do
    check "$f is there" test -s "$R/$f"
done
n=$(find "$R/usr/share/wz-kiosk/scenarios" -name '*.twee' -o -name '*.html' 2>/dev/null | wc -l)
check "bundled scenarios are there ($n files)" test "$n" -ge 1
check "nothing is installed under /usr/local or the build folder" \
    test ! -e "$R/usr/local" -a -z "$(find "$R" -path '*build*' | head -n 1)"

# The unit runs the kiosk under cage as the dedicated user and always restarts it.
U=$R/lib/systemd/system/wz-kiosk.service
check "unit: runs as user wz-kiosk" grep -q '^User=wz-kiosk$' "$U"
check "unit: through the session script" \
    grep -q '^ExecStart=/usr/libexec/wz-kiosk/wz-kiosk-session ' "$U"
check "the session script is an executable" test -x "$R/usr/libexec/wz-kiosk/wz-kiosk-session"
check "the session script runs cage" grep -q '^cage -d ' "$R/usr/libexec/wz-kiosk/wz-kiosk-session"
check "the session script parses" sh -n "$R/usr/libexec/wz-kiosk/wz-kiosk-session"
check "unit: logs tagged wz-kiosk" grep -q '^SyslogIdentifier=wz-kiosk$' "$U"
check "unit: Restart=always" grep -q '^Restart=always$' "$U"
check "unit: data in /var/lib" grep -q '^StateDirectory=wz-kiosk$' "$U"
check "unit: config from /etc" grep -q -- '--config /etc/wz-kiosk/kiosk.ini' "$U"

# Control data.
dpkg-deb -f "$DEB" Package Version Architecture Depends >"$TMP/control"
check "control: package name" grep -q '^Package: wz-kiosk$' "$TMP/control"
check "control: depends on cage" grep -q '^Depends:.*\bcage\b' "$TMP/control"
check "control: depends on xwayland (cage will not start without)" grep -q '^Depends:.*\bxwayland\b' "$TMP/control"
check "control: depends on Mesa's drivers" grep -q '^Depends:.*\blibgl1-mesa-dri\b' "$TMP/control"
check "control: no useless recommends" test -z "$(dpkg-deb -f "$DEB" Recommends)"
for b in wz-kiosk wz-check wz-stats wz-collector; do
    check "$b is stripped" sh -c "file -L '$R/usr/bin/$b' | grep -q ', stripped'"
done
check "debug symbols in a separate package" sh -c "ls '$TMP'/out/wz-kiosk-dbgsym_*.ddeb >/dev/null 2>&1"
check "control: depends on libsodium (found by shlibdeps)" grep -q '^Depends:.*libsodium' "$TMP/control"
check "control: depends on SDL2 (found by shlibdeps)" grep -q '^Depends:.*libsdl2' "$TMP/control"
check "control: depends on SDL2_image (opened after the first frame, unseen by shlibdeps)" \
    grep -q '^Depends:.*libsdl2-image-2\.0-0' "$TMP/control"
mkdir -p "$TMP/ctl"
dpkg-deb -e "$DEB" "$TMP/ctl"
check "control: postinst creates the wz-kiosk user" grep -q 'adduser --system' "$TMP/ctl/postinst"
check "control: postinst is executable" test -x "$TMP/ctl/postinst"
check "control: the settings file is a conffile" grep -qx '/etc/wz-kiosk/kiosk.ini' "$TMP/ctl/conffiles"
check "control: maintainer scripts parse" sh -n "$TMP/ctl/postinst" "$TMP/ctl/prerm" "$TMP/ctl/postrm"

# The packaged programs run from the unpacked tree.
check_scenarios() { "$R/usr/bin/wz-check" "$R/usr/share/wz-kiosk/scenarios" >"$TMP/check.log" 2>&1; }
check "packaged wz-check passes the bundled scenarios" check_scenarios
check_config() { "$R/usr/bin/wz-kiosk" --check-config "$R/etc/wz-kiosk/kiosk.ini" >"$TMP/config.log" 2>&1; }
check "packaged kiosk.ini reads without errors" check_config
# The kiosk finds its fonts beside itself (../share/wz-kiosk), from any folder.
printf 'expect "Touch to start"\nquit\n' >"$TMP/start.script"
start_kiosk() {
    (cd "$TMP" && env -u WZ_DATA_DIR SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
        "$R/usr/bin/wz-kiosk" --windowed 800x600 --scenarios "$R/usr/share/wz-kiosk/scenarios" \
        --db "$TMP/kiosk.db" --script "$TMP/start.script" --fake-clock >"$TMP/kiosk.log" 2>&1)
}
check "packaged wz-kiosk starts and finds its fonts" start_kiosk
if [ $fail -ne 0 ]; then
    for f in check config kiosk; do
        [ -s "$TMP/$f.log" ] && { echo "--- $f.log"; head -n 30 "$TMP/$f.log"; }
    done
fi

[ $fail -eq 0 ] && echo "the package is complete"
exit $fail
