// Every id_token check of OpenID Connect Core 1.0 s3.1.3.7, passing and failing, with tokens signed in
// the test by an OpenSSL key pair (tests/unit/id_token_fixture.hpp).
#include "oauth/id_token_verification.hpp"

#include <gtest/gtest.h>

#include "cli/openssl_signature.hpp"
#include "id_token_fixture.hpp"
#include "result_checks.hpp"

namespace zc {
namespace {

using nlohmann::json;
using namespace zc::testing;

IdTokenExpectations expected(std::int64_t now = kTestNow) {
  return {kTestIssuer, kTestClientId, "n-0S6_WzA2Mj", now};
}

std::vector<Jwk> keys() { return value_of(parse_jwks(test_jwks())); }

IdTokenVerdict verify(const std::string& token, const IdTokenExpectations& e = expected()) {
  return verify_id_token(token, keys(), e, OpenSslSignatureVerifier());
}

std::string verdict_of(const IdTokenVerdict& v, const std::string& check) {
  for (const IdTokenCheck& c : v.checks) {
    if (c.check == check) return c.passed ? "pass" : "fail: " + c.why;
  }
  return "(absent)";
}

// The token with one byte of its decoded part `index` (0 header, 1 payload, 2 signature) changed.
std::string with_changed_byte(const std::string& token, int index, size_t at, char to) {
  const size_t a = token.find('.'), b = token.find('.', a + 1);
  std::string parts[3] = {token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
  std::string bytes = *base64url_decode(parts[index]);
  // Always a change: a signature's byte is random, so it is `to` already once in 256 runs (the test then
  // verified an unchanged token and failed at random).
  bytes[at] = bytes[at] == to ? static_cast<char>(to ^ 0x01) : to;
  parts[index] = base64url_encode(bytes);
  return parts[0] + "." + parts[1] + "." + parts[2];
}

json claims_with(const json& changes) {
  json c = good_claims();
  c.update(changes);
  return c;
}

TEST(IdTokenVerification, AGoodTokenPassesEveryCheckInOrder) {
  const IdTokenVerdict v = verify(signed_token());
  EXPECT_TRUE(v.verified);
  EXPECT_EQ(v.refused_by, "");
  std::vector<std::string> names;
  for (const IdTokenCheck& c : v.checks) {
    names.push_back(c.check);
    EXPECT_TRUE(c.passed) << c.check << ": " << c.why;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"format", "alg", "kid", "signature", "iss", "aud", "azp", "exp", "iat",
                                             "nonce"}));
  EXPECT_EQ(verdict_to_json(v)["claims"]["email"], "user@example.test");
}

TEST(IdTokenVerification, OneChangedByteInThePayloadFailsTheSignature) {
  const std::string token = signed_token();
  const std::string payload_json = good_claims().dump();
  const size_t at = payload_json.find("user@") + 1;  // "user" -> "xser": still JSON, one byte changed
  const IdTokenVerdict v = verify(with_changed_byte(token, 1, at, 'x'));
  EXPECT_FALSE(v.verified);
  EXPECT_EQ(v.refused_by, "signature");
  EXPECT_EQ(verdict_of(v, "iss"), "pass");
}

TEST(IdTokenVerification, OneChangedByteInTheSignatureFailsIt) {
  const IdTokenVerdict v = verify(with_changed_byte(signed_token(), 2, 100, '\x5a'));
  EXPECT_EQ(v.refused_by, "signature");
  const IdTokenVerdict first = verify(with_changed_byte(signed_token(), 2, 0, '\x00'));
  EXPECT_EQ(first.refused_by, "signature");
}

TEST(IdTokenVerification, AlgNoneIsRefusedByName) {
  json header = good_header();
  header["alg"] = "none";
  const std::string unsigned_token =
      base64url_encode(header.dump()) + "." + base64url_encode(good_claims().dump()) + ".";
  const IdTokenVerdict v = verify(unsigned_token);
  EXPECT_FALSE(v.verified);
  EXPECT_EQ(v.refused_by, "alg");
  EXPECT_NE(verdict_of(v, "alg").find("alg is none"), std::string::npos);
  EXPECT_NE(verdict_of(v, "signature"), "pass");
}

// RFC 8725 s3.1: the verifier picks the algorithm. A token signed RS256 but claiming HS256 is refused.
TEST(IdTokenVerification, AnyAlgButRs256IsRefused) {
  for (const char* alg : {"HS256", "RS384", "PS256", "rs256"}) {
    json header = good_header();
    header["alg"] = alg;
    EXPECT_EQ(verify(signed_token(header)).refused_by, "alg") << alg;
  }
}

TEST(IdTokenVerification, AnUnknownKidIsRefused) {
  json header = good_header();
  header["kid"] = "rotated-away";
  const IdTokenVerdict v = verify(signed_token(header));
  EXPECT_EQ(v.refused_by, "kid");
  EXPECT_NE(verdict_of(v, "signature"), "pass");
  header["kid"] = 7;
  EXPECT_EQ(verify(signed_token(header)).refused_by, "kid");
}

// SECURITY.md rule 10's skew, in the safe direction: expired once now >= exp - 60.
TEST(IdTokenVerification, ExpiryUsesTheSkewInTheSafeDirection) {
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"exp", kTestNow - 1}}))).refused_by, "exp");
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"exp", kTestNow + 60}}))).refused_by, "exp");
  EXPECT_TRUE(verify(signed_token(good_header(), claims_with({{"exp", kTestNow + 61}}))).verified);
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"exp", "soon"}}))).refused_by, "exp");
  json no_exp = good_claims();
  no_exp.erase("exp");
  EXPECT_EQ(verify(signed_token(good_header(), no_exp)).refused_by, "exp");
}

