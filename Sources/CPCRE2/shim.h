#ifndef HIWAR_CPCRE2_SHIM_H
#define HIWAR_CPCRE2_SHIM_H

// Hiwar matches UTF-8 text only: select PCRE2's 8-bit code unit width before the header.
// A systemLibrary target takes no cSettings, and a -D define would not reach Swift clients,
// so the width must be defined here.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// PCRE2_UNSET and PCRE2_ZERO_TERMINATED contain casts, so Swift cannot import them.
static inline size_t hiwar_pcre2_unset(void) { return PCRE2_UNSET; }

#endif
