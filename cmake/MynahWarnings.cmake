# SPDX-License-Identifier: GPL-3.0-or-later
# Strict warnings for Mynah's own targets only: third-party headers come in as SYSTEM includes,
# and JUCE's own sources (later) must not get -Werror (GCC 12 warns inside them).
function(mynah_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow)
  if(MYNAH_SANITIZE)
    # GCC 12's -Wmaybe-uninitialized misfires inside libstdc++ (std::regex, pulled in by Catch2) once
    # -fsanitize=address instruments it; the sanitizers themselves check what that warning guesses at.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
endfunction()
