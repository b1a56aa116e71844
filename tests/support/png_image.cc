#include "support/png_image.h"

#include <png.h>

#include <stdexcept>
#include <string>

namespace gotrace::testing {

PngImage decodePng(const std::vector<uint8_t>& file) {
  // libpng's simplified API: any PNG, converted to 8-bit RGB.
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, file.data(), file.size())) {
    throw std::runtime_error(std::string("png: ") + image.message);
  }
  image.format = PNG_FORMAT_RGB;
  PngImage out;
  out.width = image.width;
  out.height = image.height;
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  const png_color white{255, 255, 255};  // what a transparent screenshot pixel shows
  if (!png_image_finish_read(&image, &white, out.rgb.data(), 0, nullptr)) {
    const std::string message = image.message;
    png_image_free(&image);
    throw std::runtime_error("png: " + message);
  }
  return out;
}

}  // namespace gotrace::testing
