#include "cli/openssl_signature.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <cstdlib>

#include "oauth/base64url.hpp"

namespace zc {
namespace {

// An RSA public key from the JWK's big-endian n and e; nullptr when they do not decode.
EVP_PKEY* public_key_from(const Jwk& key) {
  const auto n = base64url_decode(key.n);
  const auto e = base64url_decode(key.e);
  if (!n || !e || n->empty() || e->empty()) return nullptr;
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  EVP_PKEY* pkey = nullptr;
  if (bn_n && bn_e && build && OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1 &&
      OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1) {
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1) EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
  }
  OSSL_PARAM_BLD_free(build);
  BN_free(bn_n);
  BN_free(bn_e);
  return pkey;
}

std::string bignum_param(EVP_PKEY* pkey, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) std::abort();
  std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

}  // namespace

bool OpenSslSignatureVerifier::verify(const std::string& alg, const Jwk& key, std::string_view signing_input,
                                      std::string_view signature) const {
  if (alg != kIdTokenAlg || key.kty != "RSA") return false;
  EVP_PKEY* pkey = public_key_from(key);
  if (pkey == nullptr) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool valid = ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
               EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                reinterpret_cast<const unsigned char*>(signing_input.data()),
                                signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pkey);
  return valid;
}

struct OpenSslRs256Signer::Key {
  EVP_PKEY* pkey = nullptr;
};

OpenSslRs256Signer::OpenSslRs256Signer(std::string kid) : key_(std::make_unique<Key>()), kid_(std::move(kid)) {
  key_->pkey = EVP_RSA_gen(2048);
  if (key_->pkey == nullptr) std::abort();
}

OpenSslRs256Signer::~OpenSslRs256Signer() { EVP_PKEY_free(key_->pkey); }

Jwk OpenSslRs256Signer::public_key() const {
  return Jwk{"RSA", kid_, "sig", kIdTokenAlg, base64url_encode(bignum_param(key_->pkey, OSSL_PKEY_PARAM_RSA_N)),
             base64url_encode(bignum_param(key_->pkey, OSSL_PKEY_PARAM_RSA_E))};
}

std::string OpenSslRs256Signer::sign(std::string_view signing_input) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  std::string out;
  if (ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_->pkey) == 1 &&
      EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) == 1) {
    out.resize(length);
    if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(out.data()), &length,
                       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1) {
      std::abort();
    }
    out.resize(length);
  }
  EVP_MD_CTX_free(ctx);
  return out;
}

}  // namespace zc
