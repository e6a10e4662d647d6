Write-Host "deploy"
