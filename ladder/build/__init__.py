"""Building and releasing the templates."""
