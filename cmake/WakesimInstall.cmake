# `cmake --install` of the layers as an exported CMake package, so that another
# project can `find_package(wakesim)` and link wakesim::iommu, wakesim::power,
# wakesim::models, ... (examples/embedding uses it; docs/embedding.md).
include(CMakePackageConfigHelpers)

get_property(layers GLOBAL PROPERTY WAKESIM_LAYERS)
install(TARGETS ${layers} wakesim_models wakesim
        EXPORT wakesimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(WAKESIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wakesim)
install(EXPORT wakesimTargets NAMESPACE wakesim:: DESTINATION ${WAKESIM_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/wakesimConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/wakesimConfig.cmake
                              INSTALL_DESTINATION ${WAKESIM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wakesimConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wakesimConfig.cmake ${PROJECT_BINARY_DIR}/wakesimConfigVersion.cmake
        DESTINATION ${WAKESIM_CMAKE_DIR})
