#!/bin/bash
set -e
echo "install.sh"
