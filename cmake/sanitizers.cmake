# -DCDK_SANITIZE=address,undefined  or  -DCDK_SANITIZE=thread
set(CDK_SANITIZE "" CACHE STRING "Sanitizers to build with (address,undefined | thread)")
if(CDK_SANITIZE)
  add_compile_options(-fsanitize=${CDK_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${CDK_SANITIZE})
endif()
