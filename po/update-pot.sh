#!/bin/sh
# Refreshes po/wz-kiosk.pot from the kiosk's sources and merges it into every po/*.po.
# Run from the repository's top folder (or: cmake --build build --target pot).
set -eu
cd "$(dirname "$0")/.."
find src/ui src/app src/core -name '*.c' | LC_ALL=C sort > po/POTFILES
xgettext --from-code=UTF-8 --language=C --keyword=wz_tr --keyword=wz_ntr:1,2 \
  --keyword=WZ_N --add-comments=TRANSLATORS: --package-name=wz-kiosk \
  --msgid-bugs-address=education@warningzone.org.uk --add-location=file --sort-by-file \
  --files-from=po/POTFILES -o po/wz-kiosk.pot
rm -f po/POTFILES
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file --sort-by-file "$po" po/wz-kiosk.pot
done
