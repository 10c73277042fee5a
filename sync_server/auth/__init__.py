"""Authentication: tokens, login throttling and history, password resets, e-mail."""
