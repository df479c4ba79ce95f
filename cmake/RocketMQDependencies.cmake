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

# The broker's allocator. glibc's malloc spent ~3,100 instructions per single 1 KiB send in
# the broker (20% of it; callgrind, 2026-12-07): a 1 KiB body or record is just above its
# per-thread cache's largest size, and the appender frees what the I/O thread allocated.
# jemalloc spent ~1,700, and the broker's CPU per async send fell 15-30% in alternated runs.
# Only the broker links it: the SDK leaves the allocator to the application. Sanitizers bring
# their own allocator, and the broker a pip build puts in the Python package must run where
# only the package was installed.
if(RMQ_SANITIZE OR SKBUILD)
  set(RMQ_BROKER_ALLOCATOR_DEFAULT system)
else()
  set(RMQ_BROKER_ALLOCATOR_DEFAULT jemalloc)
endif()
set(RMQ_BROKER_ALLOCATOR ${RMQ_BROKER_ALLOCATOR_DEFAULT} CACHE STRING
    "The broker's allocator: jemalloc or system (glibc's malloc)")
set_property(CACHE RMQ_BROKER_ALLOCATOR PROPERTY STRINGS jemalloc system)
if(RMQ_BROKER_ALLOCATOR STREQUAL "jemalloc")
  if(RMQ_SANITIZE)
    message(FATAL_ERROR "RMQ_SANITIZE=${RMQ_SANITIZE} replaces malloc; jemalloc cannot be "
                        "linked too: configure with -DRMQ_BROKER_ALLOCATOR=system")
  endif()
  pkg_check_modules(JEMALLOC IMPORTED_TARGET jemalloc)
  if(NOT JEMALLOC_FOUND)
    message(FATAL_ERROR "the broker links jemalloc, and pkg-config finds no jemalloc: run "
                        "scripts/setup.sh (Debian's libjemalloc-dev), or configure with "
                        "-DRMQ_BROKER_ALLOCATOR=system")
  endif()
elseif(NOT RMQ_BROKER_ALLOCATOR STREQUAL "system")
  message(FATAL_ERROR "RMQ_BROKER_ALLOCATOR is '${RMQ_BROKER_ALLOCATOR}'; it must be jemalloc "
                      "or system")
endif()

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
