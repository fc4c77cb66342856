"""PDF rendering of the case documents (fpdf2)."""
