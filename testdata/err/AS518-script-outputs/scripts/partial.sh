#!/usr/bin/env bash
java -jar app.jar > app.log &
