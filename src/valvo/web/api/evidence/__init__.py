"""Crime matching for the police, and signed evidence packages."""
