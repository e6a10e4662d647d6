pkill -f app.jar || true
