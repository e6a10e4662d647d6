#!/bin/bash
cd /opt/app
nohup java -jar app.jar &
