#!/bin/bash
set -e

yum install -y java-17
