"""Pop-ups, tray icon and notification centre of the logged-in user."""
