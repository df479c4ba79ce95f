# All third-party dependencies are found here, once, from the system's packages
# (scripts/setup.sh installs them). Nothing is vendored or downloaded by the build.
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(jsoncpp CONFIG REQUIRED)
# The remoting header's JSON form is read with simdjson (the hot path of Java clients' requests);
# jsoncpp reads and writes everything else.
find_package(simdjson CONFIG REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBEVENT REQUIRED IMPORTED_TARGET libevent_core>=2.1 libevent_pthreads libevent_openssl)

if(TARGET JsonCpp::JsonCpp)
  set(RMQ_JSONCPP_TARGET JsonCpp::JsonCpp)
elseif(TARGET jsoncpp_lib)
  set(RMQ_JSONCPP_TARGET jsoncpp_lib)
else()
  set(RMQ_JSONCPP_TARGET jsoncpp_static)
endif()

# yaml-cpp 0.8 exports yaml-cpp::yaml-cpp, 0.7 (Debian 12) plain yaml-cpp.
if(TARGET yaml-cpp::yaml-cpp)
  set(RMQ_YAMLCPP_TARGET yaml-cpp::yaml-cpp)
else()
  set(RMQ_YAMLCPP_TARGET yaml-cpp)
endif()

if(RMQ_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
