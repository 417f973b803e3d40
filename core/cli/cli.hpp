// The `zoho-auth` command-line tool (docs/ARCHITECTURE.md "Native CLI"): the core's protocol engine in a shell, for
// the moment a token call fails and a developer wants to see exactly what would be sent and why an answer
// was refused. JSON on stdout; exit 0 ok, 1 refused, 2 usage.
//
//   zoho-auth datacenters
//   zoho-auth lint PROFILE
//   zoho-auth authorize-url PROFILE --state S [--code-verifier V]
//   zoho-auth callback PROFILE --state S --url URL
//   zoho-auth token-request PROFILE --code C [--accounts-server URL] [--code-verifier V]
//   zoho-auth token-request PROFILE --refresh-token R [--accounts-server URL]
//   zoho-auth token-response [--status N] [--previous TOKENSET] [--now UNIX_SECONDS]   (body on stdin)
//   zoho-auth discovery --issuer URL | verify-id-token --jwks FILE --issuer I --client-id C | jwt-decode
//     (OpenID Connect, cli/oidc_commands.hpp; the document or token on stdin)
//   zoho-auth device-code-request PROFILE [--accounts-server URL]
//   zoho-auth device-code-response [--status N] [--now UNIX_SECONDS] [--provider zoho|custom]   (body on stdin)
//   zoho-auth device-token-request PROFILE --device-code D [--accounts-server URL]
//   zoho-auth device-token-response [--status N] [--now N] [--provider P] [--accounts-server URL]   (stdin)
//   zoho-auth handoff PROFILE [--format curl|env]   (text, not JSON: console/hand_off.hpp)
//
// PROFILE is a profile JSON file (version 1), or `-` for standard input. `--base-url URL` places the demo
// data centre (a console's address) for profiles with dataCenter `demo`.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace zc {

/// Runs one command. `args` excludes the program name. Returns the exit code (0, 1 or 2).
int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace zc
