<?php echo "deployed\n";
