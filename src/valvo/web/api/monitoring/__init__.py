"""People, orders, zones and devices; the caseload board, positions, the subject page;
quarantine."""
