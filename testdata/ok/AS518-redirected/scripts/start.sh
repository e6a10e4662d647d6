#!/bin/bash
cd /opt/app
nohup java -jar app.jar > /var/log/app.log 2>&1 < /dev/null &
