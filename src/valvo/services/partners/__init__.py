"""Use cases of the partner registry (issue 7): records, plans, attendance, search, import."""
