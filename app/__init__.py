"""asyncdesk: an asynchronous sign-up and help-desk backend."""
