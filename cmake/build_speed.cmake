# Build-time levers. docs/testing.md gives what each one saved, measured on
# 2 cores; every lever can be turned off to check that it hides nothing.

# ccache when it is installed, never required. The sloppiness lets it cache
# translation units that use a precompiled header; the base directory makes
# its hits independent of where the tree is checked out.
option(BRIGADE_CCACHE "Compile through ccache when it is installed" ON)
if(BRIGADE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(BRIGADE_CCACHE_PROGRAM ccache)
  if(BRIGADE_CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER
        ${CMAKE_COMMAND} -E env
        CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
        CCACHE_BASEDIR=${PROJECT_SOURCE_DIR}
        ${BRIGADE_CCACHE_PROGRAM})
    message(STATUS "ccache: ${BRIGADE_CCACHE_PROGRAM}")
  endif()
endif()

# mold links the test binaries and the server several times faster than
# GNU ld; lld is the fallback. Both are Debian packages.
option(BRIGADE_FAST_LINKER "Link with mold (or lld) when it is installed" ON)
if(BRIGADE_FAST_LINKER)
  include(CheckCXXSourceCompiles)
  foreach(linker mold lld)
    find_program(BRIGADE_LINKER_${linker} ld.${linker})
    if(BRIGADE_LINKER_${linker})
      set(CMAKE_REQUIRED_LINK_OPTIONS -fuse-ld=${linker})
      check_cxx_source_compiles("int main() { return 0; }" BRIGADE_LINKER_${linker}_WORKS)
      unset(CMAKE_REQUIRED_LINK_OPTIONS)
      if(BRIGADE_LINKER_${linker}_WORKS)
        add_link_options(-fuse-ld=${linker})
        message(STATUS "linker: ${linker}")
        break()
      endif()
    endif()
  endforeach()
endif()

# Precompiled headers: each layer precompiles the heavy third-party headers
# it uses (Asio, Beast, nlohmann, spdlog, GoogleTest), so a translation unit
# parses them once per target instead of once per file. Only third-party
# headers go in: a project header missing an include still fails
# scripts/check-headers.sh, which compiles every header alone.
option(BRIGADE_PCH "Precompile the heavy third-party headers per target" ON)
function(brigade_precompile target)
  if(BRIGADE_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# Unity builds for the unit tests: a layer's test files compile a few to a
# translation unit, so GoogleTest's and the layer's templates are
# instantiated once per batch instead of once per file.
option(BRIGADE_UNITY_TESTS "Compile the unit tests' files in batches (unity build)" ON)
set(BRIGADE_UNITY_BATCH 6 CACHE STRING "Test files per unity translation unit")
function(brigade_unity target)
  if(BRIGADE_UNITY_TESTS)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${BRIGADE_UNITY_BATCH})
  endif()
endfunction()
