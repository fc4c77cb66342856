"""The audit trail, retention and legal holds, the pilot's follow-up statistics."""
