Write-Host "register"
