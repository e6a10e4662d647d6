set -e
if [[ -d /opt/app ]]; then rm -rf /opt/app; fi
