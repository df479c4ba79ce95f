# Install rules: headers, libraries, CMake package config (find_package(RocketMQ)) and pkg-config.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk-cpp/include/rocketmq
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT RocketMQTargets
  NAMESPACE rocketmq::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RocketMQ)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/RocketMQConfig.cmake.in
  ${PROJECT_BINARY_DIR}/RocketMQConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RocketMQ)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/RocketMQConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/RocketMQConfig.cmake
              ${PROJECT_BINARY_DIR}/RocketMQConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RocketMQ)

configure_file(${PROJECT_SOURCE_DIR}/cmake/rocketmq.pc.in ${PROJECT_BINARY_DIR}/rocketmq.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rocketmq.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
