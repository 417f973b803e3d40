// The console's sscanf, in place of libc's (docs/PERFORMANCE.md "Transfer size, round 2"). Only Dear ImGui
// calls sscanf here: its OpenGL3 backend reads the GLSL version ("#version %d") and, on a GL without
// GL_MAJOR_VERSION, the GL version ("%d.%d"); its .ini settings handlers, which never run here (the ini
// file is off: main.cpp), read "Pos=%i,%i", "0x%08X,%d", "Weight=%f%n", "Sort=%d%c%n" and the like. libc's
// general scanner (every conversion, %[...], %m allocation, wide characters) linked 5 KB of code for that.
// This one does what C says for the conversions ImGui uses: %d %i %u %x %X %f %c %n %%, a field width,
// white space in the format matching any amount of it, other characters matching themselves; it returns
// the number of fields assigned, or EOF when the input ends before the first conversion. Anything else in
// a format (%s, %[, %*, length modifiers) stops the scan, as a mismatch does.
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace {

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

// An integer in `base` (0: C's prefixes decide) from at most `width` characters of `s`; null when no
// digit was read.
const char* scan_integer(const char* s, int width, int base, long long* out) {
  bool negative = false;
  if (width > 0 && (*s == '-' || *s == '+')) {
    negative = *s == '-';
    ++s;
    --width;
  }
  if ((base == 0 || base == 16) && width >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
      digit_value(s[2]) < 16) {
    s += 2;
    width -= 2;
    base = 16;
  } else if (base == 0) {
    base = (*s == '0') ? 8 : 10;
  }
  long long value = 0;
  const char* start = s;
  while (width > 0 && digit_value(*s) < base) {
    value = value * base + digit_value(*s);
    ++s;
    --width;
  }
  if (s == start) return nullptr;
  *out = negative ? -value : value;
  return s;
}

}  // namespace

extern "C" int sscanf(const char* __restrict input, const char* __restrict format, ...) {
  va_list args;
  va_start(args, format);
  const char* s = input;
  int assigned = 0;
  bool converted = false;  // a conversion was attempted with input left (EOF otherwise)
  for (const char* f = format; *f != '\0'; ++f) {
    if (is_space(*f)) {
      while (is_space(*s)) ++s;
      continue;
    }
    if (*f != '%' || f[1] == '%') {
      if (*f == '%') ++f;
      if (*s != *f) {
        if (*s == '\0' && !converted) assigned = EOF;
        break;
      }
      ++s;
      continue;
    }
    ++f;
    int width = 0;
    while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
    const char conversion = *f;
    if (conversion == 'n') {
      *va_arg(args, int*) = static_cast<int>(s - input);
      continue;
    }
    if (conversion != 'c') {
      while (is_space(*s)) ++s;
    }
    if (*s == '\0') {
      if (!converted) assigned = EOF;
      break;
    }
    converted = true;
    if (conversion == 'c') {
      *va_arg(args, char*) = *s++;
    } else if (conversion == 'f') {
      char* end = nullptr;
      const float value = std::strtof(s, &end);
      if (end == s) break;
      *va_arg(args, float*) = value;
      s = end;
    } else if (conversion == 'd' || conversion == 'i' || conversion == 'u' || conversion == 'x' ||
               conversion == 'X') {
      const int base = conversion == 'i' ? 0 : (conversion == 'x' || conversion == 'X') ? 16 : 10;
      long long value = 0;
      const char* end = scan_integer(s, width > 0 ? width : 1 << 30, base, &value);
      if (end == nullptr) break;
      *va_arg(args, int*) = static_cast<int>(value);  // unsigned int* alike: the same bits
      s = end;
    } else {
      break;
    }
    ++assigned;
  }
  va_end(args);
  return assigned;
}
