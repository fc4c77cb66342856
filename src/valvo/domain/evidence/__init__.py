"""Evidence for the police and the courts: crime intake and crime-scene matching
(docs/evidence.md)."""
