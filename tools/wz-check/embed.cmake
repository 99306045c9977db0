# Writes the file IN as a C array NAME (NUL-terminated, with NAME_len) into OUT, so a
# program carries a document's text and the document stays the one source.
# Usage: cmake -DIN=... -DOUT=... -DNAME=... -P embed.cmake
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT}.tmp "/* Generated from ${IN} by embed.cmake at build time. */\n"
  "#include <stddef.h>\nextern const char ${NAME}[];\nextern const size_t ${NAME}_len;\n"
  "const char ${NAME}[] = {\n${bytes}0};\nconst size_t ${NAME}_len = sizeof ${NAME} - 1;\n")
file(RENAME ${OUT}.tmp ${OUT})
