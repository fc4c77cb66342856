"""Crime matching for the police (issue 16): intake of crime batches and matching runs."""
