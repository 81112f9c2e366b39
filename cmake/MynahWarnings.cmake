# SPDX-License-Identifier: GPL-3.0-or-later
# Strict warnings for Mynah's own code only: third-party headers come in as SYSTEM includes,
# and JUCE's own sources must not get -Werror (GCC 12 warns inside them).

# The options themselves, into ${out_var}; further arguments go in before the sanitizer exception.
function(mynah_strict_warning_options out_var)
  set(options -Wall -Wextra -Werror -Wshadow ${ARGN})
  if(MYNAH_SANITIZE)
    # GCC 12's -Wmaybe-uninitialized misfires inside libstdc++ (std::regex, pulled in by Catch2) once
    # -fsanitize=address instruments it; the sanitizers themselves check what that warning guesses at.
    list(APPEND options -Wno-maybe-uninitialized)
  endif()
  set(${out_var} ${options} PARENT_SCOPE)
endfunction()

# Every source of a target of Mynah's own.
function(mynah_strict_warnings target)
  mynah_strict_warning_options(options)
  target_compile_options(${target} PRIVATE ${options})
endfunction()

# Mynah's sources inside a JUCE target (whose module sources are compiled into the same target):
#   mynah_strict_juce_sources(SOURCES a.cpp b.cpp [TARGET_DIRECTORY target])
# JUCE's headers are included as system headers for these files.
function(mynah_strict_juce_sources)
  cmake_parse_arguments(ARG "" "TARGET_DIRECTORY" "SOURCES" ${ARGN})
  mynah_strict_warning_options(options -isystem ${JUCE_MODULES_DIR})
  if(ARG_TARGET_DIRECTORY)
    set_source_files_properties(${ARG_SOURCES} TARGET_DIRECTORY ${ARG_TARGET_DIRECTORY}
      PROPERTIES COMPILE_OPTIONS "${options}")
  else()
    set_source_files_properties(${ARG_SOURCES} PROPERTIES COMPILE_OPTIONS "${options}")
  endif()
endfunction()
