#!/bin/bash
# boot_test.sh BUILD_DIR SOURCE_DIR: the kiosk as a technician installs it, proven in a
# booted Debian 12. Builds the .deb, installs it with apt into a fresh bookworm tree
# (debootstrap, then systemd-nspawn -b: real systemd, logind and PAM), and with only a
# drop-in for the headless backend (no screen, no tty in a container) checks what
# docs/deployment.md promises: the unit comes up on the attract screen (a grim screenshot,
# checked for its colours), the kiosk's lines are where the docs send the technician, a
# killed kiosk is back within 5 s, a compositor that cannot start restarts instead of
# hanging, "Exit the program" keeps it stopped until `systemctl start` or the next boot,
# `systemctl stop` is clean and quick, an upgrade keeps kiosk.ini, purge removes the
# settings and the upload token, lintian finds no error and systemd-analyze rates the
# unit below 5.
#
# Needs root, debootstrap, systemd-container, lintian, python3 and the Debian mirror of
# this machine's apt sources. The debootstrap tree and the downloaded packages are kept in
# $WZ_DEPLOY_CACHE (default /var/cache/wz-deploy), keyed by the week and the package list,
# so a second run on the same machine skips the downloads; each run boots a fresh overlay
# on top of it. WZ_DEPLOY_KEEP=1 keeps the work folder for a look after a failure;
# WZ_DEPLOY_DEB=FILE tests that package instead of building one; WZ_DEPLOY_SHOT=FILE
# saves the attract screen the test saw (docs/deployment-attract.png).
set -euo pipefail
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)
CACHE=${WZ_DEPLOY_CACHE:-/var/cache/wz-deploy}
SHOT_OUT=${WZ_DEPLOY_SHOT:-}
T0=$(date +%s)
fail=0
say() { printf '[%3ds] %s\n' $(($(date +%s) - T0)) "$*"; }
ok() { say "ok   $*"; }
bad() { say "FAIL $*"; fail=1; }
die() { say "FAIL $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap and systemd-nspawn need it)"
for tool in debootstrap systemd-nspawn nsenter lintian python3 cpack dpkg-deb; do
    command -v "$tool" >/dev/null || die "$tool is missing: sh scripts/install-deps.sh"
done

# ---- the package under test, and a second version of it for the upgrade ----
WORK=$(mktemp -d /var/tmp/wz-boot-XXXXXX)
NSPAWN_PID=
LEADER=
cleanup() {
    [ -n "$NSPAWN_PID" ] && halt_container
    mountpoint -q "$WORK/root" && umount "$WORK/root"
    if [ "${WZ_DEPLOY_KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
if [ -n "${WZ_DEPLOY_DEB:-}" ]; then # a package made before (a second try)
    mkdir -p "$WORK/out" && cp "$WZ_DEPLOY_DEB" "$WORK/out/"
else
    cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/out" >"$WORK/cpack.log" 2>&1 || {
        cat "$WORK/cpack.log"; die "cpack could not build the package"; }
fi
DEB=$(find "$WORK/out" -name 'wz-kiosk_*.deb' | head -n 1)
VER=$(dpkg-deb -f "$DEB" Version)
say "package $(basename "$DEB")"
mkdir "$WORK/re"
dpkg-deb -R "$DEB" "$WORK/re"
sed -i "s/^Version: .*/Version: $VER+boottest1/" "$WORK/re/DEBIAN/control"
dpkg-deb -b "$WORK/re" "$WORK/out/upgrade.deb" >/dev/null

# lintian is slow: it runs beside the boot, and its verdict comes at the end.
lintian --no-tag-display-limit "$DEB" >"$WORK/lintian.log" 2>&1 &
LINTIAN_PID=$!
lintian_verdict() {
    wait "$LINTIAN_PID" || true
    if grep -q '^E:' "$WORK/lintian.log"; then
        bad "lintian finds errors in the package:"; grep '^E:' "$WORK/lintian.log" | sed 's/^/     /'
    else
        ok "lintian: no error ($(grep -c '^W:' "$WORK/lintian.log" || true) warnings)"
    fi
}

# ---- a Debian 12 tree: debootstrap once per week and package list, from apt's mirror ----
MIRROR=$(sed -n 's/^URIs: *\(\S*\/debian\)$/\1/p; s/^deb \(\S*\/debian\) bookworm .*/\1/p' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
BASE_PKGS=systemd-sysv,dbus,libpam-systemd,grim
KEY=$(printf '%s %s %s' "$(date +%G-%V)" "$BASE_PKGS" "$MIRROR" | sha256sum | cut -c1-12)
BASE=$CACHE/bookworm-$KEY
mkdir -p "$CACHE/archives/partial"
if [ ! -e "$BASE/.complete" ]; then
    say "debootstrap bookworm from $MIRROR (cached in $BASE)"
    rm -rf "$BASE.tmp"
    debootstrap --variant=minbase --include="$BASE_PKGS" --cache-dir="$CACHE/archives" \
        bookworm "$BASE.tmp" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
        tail -n 20 "$WORK/debootstrap.log"; die "debootstrap failed"; }
    echo "deb $MIRROR bookworm main" >"$BASE.tmp/etc/apt/sources.list"
    # Older trees of this cache are not needed any more.
    find "$CACHE" -maxdepth 1 -name 'bookworm-*' ! -name "bookworm-$KEY*" -exec rm -rf {} +
    touch "$BASE.tmp/.complete"
    mv "$BASE.tmp" "$BASE"
fi
mkdir -p "$WORK/upper" "$WORK/ovl" "$WORK/root"
mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$WORK/upper,workdir=$WORK/ovl" "$WORK/root" ||
    die "cannot mount an overlay on $BASE"
cp "$DEB" "$WORK/root/root/wz-kiosk.deb"
cp "$WORK/out/upgrade.deb" "$WORK/root/root/wz-kiosk-upgrade.deb"

# ---- the container ----
boot_container() {
    systemd-nspawn -D "$WORK/root" --register=no --keep-unit -M wz-boot-test -b \
        --console=passive --bind="$CACHE/archives:/var/cache/apt/archives" \
        >>"$WORK/nspawn.log" 2>&1 &
    NSPAWN_PID=$!
    LEADER=
    for _ in $(seq 100); do
        # The container's PID 1, once it runs systemd (before that, nspawn's own helper).
        for c in $(cat "/proc/$NSPAWN_PID/task/$NSPAWN_PID/children" 2>/dev/null); do
            [ "$(cat "/proc/$c/comm" 2>/dev/null)" = systemd ] && LEADER=$c
        done
        [ -n "$LEADER" ] && break
        sleep 0.1
    done
    [ -n "$LEADER" ] || { cat "$WORK/nspawn.log"; die "systemd-nspawn did not start"; }
    local state=
    for _ in $(seq 240); do # until systemd says the boot is over (its bus comes up first)
        state=$(inside systemctl is-system-running 2>>"$WORK/nsenter.log" || true)
        case $state in running | degraded) return 0 ;; esac
        sleep 0.25
    done
    cat "$WORK/nspawn.log" "$WORK/nsenter.log"
    die "the container did not boot within 60 s (state: $state)"
}
halt_container() {
    inside systemctl poweroff >/dev/null 2>&1 || true
    for _ in $(seq 150); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.1; done
    kill "$NSPAWN_PID" 2>/dev/null || true
    wait "$NSPAWN_PID" 2>/dev/null || true
    NSPAWN_PID=
}
# inside CMD...: run CMD as root inside the booted container.
inside() {
    nsenter -t "$LEADER" -a -- /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
prop() { inside systemctl show -P "$1" wz-kiosk.service; }
# kiosk_pid: the wz-kiosk process inside the container, or nothing.
kiosk_pid() {
    inside sh -c 'for p in /proc/[0-9]*; do
        [ "$(cat $p/comm 2>/dev/null)" = wz-kiosk ] && { echo ${p#/proc/}; break; }; done' || true
}
# shot NAME: a screenshot of the kiosk's output, NAME.ppm and NAME.png in the work folder.
shot() {
    local uid
    uid=$(inside id -u wz-kiosk)
    # Not /tmp: the container's /tmp is a tmpfs this side cannot see.
    inside mkdir -p -m 1777 /var/tmp/wz-shots
    rm -f "$WORK/root/var/tmp/wz-shots/$1.ppm" "$WORK/root/var/tmp/wz-shots/$1.png"
    for fmt in ppm png; do
        inside runuser -u wz-kiosk -- env XDG_RUNTIME_DIR="/run/user/$uid" WAYLAND_DISPLAY=wayland-0 \
            grim -t "$fmt" "/var/tmp/wz-shots/$1.$fmt" >/dev/null 2>&1 || return 1
    done
    cp "$WORK/root/var/tmp/wz-shots/$1.ppm" "$WORK/root/var/tmp/wz-shots/$1.png" "$WORK/"
}
# attract_on_screen NAME [whole]: NAME.ppm is the attract screen: mostly navy #122B5C, with
# white text. It also says whether the whole screen is on the output (Help, purple #6B2FB3,
# and "I'm worried", green #157A44, in view; the yellow pill #FFC83D not cut by the bottom
# edge), and with "whole" requires it.
#
# Why "whole" is not asked of every screenshot: cage 0.1.4 (wlroots 0.15) shows a
# full-screen program's own picture directly (direct scan-out) and composes the output
# itself only when something else must be drawn, a screenshot among them. Such a
# composition redraws only what changed since cage's last one, so a screenshot can show an
# older picture than the screen: the kiosk's first frame, drawn before cage said the
# output's size, or cage's black before the kiosk. What the kiosk draws for is checked in
# its own journal line instead; the picture itself, whole, on an output turned upside down
# (-r -r), where cage can never scan out and composes every frame.
attract_on_screen() {
    python3 - "$WORK/$1.ppm" "${2:-}" <<'EOF'
import sys, collections
data = open(sys.argv[1], 'rb').read()
parts = data.split(maxsplit=4)
assert parts[0] == b'P6', 'not a PPM'
w, h = int(parts[1]), int(parts[2])
px = parts[4][:w * h * 3]
count = collections.Counter(px[i:i + 3] for i in range(0, len(px), 3))
(top, n), = count.most_common(1)
white = sum(c for p, c in count.items() if min(p) >= 230)
share = n / (w * h)
print(f'{w}x{h}, dominant #{top.hex()} on {share:.0%} of the screen, {white} white pixels')
def near(p, hexc):
    return all(abs(a - b) <= 6 for a, b in zip(p, bytes.fromhex(hexc)))
navy = near(top, '122b5c')
purple = sum(c for p, c in count.items() if near(p, '6b2fb3'))
green = sum(c for p, c in count.items() if near(p, '157a44'))
last = px[(h - 1) * w * 3:]
cut = sum(1 for i in range(0, len(last), 3) if near(last[i:i + 3], 'ffc83d'))
whole = purple >= 300 and green >= 300 and cut == 0
print(f'Help {purple} px, "I\'m worried" {green} px, pill on the bottom edge: {cut} px'
      + (', whole' if whole else ', not whole'))
sys.exit(0 if navy and share >= 0.4 and white >= 200 and (whole or sys.argv[2] != 'whole') else 1)
EOF
}
# wait_for SECONDS CMD...: true as soon as CMD succeeds, polled every 0.25 s.
wait_for() {
    local end=$(($(date +%s%N) / 1000000 + $1 * 1000))
    shift
    while [ $(($(date +%s%N) / 1000000)) -lt $end ]; do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.25
    done
    return 1
}
screen_ready() { shot attract && attract_on_screen attract; }
screen_whole() { shot attract && attract_on_screen attract whole; }
# drawn_for: the size the kiosk last said it draws for ("drawing for a WxH screen").
drawn_for() {
    inside journalctl -t wz-kiosk -b --no-pager 2>/dev/null |
        sed -n 's/.*drawing for a \([0-9]*x[0-9]*\) screen.*/\1/p' | tail -n 1
}
active() { [ "$(prop ActiveState)" = active ] && [ -n "$(kiosk_pid)" ]; }

say "booting the container"
boot_container
ok "Debian 12 booted with systemd-nspawn ($(inside systemctl --version | head -n 1))"

# §3 of docs/deployment.md: apt installs the package and everything it needs.
if inside apt-get install -y -q -o APT::Sandbox::User=root /root/wz-kiosk.deb >"$WORK/apt.log" 2>&1; then
    ok "apt install ./$(basename "$DEB") ($(grep -c '^Setting up' "$WORK/apt.log") packages set up)"
else
    tail -n 20 "$WORK/apt.log"; die "apt could not install the package"
fi

# The only change for a container: the headless wlroots backend, software rendering, no tty.
mkdir -p "$WORK/root/etc/systemd/system/wz-kiosk.service.d"
cat >"$WORK/root/etc/systemd/system/wz-kiosk.service.d/headless.conf" <<'EOF'
[Unit]
ConditionPathExists=
[Service]
StandardInput=null
TTYPath=/dev/console
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
Environment=WLR_BACKENDS=headless WLR_HEADLESS_OUTPUTS=1 WLR_RENDERER=pixman
Environment=WLR_LIBINPUT_NO_DEVICES=1 LIBGL_ALWAYS_SOFTWARE=1
EOF
# A staff PIN, as §4 sets one, so the test can reach "Exit the program".
HASH=$(printf '258036\n' | inside /usr/bin/wz-kiosk --hash-pin)
inside sed -i "s|^pin_hash *=.*|$HASH|" /etc/wz-kiosk/kiosk.ini
inside grep -q '^pin_hash = .' /etc/wz-kiosk/kiosk.ini || die "could not set a PIN in kiosk.ini"

# §5: enable --now; the attract screen is on the output.
inside systemctl daemon-reload
inside systemctl enable --now wz-kiosk >/dev/null 2>&1 || true
if wait_for 40 screen_ready; then
    seen=$(attract_on_screen attract | tr '\n' ' ')
    ok "wz-kiosk.service is up with the attract screen on the output: $seen"
    output=${seen%%,*}
    layout_fits() { [ "$(drawn_for)" = "$output" ]; }
    if wait_for 10 layout_fits; then
        ok "the kiosk draws for the whole output: its journal says \"drawing for a $(drawn_for) screen\""
    else
        bad "the output is $output but the kiosk draws for '$(drawn_for)'"
    fi
else
    bad "no attract screen within 40 s (unit $(prop ActiveState)/$(prop SubState), kiosk pid '$(kiosk_pid)')"
    attract_on_screen attract 2>&1 | sed 's/^/     screenshot: /' || true
    inside systemctl status --no-pager wz-kiosk 2>&1 | tail -n 15 | sed 's/^/     /'
fi

# The hardening is in force on the running kiosk (each setting, seen from its process).
pid=$(kiosk_pid)
if [ -n "$pid" ]; then
    hard() { # hard DESCRIPTION SHELL-TEST: SHELL-TEST is true in the kiosk's mount namespace
        if inside nsenter -t "$pid" -m -- runuser -u wz-kiosk -- sh -c "$2" >/dev/null 2>&1; then ok "hardening: $1"; else bad "hardening: $1"; fi
    }
    hard "/home and /root are out of reach" '! ls /home && ! ls /root'
    hard "the system is mounted read-only" 'awk '"'"'$5 == "/" { o = $6 } END { exit o !~ /^ro/ }'"'"' /proc/self/mountinfo'
    hard "a private /tmp and /var/tmp" '[ ! -e /var/tmp/wz-shots ]'
    hard "the data folder is writable" 'touch /var/lib/wz-kiosk/.probe && rm /var/lib/wz-kiosk/.probe'
    hard "the icons and attract texts are kept drawn in /var/cache/wz-kiosk for the next start" 'ls /var/cache/wz-kiosk/icons/svg-*.wzr /var/cache/wz-kiosk/texts/text-*.wzr'
    status=$(inside cat "/proc/$pid/status")
    if echo "$status" | grep -q '^NoNewPrivs:[[:space:]]*1'; then ok "hardening: no new privileges"; else bad "hardening: NoNewPrivs is off"; fi
    if echo "$status" | grep -q '^Seccomp:[[:space:]]*2'; then ok "hardening: a system call filter"; else bad "hardening: no seccomp filter"; fi
    if echo "$status" | grep -q '^CapBnd:[[:space:]]*0*$'; then ok "hardening: no capabilities"; else bad "hardening: capabilities left: $(echo "$status" | grep CapBnd)"; fi
fi
score=$(inside systemd-analyze security wz-kiosk.service 2>/dev/null |
    sed -n 's/.*Overall exposure level for wz-kiosk.service: \([0-9.]*\).*/\1/p' || true)
if [ -n "$score" ] && python3 -c "import sys; sys.exit(0 if float('$score') < 5 else 1)"; then
    ok "systemd-analyze security: $score"
else
    bad "systemd-analyze security rates the unit ${score:-?} (must be below 5)"
fi

# A kiosk killed outright is back within 5 s.
pid=$(kiosk_pid)
if [ -n "$pid" ]; then
    inside sh -c "kill -KILL $pid"
    t=$(date +%s%N)
    back() { p=$(kiosk_pid); [ -n "$p" ] && [ "$p" != "$pid" ]; }
    if wait_for 5 back; then
        ms=$((($(date +%s%N) - t) / 1000000))
        if wait_for 30 screen_ready; then
            ok "killed with SIGKILL, a new kiosk in $ms ms, on the attract screen in $((($(date +%s%N) - t) / 1000000)) ms"
        else
            bad "killed with SIGKILL, a new kiosk in $ms ms but no attract screen"
        fi
    else
        bad "killed with SIGKILL, not back within 5 s (unit $(prop ActiveState)/$(prop SubState))"
    fi
else
    bad "no wz-kiosk process to kill"
fi

# The whole attract screen on the output, every start: the screen turned upside down with
# WZ_CAGE_OPTIONS as docs/deployment.md §5 says, so that cage composes every frame and the
# screenshot is what the screen shows (see attract_on_screen).
printf '[Service]\nEnvironment="WZ_CAGE_OPTIONS=-r -r"\n' \
    >"$WORK/root/etc/systemd/system/wz-kiosk.service.d/zz-rotate.conf"
inside systemctl daemon-reload
whole_starts=0
for round in 1 2 3; do
    inside systemctl restart wz-kiosk || true
    if wait_for 30 screen_whole; then
        whole_starts=$((whole_starts + 1))
    else
        bad "start $round with the screen turned: not the whole attract screen: $(attract_on_screen attract 2>&1 | tr '\n' ' ')"
    fi
done
if [ "$whole_starts" -eq 3 ]; then
    ok "three starts on a screen turned upside down: the whole attract screen each time ($(attract_on_screen attract | tail -n 1))"
    [ -n "$SHOT_OUT" ] && cp "$WORK/attract.png" "$SHOT_OUT"
fi
rm "$WORK/root/etc/systemd/system/wz-kiosk.service.d/zz-rotate.conf"
inside systemctl daemon-reload

# systemctl stop is clean and quick: no crash, no timeout.
wait_for 10 screen_ready || true
since=$(inside date '+%Y-%m-%d %H:%M:%S')
t=$(date +%s%N)
inside timeout 60 systemctl stop wz-kiosk || true
ms=$((($(date +%s%N) - t) / 1000000))
crash=$(inside journalctl -q --since "$since" --no-pager | grep -Ei 'dumped core|status=6/ABRT|code=killed|timed out|SIGKILL|failed with result' || true)
if [ "$ms" -lt 5000 ] && [ -z "$crash" ] && [ "$(prop ActiveState)" = inactive ] && [ -z "$(kiosk_pid)" ]; then
    ok "systemctl stop: clean in $ms ms"
else
    bad "systemctl stop took $ms ms, state $(prop ActiveState), kiosk pid '$(kiosk_pid)'"
    [ -n "$crash" ] && echo "$crash" | sed 's/^/     /'
fi

# A compositor that cannot start restarts instead of hanging on a black screen.
cat >"$WORK/root/etc/systemd/system/wz-kiosk.service.d/zz-broken.conf" <<'EOF'
[Service]
Environment=WLR_BACKENDS=no-such-backend
EOF
inside systemctl daemon-reload
inside systemctl start wz-kiosk || true
n0=$(prop NRestarts)
sleep 7
n1=$(prop NRestarts)
t=$(date +%s%N)
inside timeout 60 systemctl stop wz-kiosk || true
ms=$((($(date +%s%N) - t) / 1000000))
if [ $((n1 - n0)) -ge 2 ] && [ "$ms" -lt 5000 ]; then
    ok "cage cannot start: restarted $((n1 - n0)) times in 7 s, stopped in $ms ms"
else
    bad "cage cannot start: $((n1 - n0)) restarts in 7 s (state $(prop ActiveState)/$(prop SubState)), stop took $ms ms"
fi
rm "$WORK/root/etc/systemd/system/wz-kiosk.service.d/zz-broken.conf"

# "Exit the program" from the staff menu, through the real gesture and PIN pad (a script
# instead of a finger: the only change is the script on wz-kiosk's command line).
cat >"$WORK/root/etc/wz-kiosk/exit-test.script" <<'EOF'
expect "Touch to start"
hold 0.01 0.01 3200
expect "Enter the staff PIN"
tap "2"
tap "5"
tap "8"
tap "0"
tap "3"
tap "6"
tap "OK"
wait 3000
tap "Exit the program"
tap "Yes, exit the program"
wait 5000
EOF
inside chmod 644 /etc/wz-kiosk/exit-test.script
exec_line=$(inside sed -n 's/^ExecStart=//p' /lib/systemd/system/wz-kiosk.service)
printf '[Service]\nExecStart=\nExecStart=%s --script /etc/wz-kiosk/exit-test.script\n' "$exec_line" \
    >"$WORK/root/etc/systemd/system/wz-kiosk.service.d/zz-exit.conf"
inside systemctl daemon-reload
inside systemctl start wz-kiosk || true
stopped() { [ "$(prop ActiveState)" = inactive ] || [ "$(prop ActiveState)" = failed ]; }
if wait_for 30 stopped && sleep 6 && stopped && [ -z "$(kiosk_pid)" ]; then
    ok "\"Exit the program\": the kiosk stays stopped (exit status $(prop ExecMainStatus))"
else
    bad "\"Exit the program\": the kiosk did not stay stopped (unit $(prop ActiveState)/$(prop SubState), $(prop NRestarts) restarts)"
fi
rm "$WORK/root/etc/systemd/system/wz-kiosk.service.d/zz-exit.conf" "$WORK/root/etc/wz-kiosk/exit-test.script"
inside systemctl daemon-reload

# §9: the kiosk's own lines are where the documented command shows them.
logcmd=$(sed -n 's/^    \(journalctl [^#]*wz-kiosk[^#]*\)#.*everything.*/\1/p' "$SRC/docs/deployment.md" | head -n 1)
logcmd=$(printf '%s' "$logcmd" | sed 's/ *$//')
# journald takes the kiosk's lines from a pipe, a moment after they are written
exit_logged() { inside $logcmd --no-pager -b 2>/dev/null | grep -q 'exit requested from admin mode'; }
if [ -z "$logcmd" ]; then
    bad "docs/deployment.md §9 names no journalctl command for everything"
elif wait_for 10 exit_logged; then
    ok "\`$logcmd\` shows the kiosk's own lines"
else
    bad "\`$logcmd\` does not show the kiosk's own lines (\"exit requested from admin mode\")"
fi

# ... until `systemctl start`, and until the next boot.
inside systemctl start wz-kiosk || true
if wait_for 30 screen_ready; then ok "systemctl start brings it back"; else bad "systemctl start did not bring it back"; fi
inside systemctl stop wz-kiosk || true
halt_container
say "rebooting the container"
boot_container
if wait_for 40 screen_ready; then ok "after a reboot the kiosk is up by itself"; else bad "not up after a reboot"; fi

# §8: an upgrade keeps kiosk.ini and restarts the running kiosk on the new version.
inside sed -i 's/^\[kiosk\]/[kiosk]\nid = boot-test-77/' /etc/wz-kiosk/kiosk.ini
inside sh -c 'printf "boot-test-token-0123456789abcdef\n" >/etc/wz-kiosk/token'
if inside apt-get install -y -q -o APT::Sandbox::User=root /root/wz-kiosk-upgrade.deb >"$WORK/upgrade.log" 2>&1 &&
    inside grep -q '^id = boot-test-77' /etc/wz-kiosk/kiosk.ini; then
    ok "upgrade to $VER+boottest1 keeps kiosk.ini"
else
    bad "upgrade lost the settings or failed"; tail -n 10 "$WORK/upgrade.log"
fi
if wait_for 30 screen_ready; then ok "after the upgrade the kiosk is on the attract screen"; else bad "not running after the upgrade"; fi

# Purge: no kiosk left running, no settings, no token; the statistics stay (documented).
if inside apt-get purge -y -q wz-kiosk >"$WORK/purge.log" 2>&1; then
    left=$(inside sh -c 'ls -d /etc/wz-kiosk /lib/systemd/system/wz-kiosk.service /etc/pam.d/wz-kiosk /var/cache/wz-kiosk 2>/dev/null' || true)
    if [ -z "$left" ] && [ -z "$(kiosk_pid)" ] && inside test -d /var/lib/wz-kiosk; then
        ok "purge removes the settings, the token, the unit and the cache, stops the kiosk, keeps /var/lib/wz-kiosk"
    else
        bad "purge left: ${left:-nothing} (kiosk pid '$(kiosk_pid)')"
    fi
else
    bad "apt purge failed"; tail -n 10 "$WORK/purge.log"
fi

inside journalctl -b --no-pager >"$WORK/journal.log" 2>&1 || true
lintian_verdict
say "done in $(($(date +%s) - T0)) s"
if [ $fail -ne 0 ]; then
    say "the container's journal (last boot) ends with:"
    tail -n 40 "$WORK/journal.log"
    exit 1
fi
echo "the kiosk boots, restarts, stops and upgrades as docs/deployment.md says"
