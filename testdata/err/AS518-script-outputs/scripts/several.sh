#!/bin/sh
./api 2>&1 > api.log &
./worker | tee worker.log &
( ./scheduler ) &
case "$1" in
  start) ./queue & ;;
esac
