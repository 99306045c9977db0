# Install rules and the Debian package (CPack DEB). Included last from the top
# CMakeLists.txt, once every program target exists.
#
# Layout (prefix /usr in the .deb, /usr/local for a plain `make install`):
#   <prefix>/bin/wz-kiosk, wz-check, wz-stats, wz-collector
#   <prefix>/share/wz-kiosk/assets/...        fonts (with their licence), images
#   <prefix>/share/wz-kiosk/scenarios/...     bundled scenarios (copied to the data folder
#                                             on first install)
#   <prefix>/share/doc/wz-kiosk/              copyright, changelog, deployment, configuration,
#                                             staff guide, upload protocol
#   /etc/wz-kiosk/kiosk.ini                   example settings (a conffile: kept on upgrade)
#   /lib/systemd/system/wz-kiosk.service      cage + wz-kiosk on tty1 as user wz-kiosk
#   /usr/libexec/wz-kiosk/wz-kiosk-session    what the unit runs: cage around wz-kiosk
#   /lib/systemd/system/wz-collector.service  the collector, for the Partnership's server
#                                             (installed, never enabled by the package)
#   /etc/pam.d/wz-kiosk                       the session that unit opens
#   /usr/lib/tmpfiles.d/wz-kiosk.conf         /var/lib/wz-kiosk, /media/wz-kiosk
#   /lib/udev/rules.d/90-wz-kiosk-usb.rules   mounts USB sticks for the kiosk user
# The system files use absolute paths on purpose: systemd, PAM and udev read only these.
if(WZ_FUZZ)
  return()
endif()

set(WZ_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/wz-kiosk)
set(WZ_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/wz-kiosk)

# wz_paths.c falls back to the configured install location.
target_compile_definitions(wz_core PRIVATE
  WZ_INSTALL_DATADIR="${CMAKE_INSTALL_FULL_DATADIR}/wz-kiosk")

