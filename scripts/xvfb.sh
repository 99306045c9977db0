# shellcheck shell=sh
# xvfb.sh, sourced by test and bench scripts: wz_xvfb_start DIR WxHxDEPTH starts a fresh
# Xvfb on a display number it picks itself (written to DIR/display), exports DISPLAY and
# leaves its process id in xpid for the caller to stop.
wz_xvfb_start() {
  exec 3> "$1/display"
  Xvfb -displayfd 3 -screen 0 "$2" -nolisten tcp > /dev/null 2>&1 &
  # shellcheck disable=SC2034 # for the caller
  xpid=$!
  n=0
  while [ ! -s "$1/display" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
  exec 3>&-
  DISPLAY=:$(cat "$1/display")
  export DISPLAY
}
