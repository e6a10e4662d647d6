#!/bin/bash
# nohup java -jar app.jar &
echo "starting & waiting" && echo 'a & b'
nohup java -jar app.jar > /dev/null 2>&1 < /dev/null &
node server.js &> /var/log/node.log &
cat <<EOF > /etc/motd
run me & forget
EOF
(cd /opt/worker && ./worker) > worker.log 2>&1 &
cd /opt/worker
nohup ./worker > worker.log 2>&1 &
{ ./a; ./b; } > /dev/null 2>&1 &
if true; then
  ./c >/dev/null 2>/dev/null &
fi
start_app() {
  ./d > d.log 2>&1 &
}
start_app
test -f x && echo "$(date) ok"
exec > /var/log/deploy.log 2>&1
python3 -m http.server &
