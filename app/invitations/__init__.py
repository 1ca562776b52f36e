"""Invitation codes and inviter IDs, and the rewards they pay."""
