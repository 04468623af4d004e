# wakesim_layer(NAME DIRECTORY DEPENDS <layers> LIBRARIES <third-party targets>)
#
# One static library per layer (docs/architecture.md, 'Dependency order'):
# wakesim_<NAME>, exported as wakesim::<NAME>, built from DIRECTORY/*.cpp, with
# its headers in DIRECTORY/include/wakesim/<NAME>/. A layer's include directory
# reaches only its own headers, and a layer links only the layers below it, so an
# include of a layer above (or beside) it is not found and fails the build.
function(wakesim_layer name)
  cmake_parse_arguments(LAYER "" "DIRECTORY" "DEPENDS;LIBRARIES" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${LAYER_DIRECTORY}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "/main\\.cpp$")
  add_library(wakesim_${name} STATIC ${sources})
  add_library(wakesim::${name} ALIAS wakesim_${name})
  set_target_properties(wakesim_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(wakesim_${name} PUBLIC
      $<BUILD_INTERFACE:${LAYER_DIRECTORY}/include>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set(layers)
  foreach(dependency IN LISTS LAYER_DEPENDS)
    list(APPEND layers wakesim_${dependency})
  endforeach()
  target_link_libraries(wakesim_${name} PUBLIC ${layers} ${LAYER_LIBRARIES})
  wakesim_strict(wakesim_${name})
  set_property(GLOBAL APPEND PROPERTY WAKESIM_LAYERS wakesim_${name})
  install(DIRECTORY ${LAYER_DIRECTORY}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()
