Write-Host "stop"
