# cdk_set_warnings(target): the project's warning set, errors included.
# GCC 12's -Wextra flags designated initializers that leave fields out
# (Props{.versioned = true}); that is the construct-props idiom, so it is off.
function(cdk_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual
    -Wno-missing-field-initializers -Werror)
endfunction()
