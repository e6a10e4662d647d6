#!/bin/bash
cd /opt/worker && nohup ./worker > worker.log 2>&1 &
