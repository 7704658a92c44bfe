# Installing, and the two Debian packages CPack makes from it
# (scripts/package.sh runs this):
#   village-kiosk    kiosk, kioskctl, /etc/village-kiosk/kiosk.conf (a
#                    conffile), the units, the udev rule for sticks, docs
#   township-office  township, its LAN hub unit and backup timer
# Units and udev rules go under /lib, as Debian 12 still wants them. The
# Depends lines come from dpkg-shlibdeps (the libraries the programs link)
# plus the packages used at run time and not linked (fonts, espeak-ng).
set(PKG ${CMAKE_CURRENT_LIST_DIR})
set(PKG_OUT ${CMAKE_BINARY_DIR}/packaging)

# man pages and changelogs, compressed as Debian wants (gzip -9n: no name, no time)
set(PKG_GZ "")
foreach(page kiosk.1 kioskctl.1 township.1)
  add_custom_command(OUTPUT ${PKG_OUT}/${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PKG_OUT}
    COMMAND sh -c "gzip -9n -c \"$0\" > \"$1\"" ${PKG}/man/${page} ${PKG_OUT}/${page}.gz
    DEPENDS ${PKG}/man/${page} VERBATIM)
  list(APPEND PKG_GZ ${PKG_OUT}/${page}.gz)
endforeach()
foreach(name village-kiosk township-office)
  file(READ ${PKG}/changelog.in _cl)
  string(REPLACE "@PKG@" ${name} _cl "${_cl}")
  string(REPLACE "@VERSION@" ${PROJECT_VERSION} _cl "${_cl}")
  file(WRITE ${PKG_OUT}/${name}/changelog "${_cl}")
  add_custom_command(OUTPUT ${PKG_OUT}/${name}/changelog.gz
    COMMAND sh -c "gzip -9n -c \"$0\" > \"$1\"" ${PKG_OUT}/${name}/changelog
            ${PKG_OUT}/${name}/changelog.gz
    DEPENDS ${PKG}/changelog.in VERBATIM)
  list(APPEND PKG_GZ ${PKG_OUT}/${name}/changelog.gz)
endforeach()
add_custom_target(package_docs ALL DEPENDS ${PKG_GZ})

# village-kiosk
install(TARGETS kiosk kioskctl RUNTIME DESTINATION bin COMPONENT kiosk)
install(FILES ${PKG}/kiosk/kiosk.conf DESTINATION /etc/village-kiosk COMPONENT kiosk)
install(FILES ${PKG}/kiosk/village-kiosk.service ${PKG}/kiosk/village-kiosk-x11.service
              ${PKG}/kiosk/village-kiosk-backup.service ${PKG}/kiosk/village-kiosk-backup.timer
              ${PKG}/kiosk/village-kiosk-eject.path ${PKG}/kiosk/village-kiosk-eject.service
        DESTINATION /lib/systemd/system COMPONENT kiosk)
install(FILES ${PKG}/kiosk/90-village-kiosk-usb.rules DESTINATION /lib/udev/rules.d COMPONENT kiosk)
install(PROGRAMS ${PKG}/kiosk/stick-mount ${PKG}/kiosk/stick-eject DESTINATION libexec/village-kiosk COMPONENT kiosk)
install(FILES ${PKG}/copyright ${PKG_OUT}/village-kiosk/changelog.gz DESTINATION share/doc/village-kiosk
        COMPONENT kiosk)
install(FILES ${CMAKE_SOURCE_DIR}/kiosk.conf DESTINATION share/doc/village-kiosk RENAME kiosk.conf.example
        COMPONENT kiosk)
install(FILES ${PKG_OUT}/kiosk.1.gz ${PKG_OUT}/kioskctl.1.gz DESTINATION share/man/man1 COMPONENT kiosk)

# township-office
install(TARGETS township RUNTIME DESTINATION bin COMPONENT township)
install(FILES ${PKG}/township/default DESTINATION /etc/default RENAME township-office COMPONENT township)
install(FILES ${PKG}/township/township-office.service ${PKG}/township/township-office-backup.service
              ${PKG}/township/township-office-backup.timer
        DESTINATION /lib/systemd/system COMPONENT township)
install(FILES ${PKG}/copyright ${PKG_OUT}/township-office/changelog.gz DESTINATION share/doc/township-office
        COMPONENT township)
install(FILES ${PKG_OUT}/township.1.gz DESTINATION share/man/man1 COMPONENT township)

file(WRITE ${PKG_OUT}/village-kiosk/conffiles "/etc/village-kiosk/kiosk.conf\n")
file(WRITE ${PKG_OUT}/township-office/conffiles "/etc/default/township-office\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "village kiosk maintainers <maintainers@users.noreply.r-seed-37543f00.example>")
set(CPACK_PACKAGE_VENDOR "village kiosk maintainers")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk township)
set(CPACK_COMPONENTS_GROUPING IGNORE)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/cpack) # scripts/package.sh copies the .debs to dist/
set(CPACK_OUTPUT_FILE_PREFIX "")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/village-kiosk")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME village-kiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "adduser, systemd, udev, fonts-noto-cjk, fonts-babelstone-han, fonts-hanazono, espeak-ng")
set(CPACK_DEBIAN_KIOSK_PACKAGE_SUGGESTS "xinit, xserver-xorg")
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "touch kiosk for a village Party-mass service centre
A fullscreen touch screen for the village service centre: members check in
to activity days, read notices, log volunteer hours and see their record;
the secretary manages attendance behind a PIN and exports signed bundles for
the township on a USB stick. It runs on the console without a desktop
(systemd unit, KMSDRM), mounts sticks itself, and keeps daily backups.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    ${PKG}/kiosk/postinst ${PKG}/kiosk/prerm ${PKG}/kiosk/postrm ${PKG_OUT}/village-kiosk/conffiles)

set(CPACK_DEBIAN_TOWNSHIP_PACKAGE_NAME township-office)
set(CPACK_DEBIAN_TOWNSHIP_PACKAGE_DEPENDS "adduser, systemd, fonts-noto-cjk, fonts-babelstone-han, fonts-hanazono")
set(CPACK_COMPONENT_TOWNSHIP_DESCRIPTION "township office tool for the village kiosks
The township Party office's side of the village kiosks: enrols kiosks,
merges their bundles without duplicates, signs acknowledgements, update
packages and setup sticks, writes the monthly and quarterly reviews (XLSX
and charts), and serves the LAN hub as a systemd service, with daily
backups of its database.")
set(CPACK_DEBIAN_TOWNSHIP_PACKAGE_CONTROL_EXTRA
    ${PKG}/township/postinst ${PKG}/township/prerm ${PKG}/township/postrm ${PKG_OUT}/township-office/conffiles)
include(CPack)
