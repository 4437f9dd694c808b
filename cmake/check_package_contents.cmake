# CPack pre-build script (cmake/packaging.cmake): runs after the install into
# CPack's staging directory and before the .deb is made, and stops packaging
# when a file the package cannot work without is missing.
foreach(required usr/bin/brigade usr/share/brigade/web/index.html etc/brigade/brigade.toml
                 lib/systemd/system/brigade.service lib/systemd/system/brigade-backup.service
                 lib/systemd/system/brigade-backup.timer usr/share/brigade/backup-nightly.sh)
  if(NOT EXISTS "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/${required}")
    message(FATAL_ERROR "brigade package: /${required} is missing from ${CPACK_TEMPORARY_INSTALL_DIRECTORY}"
                        " (the web apps: npm run build --workspace web, then package again)")
  endif()
endforeach()
