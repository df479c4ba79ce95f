# rmq_set_warnings(<target>): the project's warning set, applied per target so that
# third-party code compiled in the same tree (none today) is not affected.
function(rmq_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor
    -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # Shadowing within a function is the bug class worth catching; GCC can restrict to it.
    target_compile_options(${target} PRIVATE -Wshadow=local)
  elseif(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -Wshadow-uncaptured-local -Wthread-safety)
  endif()
  if(RMQ_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
