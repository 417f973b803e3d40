// Reading a Result in a test. A wrong success (or a wrong failure) must fail one test with a message
// that names the error, not dereference an empty optional and end the whole test binary with SIGSEGV.
//   ASSERT_OK(r);                        then r.value() is safe
//   EXPECT_EQ(error_code(f(x)), "...");  a call expected to fail (a Result or an optional Error)
//   value_of(f(x))                       a call expected to succeed, used inline
#pragma once
#include <optional>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "oauth/error.hpp"

/// Asserts that the Result variable `r` succeeded; prints its error code and message when it did not.
#define ASSERT_OK(r) ASSERT_TRUE((r).ok()) << "failed with " << (r).error().code << ": " << (r).error().message

namespace zc::testing {

/// The error code of `r`, or "(succeeded)" when it did not fail, so EXPECT_EQ reports the difference.
template <typename T>
std::string error_code(const Result<T>& r) {
  return r.ok() ? std::string("(succeeded)") : r.error().code;
}

/// The code of an optional error (what the model's actions return), or "(no error)" when there is none.
inline std::string error_code(const std::optional<Error>& e) { return e ? e->code : std::string("(no error)"); }

/// The value of `r`. A failed `r` is recorded as a test failure naming its error, and T{} is returned
/// so the test goes on (and fails its expectations) instead of crashing.
template <typename T>
T value_of(Result<T> r) {
  if (!r.ok()) {
    ADD_FAILURE() << "expected success, got " << r.error().code << ": " << r.error().message;
    return T{};
  }
  return std::move(r).value();
}

}  // namespace zc::testing
