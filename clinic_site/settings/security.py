"""Security headers and admin hardening (filled in by the security work)."""
