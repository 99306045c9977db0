#!/bin/sh
# Runs a command (ctest over the ThreadSanitizer build) with address-space randomisation
# off when the system lets us: with the high mmap randomisation of newer kernels
# (vm.mmap_rnd_bits above 28) TSan's fixed memory layout fails ("unexpected memory
# mapping"), and `setarch -R` avoids that for this process tree only. Where setarch is
# not allowed (some containers), the command runs as it is.
#   usage: scripts/tsan-run.sh COMMAND [ARG...]
set -eu
if setarch "$(uname -m)" -R true 2>/dev/null; then
    exec setarch "$(uname -m)" -R "$@"
fi
echo "tsan-run: setarch -R is not allowed here; running with randomisation on" >&2
exec "$@"
