Write-Host "install"
