# What `cmake --install` lays out and how CPack turns that into a Debian
# package (`scripts/package.sh`; docs/operations.md, "Packaging and service").
#
#   bin/brigade                       the server
#   share/brigade/web/                the built web apps (web/dist)
#   share/doc/brigade/                README.md and docs/
#   etc/brigade/brigade.toml          sample config        (.deb: /etc/brigade/brigade.toml, a conffile)
#   lib/systemd/system/brigade.service the systemd unit    (.deb: /lib/systemd/system/brigade.service)
#   lib/systemd/system/brigade-backup.{service,timer}      the nightly backup (docs/operations.md)
#   share/brigade/backup-nightly.sh   what brigade-backup.service runs: a backup, the newest N kept
#
# Included from the top CMakeLists.txt after apps/brigade, so the brigade
# target exists.

include(GNUInstallDirs)

# The web apps are built by npm (`npm run build --workspace web`, run by
# scripts/setup.sh before cmake), not by CMake: install whatever is in
# web/dist at install time, and say so when it is missing, since a server
# without them still runs the API.
set(BRIGADE_WEB_DIST "${PROJECT_SOURCE_DIR}/web/dist"
    CACHE PATH "The built web apps to install into share/brigade/web (npm run build --workspace web)")

install(TARGETS brigade RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(CODE "
  if(NOT EXISTS \"${BRIGADE_WEB_DIST}/index.html\")
    message(WARNING \"${BRIGADE_WEB_DIST}/index.html is missing: the web apps are not installed \"
                    \"(build them with: npm run build --workspace web)\")
  endif()")
# .build-stamp is scripts/setup.sh's rebuild marker, not part of the apps;
# source maps (web/vite.config.ts makes none, an older web/dist may hold
# some) would publish the apps' source.
install(DIRECTORY "${BRIGADE_WEB_DIST}/" DESTINATION ${CMAKE_INSTALL_DATADIR}/brigade/web OPTIONAL
        PATTERN ".build-stamp" EXCLUDE PATTERN "*.map" EXCLUDE)

install(PROGRAMS packaging/backup-nightly.sh DESTINATION ${CMAKE_INSTALL_DATADIR}/brigade)

install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB brigade_docs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/docs/*.md")
install(FILES ${brigade_docs} docs/openapi.yaml DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# The config and the unit live outside the prefix on a Debian system: with
# prefix /usr (a distribution package; CPack below installs with it) the
# config goes to /etc as GNUInstallDirs does for that prefix, and the unit to
# /lib/systemd/system, Debian 12's systemdsystemunitdir. Any other prefix
# keeps both under it (etc/brigade, lib/systemd/system; systemd also reads
# /usr/local/lib/systemd/system). GNUInstallDirs decides this at configure
# time; it is decided here at install time because `cmake --install
# --prefix` and CPack both choose the prefix after configuring. file(INSTALL)
# adds $DESTDIR itself.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(brigade_config_dir \"/etc/brigade\")
    set(brigade_unit_dir \"/lib/systemd/system\")
  else()
    set(brigade_config_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SYSCONFDIR}/brigade\")
    set(brigade_unit_dir \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\")
  endif()
  file(INSTALL DESTINATION \"\${brigade_config_dir}\" TYPE FILE
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
       FILES \"${PROJECT_SOURCE_DIR}/packaging/brigade.toml\")
  file(INSTALL DESTINATION \"\${brigade_unit_dir}\" TYPE FILE
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
       FILES \"${PROJECT_SOURCE_DIR}/packaging/brigade.service\"
             \"${PROJECT_SOURCE_DIR}/packaging/brigade-backup.service\"
             \"${PROJECT_SOURCE_DIR}/packaging/brigade-backup.timer\")")

# ---- CPack: the .deb ------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME brigade)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Brigade maintainers <brigade@example.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "real-time order and kitchen server (Socket.IO)")
set(CPACK_PACKAGE_DESCRIPTION
    "Brigade stores a restaurant's orders in SQLite and pushes every change to the\n\
waiter apps, kitchen display screens and table displays that need it, over\n\
Socket.IO v5 (WebSocket or HTTP long-polling). It serves a REST API and the\n\
staff web apps on one port and runs as the systemd service brigade.")
# Everything is installed with prefix /usr and DESTDIR pointing at CPack's
# staging directory, so the absolute /etc and /lib paths above land inside
# the package rather than on the build machine.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
# A RelWithDebInfo binary is mostly debug info; Debian ships stripped ones.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # brigade_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from the binary (dpkg-shlibdeps, in dpkg-dev);
# adduser is what postinst creates the brigade user with.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# tzdata: the time zones of restaurants (common/time_zone), read at run time.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, tzdata")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/debian/conffiles"
    "${PROJECT_SOURCE_DIR}/packaging/debian/postinst"
    "${PROJECT_SOURCE_DIR}/packaging/debian/prerm"
    "${PROJECT_SOURCE_DIR}/packaging/debian/postrm")
# Maintainer scripts 0755 and conffiles 0644 whatever their mode in the
# checkout, as dpkg and lintian expect.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# A package without the web apps would install a server whose "/" is empty:
# refuse to build one.
set(CPACK_PRE_BUILD_SCRIPTS "${PROJECT_SOURCE_DIR}/cmake/check_package_contents.cmake")

include(CPack)