# Programs whose own CMakeLists.txt does not install them yet (installing twice is harmless).
foreach(prog wz-kiosk wz-stats)
  if(TARGET ${prog})
    install(TARGETS ${prog} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

install(DIRECTORY ${WZ_SOURCE_DIR}/assets/ DESTINATION ${WZ_SHARE_DIR}/assets)
# Draft narration for authors (docs/narration.md); it needs espeak-ng and vorbis-tools,
# which the kiosk itself does not, so they are suggested rather than required.
install(PROGRAMS ${WZ_SOURCE_DIR}/tools/wz-narrate DESTINATION ${CMAKE_INSTALL_BINDIR})
# The format guide's worked examples are for authors, not visitors: the content checks do
# not hold them to the library's rules, so they go with the documentation.
install(DIRECTORY ${WZ_SOURCE_DIR}/scenarios/ DESTINATION ${WZ_SHARE_DIR}/scenarios
  PATTERN examples EXCLUDE)
install(DIRECTORY ${WZ_SOURCE_DIR}/scenarios/examples/ DESTINATION ${WZ_DOC_DIR}/examples)
install(FILES ${WZ_SOURCE_DIR}/LICENSE DESTINATION ${WZ_DOC_DIR} RENAME copyright)
foreach(doc deployment.md configuration.md staff-guide.md privacy.md scenario-format.md
    upload-protocol.md narration.md)
  if(EXISTS ${WZ_SOURCE_DIR}/docs/${doc})
    install(FILES ${WZ_SOURCE_DIR}/docs/${doc} DESTINATION ${WZ_DOC_DIR})
  endif()
endforeach()

# The settings: never over a technician's own file (`make install` on a configured kiosk);
# the package stages into an empty tree, so it always gets the example.
install(CODE "
  set(_wz_ini \"\$ENV{DESTDIR}/etc/wz-kiosk/kiosk.ini\")
  if(EXISTS \"\${_wz_ini}\")
    message(STATUS \"Keeping the existing \${_wz_ini}\")
  else()
    file(INSTALL DESTINATION /etc/wz-kiosk TYPE FILE RENAME kiosk.ini
      PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
      FILES \"${WZ_SOURCE_DIR}/deploy/kiosk.ini.example\")
  endif()")
install(FILES ${WZ_SOURCE_DIR}/deploy/kiosk.ini.example DESTINATION ${WZ_DOC_DIR})
# Debian's changelog, compressed without a time stamp (reproducible).
set(WZ_CHANGELOG_GZ ${CMAKE_BINARY_DIR}/changelog.gz)
add_custom_command(OUTPUT ${WZ_CHANGELOG_GZ}
  COMMAND gzip -9nc ${WZ_SOURCE_DIR}/deploy/debian/changelog > ${WZ_CHANGELOG_GZ}
  DEPENDS ${WZ_SOURCE_DIR}/deploy/debian/changelog VERBATIM)
add_custom_target(wz_changelog ALL DEPENDS ${WZ_CHANGELOG_GZ})
install(FILES ${WZ_CHANGELOG_GZ} DESTINATION ${WZ_DOC_DIR})
install(FILES ${WZ_SOURCE_DIR}/deploy/wz-kiosk.service DESTINATION /lib/systemd/system)
install(PROGRAMS ${WZ_SOURCE_DIR}/deploy/wz-kiosk-session
  DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/wz-kiosk)
if(TARGET wz-collector)
  install(FILES ${WZ_SOURCE_DIR}/tools/wz-collector/wz-collector.service
    DESTINATION /lib/systemd/system)
endif()
install(FILES ${WZ_SOURCE_DIR}/deploy/pam.d/wz-kiosk DESTINATION /etc/pam.d)
install(FILES ${WZ_SOURCE_DIR}/deploy/wz-kiosk.tmpfiles
  DESTINATION /usr/lib/tmpfiles.d RENAME wz-kiosk.conf)
install(FILES ${WZ_SOURCE_DIR}/deploy/90-wz-kiosk-usb.rules DESTINATION /lib/udev/rules.d)

# ---- CPack: one .deb, `make deb` (cd build && cpack -G DEB) ----
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wz-kiosk)
set(CPACK_PACKAGE_VENDOR "Warning Zone e-safety kiosk authors")
set(CPACK_PACKAGE_CONTACT "Warning Zone kiosk maintainers <kiosk@warningzone.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Warning Zone e-safety kiosk: touchscreen scenarios on grooming and radicalisation")
set(CPACK_PACKAGE_DESCRIPTION
  "Plays Twine-compatible branching scenarios full-screen on a touchscreen, records\n anonymous statistics in SQLite and uploads per-day totals over HTTPS. Includes\n wz-check (scenario checker), wz-stats and wz-collector.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_RESOURCE_FILE_LICENSE ${WZ_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://www.warningzone.org.uk")
# Libraries are found by dpkg-shlibdeps; these are what the unit and postinst call.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# cage 0.1.4 will not start without Xwayland; SDL loads EGL and OpenGL (ES) at run time,
# which shlibdeps cannot see, and Mesa's drivers (libgl1-mesa-dri) are what they load.
# fonts-noto-ui-core: the Arabic (Urdu), Gujarati and Gurmukhi fonts, loaded only when a text
# needs them (docs/languages.md). python3: wz-narrate, the draft-narration tool staff run.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "cage, xwayland, libegl1, libgles2, libgl1, libegl-mesa0, libgl1-mesa-dri, fonts-noto-ui-core, python3, adduser, systemd, libpam-systemd, ca-certificates")
# Libraries the programs open themselves when first needed (wz_dynlib: libcurl),
# which shlibdeps cannot see either: the packages that hold them on the building system.
get_property(wz_opened GLOBAL PROPERTY WZ_OPENED_LIBS)
foreach(lib ${wz_opened})
  execute_process(COMMAND dpkg-query -S ${lib} OUTPUT_VARIABLE owner RESULT_VARIABLE rc
    ERROR_QUIET)
  if(rc EQUAL 0 AND owner MATCHES "^([^:, ]+)")
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", ${CMAKE_MATCH_1}")
  else()
    message(WARNING "no Debian package holds ${lib}: the .deb will not depend on it")
  endif()
endforeach()
# USB sticks: FAT and exFAT are read by Debian 12's kernel; NTFS needs ntfs-3g.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "ntfs-3g, espeak-ng, vorbis-tools")
# Stripped programs in the package; their debug symbols in wz-kiosk-dbgsym (.ddeb).
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
# Files in /etc are conffiles: dpkg keeps a technician's edits on upgrade.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${WZ_SOURCE_DIR}/deploy/debian/conffiles
  ${WZ_SOURCE_DIR}/deploy/debian/postinst
  ${WZ_SOURCE_DIR}/deploy/debian/prerm
  ${WZ_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
