#!/bin/bash
set -e
echo "common.sh"
