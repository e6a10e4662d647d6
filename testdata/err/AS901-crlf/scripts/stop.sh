#!/bin/bash
systemctl stop app