TEST(IdTokenVerification, IssuedInTheFutureBeyondTheSkewIsRefused) {
  EXPECT_TRUE(verify(signed_token(good_header(), claims_with({{"iat", kTestNow + 60}}))).verified);
  const IdTokenVerdict v = verify(signed_token(good_header(), claims_with({{"iat", kTestNow + 61}})));
  EXPECT_EQ(v.refused_by, "iat");
  EXPECT_NE(verdict_of(v, "iat").find("not yet valid"), std::string::npos);
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"iat", 1e300}}))).refused_by, "iat");
}

TEST(IdTokenVerification, WrongIssuerAudienceOrNonceIsRefused) {
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"iss", "https://accounts.example.test/"}}))).refused_by,
            "iss");
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"aud", "1000.OTHER"}}))).refused_by, "aud");
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"aud", json::array({"1000.OTHER"})}}))).refused_by, "aud");
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"nonce", "replayed"}}))).refused_by, "nonce");
  json no_nonce = good_claims();
  no_nonce.erase("nonce");
  EXPECT_EQ(verify(signed_token(good_header(), no_nonce)).refused_by, "nonce");
  // A nonce in the token when none was sent is as suspect as a wrong one.
  IdTokenExpectations none_sent = expected();
  none_sent.nonce.clear();
  EXPECT_EQ(verify(signed_token(), none_sent).refused_by, "nonce");
  EXPECT_TRUE(verify(signed_token(good_header(), no_nonce), none_sent).verified);
}

// OIDC Core s3.1.3.7 items 4-5: several audiences need azp, and azp must be the client id.
TEST(IdTokenVerification, SeveralAudiencesNeedTheAzpOfThisClient) {
  const json both = json::array({kTestClientId, "1000.OTHER"});
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"aud", both}}))).refused_by, "azp");
  EXPECT_TRUE(verify(signed_token(good_header(), claims_with({{"aud", both}, {"azp", kTestClientId}}))).verified);
  EXPECT_EQ(verify(signed_token(good_header(), claims_with({{"azp", "1000.OTHER"}}))).refused_by, "azp");
}

TEST(IdTokenVerification, AnUndecodableTokenFailsTheFormatCheck) {
  const IdTokenVerdict v = verify("not.a-token");
  EXPECT_FALSE(v.verified);
  EXPECT_EQ(v.refused_by, "format");
}

// The browser's path: every check but the signature first, then WebCrypto's answer.
TEST(IdTokenVerification, PreparedChecksWaitForTheSignature) {
  IdTokenVerdict v = prepare_id_token_checks(signed_token(), keys(), expected());
  EXPECT_TRUE(v.signature_pending);
  EXPECT_FALSE(v.verified);
  EXPECT_EQ(v.key.kid, "test-key-1");
  EXPECT_TRUE(finish_id_token_checks(v, true).verified);
  const IdTokenVerdict refused = finish_id_token_checks(v, false);
  EXPECT_FALSE(refused.verified);
  EXPECT_EQ(refused.refused_by, "signature");
}

TEST(OpenSslSignature, VerifiesOnlyRs256UnderTheRightKey) {
  const OpenSslSignatureVerifier verifier;
  const Jwk key = test_signer().public_key();
  const std::string signature = test_signer().sign("a.b");
  EXPECT_EQ(signature.size(), 256u);
  EXPECT_TRUE(verifier.verify("RS256", key, "a.b", signature));
  EXPECT_FALSE(verifier.verify("RS256", key, "a.c", signature));
  EXPECT_FALSE(verifier.verify("RS384", key, "a.b", signature));
  const OpenSslRs256Signer other("other");
  EXPECT_FALSE(verifier.verify("RS256", other.public_key(), "a.b", signature));
  Jwk broken = key;
  broken.n = "*";
  EXPECT_FALSE(verifier.verify("RS256", broken, "a.b", signature));
}

}  // namespace
}  // namespace zc
