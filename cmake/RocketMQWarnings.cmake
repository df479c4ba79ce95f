# rmq_set_warnings(<target>): the project's warning set, applied per target so that
# third-party code compiled in the same tree (none today) is not affected.
function(rmq_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
    -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference)
  if(RMQ_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
