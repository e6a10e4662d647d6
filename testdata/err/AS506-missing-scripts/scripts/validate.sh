#!/bin/bash
set -e
echo "validate.sh"
