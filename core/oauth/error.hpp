// Error values of the core: every refusal is a value with a stable code, a message a person can act on,
// and the rule it enforces. Nothing in core/ throws across its API (the wasm build has no exceptions).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace zc {

/// A refusal or failure.
/// - code: stable machine-readable identifier (`invalid_client`, `state_mismatch`, `profile.clientId`).
/// - message: what happened, the likely cause and the next step; never contains a secret or token value.
/// - source: the rule it enforces (`RFC 6749 s4.1.2`, `Zoho Accounts: Multi DC`), may be empty.
struct Error {
  std::string code;
  std::string message;
  std::string source;
};

/// An `error` value from a server or a callback, made safe to use as an Error code: only
/// `[A-Za-z0-9_-]` kept (RFC 6749 error codes are such words), at most 64 bytes, `unknown_error` when
/// nothing is left. A '.' is dropped so a server cannot impersonate the console's own codes
/// (`network.status_0`, `callback.state_unknown`).
std::string error_code_from_server(std::string_view value);

/// Either a value or an Error. Small on purpose: `ok()`, `value()`, `error()`.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Error error) : error_(std::move(error)) {}        // NOLINT: implicit by design
  bool ok() const { return value_.has_value(); }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const Error& error() const { return *error_; }

 private:
  std::optional<T> value_;
  std::optional<Error> error_;
};

}  // namespace zc
