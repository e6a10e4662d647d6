print "deployed\n";
