"""Evidence packages as files: the signed ZIP (``bundle.py``), its offline check
(``verify.py``), the PDF report (``report.py``) and the service's Ed25519 key (``signing.py``).
The format is described in docs/evidence.md."""
