// JSON text in and out at every boundary where outside bytes arrive (token endpoint answers, stored
// records, imported profiles, CRM responses, the demo server's requests). Two rules, because the wasm
// build has no exceptions (a nlohmann::json throw aborts the page):
//   - parsing never throws, and refuses nesting deeper than a limit (dump and our own walkers recurse,
//     and the browser's wasm stack is small);
//   - serializing never throws: invalid UTF-8 (from a percent-decoded %ff, say) becomes U+FFFD.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace zc {

/// Deepest nesting parse_json accepts: 64. Nothing this console reads legitimately nests beyond ~6 levels.
/// Defined in json_text.cpp: changing it recompiles one file instead of the 31 that include this header.
extern const int kMaxJsonDepth;

/// Parses `text`; a discarded value (`is_discarded()`) when it is not JSON or nests deeper than
/// `max_depth` arrays/objects. Never throws.
nlohmann::json parse_json(std::string_view text, int max_depth = kMaxJsonDepth);

/// The first object key that `text` repeats inside one object (RFC 8259 s4: names SHOULD be unique;
/// nlohmann keeps the last silently), as written; nullopt when none does or `text` is not JSON. For
/// documents a person imports, where a repeated key is a mistake to name rather than guess about. Reads
/// `text` once more, keeping a set of keys per open object: not for stored records or network answers.
std::optional<std::string> duplicate_key(std::string_view text);

/// A member of a JSON object: its name (unescaped) and, when its value is an object, the value's exact text.
struct ObjectMember {
  std::string name;
  std::string_view text;  // a view into the text given to object_members, '{' to its matching '}'; empty
                          // for a value of any other type
};

/// The members of the JSON object `text`, in the text's order (a repeated name appears as often as
/// written, the last one being the value a parsed object holds). Only the names are read into
/// memory: nlohmann's SAX parser checks the whole text and no document is built, so a store of 10,000
/// records is indexed without allocating 10,000 parsed records (docs/PERFORMANCE.md "Scale: reading token
/// sets on use"). nullopt when `text` is no object, is not JSON, or nests deeper than `max_depth`.
std::optional<std::vector<ObjectMember>> object_members(std::string_view text, int max_depth = kMaxJsonDepth);

/// Serializes compactly; invalid UTF-8 in any string becomes U+FFFD instead of throwing.
std::string to_json_text(const nlohmann::json& value);

/// The string at `key` of an object, or "" when `j` is no object, the key is absent or not a string.
/// (nlohmann's value() would throw on a wrong type: fatal in the wasm build.)
std::string string_at(const nlohmann::json& j, const char* key);

/// `text` made safe to quote in a message: at most `max_bytes` bytes, control bytes and bytes above
/// 0x7E replaced by `?` (outside input quoted in an error must not smuggle invalid UTF-8 or terminal
/// control sequences).
std::string printable(std::string_view text, size_t max_bytes = 80);

}  // namespace zc
