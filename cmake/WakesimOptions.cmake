# Compiler settings shared by every wakesim target.

# wakesim_strict(target): warnings on, and errors for our own code. Third-party
# headers come in as SYSTEM includes through their imported targets, so they do
# not trip -Werror.
function(wakesim_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast -Werror)
endfunction()

if(WAKESIM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
