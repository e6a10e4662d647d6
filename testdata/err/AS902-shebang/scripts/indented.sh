  #!/bin/bash
echo indented
