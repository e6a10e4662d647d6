
# setup
#!/bin/bash
echo late
