#include "console/qr_code.hpp"

#include <string>

#include "qrcodegen.hpp"

namespace zc {

QrCode make_qr_code(std::string_view text) {
  QrCode out;
  if (text.empty() || text.size() > kMaxQrTextBytes) return out;
  const std::string copy(text);  // encodeText wants a NUL-terminated string
  const qrcodegen::QrCode qr = qrcodegen::QrCode::encodeText(copy.c_str(), qrcodegen::QrCode::Ecc::MEDIUM);
  out.size = qr.getSize();
  out.dark.resize(static_cast<std::size_t>(out.size) * static_cast<std::size_t>(out.size));
  for (int y = 0; y < out.size; ++y) {
    for (int x = 0; x < out.size; ++x) {
      out.dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(out.size) + static_cast<std::size_t>(x)] =
          qr.getModule(x, y);
    }
  }
  return out;
}

}  // namespace zc
