#!/bin/sh
exec ./configure --prefix=/opt/app
