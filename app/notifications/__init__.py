"""User notifications."""
