#!/usr/bin/env python3
import subprocess
subprocess.Popen(['x']) if 1 & 1 else None
