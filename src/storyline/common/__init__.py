"""Small helpers shared by several analytics: stop words and union-find."""
