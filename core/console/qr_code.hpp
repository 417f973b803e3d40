// The QR code of a short text (the device flow's verification address), as a grid of modules for a view
// to draw. Built on Project Nayuki's QR Code generator 1.8.0 (MIT), taken from Debian's source package
// qr-code-generator at setup (docs/TOOLCHAIN.md "QR codes"); no platform code, so the wasm view and the
// native tests share it.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace zc {

/// The longest text make_qr_code() encodes, in bytes: far above any verification address, and far below
/// what the largest QR code holds at medium error correction (2,331 bytes), so encoding cannot fail.
inline constexpr std::size_t kMaxQrTextBytes = 1024;

/// A square of `size` x `size` modules, row by row (`dark[y * size + x]`), without the quiet zone (the
/// drawer leaves 4 modules of light margin, ISO/IEC 18004). size 0: nothing to draw.
struct QrCode {
  int size = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)]; }
};

/// The QR code of `text` (byte mode, error correction medium, raised when it fits in the same version);
/// size 0 for an empty text or one over kMaxQrTextBytes.
QrCode make_qr_code(std::string_view text);

}  // namespace zc
