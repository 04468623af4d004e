# Compiler settings shared by every wakesim target.

# wakesim_strict(target): warnings on, and errors for our own code. Third-party
# headers come in as SYSTEM includes through their imported targets, so they do
# not trip -Werror.
# The fuzz build (clang) keeps the warnings but not -Werror: the warning policy is
# gcc's, and clang warns of other things (-Woverloaded-virtual on SystemC's
# sc_object::trace).
function(wakesim_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast)
  if(NOT WAKESIM_FUZZ)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(WAKESIM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# The fuzz build (scripts/fuzz.sh): clang's libFuzzer needs every library
# instrumented for coverage (fuzzer-no-link), and findings include sanitizer
# reports, so the whole build is instrumented; fuzz/ links the fuzzer runtime.
if(WAKESIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "WAKESIM_FUZZ needs clang (CC=clang CXX=clang++): libFuzzer is clang's")
  endif()
  if(WAKESIM_SANITIZE)
    message(FATAL_ERROR "WAKESIM_FUZZ already builds with the sanitizers: leave WAKESIM_SANITIZE off")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
