// The dashboard's static files (HTML, CSS, JavaScript), compiled into the program from
// assets/ by embed_assets.cmake.
#ifndef ROCKETMQ_TOOLS_DASHBOARD_ASSETS_H_
#define ROCKETMQ_TOOLS_DASHBOARD_ASSETS_H_

#include <cstddef>
#include <vector>

namespace rocketmq {
namespace dashboard {

struct Asset {
  const char* path;  // "/index.html"
  const char* content_type;
  const unsigned char* data;
  size_t size;
};

const std::vector<Asset>& Assets();

}  // namespace dashboard
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_DASHBOARD_ASSETS_H_
