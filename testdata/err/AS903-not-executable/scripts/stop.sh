#!/bin/bash
set -e
echo "stop.sh"
