set -e
systemctl restart app
systemctl is-active app