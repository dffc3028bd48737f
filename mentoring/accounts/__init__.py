"""Accounts and their security: brute-force lockout (django-axes), TOTP
two-factor login (django-otp) and the client address behind a reverse proxy."""
