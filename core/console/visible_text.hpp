// Text shown so that nothing in it is invisible: control characters and Unicode's bidirectional and
// zero-width format characters are written as <U+XXXX>. For values a person must check before acting (an
// end-user id arriving in a link): a right-to-left override can make "evil" of "live", a NUL or line feed
// can hide the rest (issue 11; docs/ARCHITECTURE.md "Layout at every size").
#pragma once
#include <string>
#include <string_view>

namespace zc {

/// `text` (UTF-8) with every C0/C1 control character, DEL, and bidi or zero-width format character
/// (U+061C, U+200B-U+200F, U+202A-U+202E, U+2060-U+2064, U+2066-U+2069, U+FEFF) replaced by "<U+XXXX>";
/// malformed UTF-8 bytes become "<0xNN>". Everything else is kept as it is.
std::string visible_text(std::string_view text);

/// True when visible_text(text) differs from `text`.
bool has_invisible(std::string_view text);

}  // namespace zc
