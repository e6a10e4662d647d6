@echo off
echo before
