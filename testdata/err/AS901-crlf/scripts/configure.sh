#!/bin/sh
set -e
cd /opt/app
./configure
