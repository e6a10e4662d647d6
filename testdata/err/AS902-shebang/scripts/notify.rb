puts "deployed"
