#!/bin/sh
# démarre le serveur (ISO-8859-1)
/opt/app/démon --port 80 &
