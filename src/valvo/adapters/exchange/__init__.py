"""The vendor-neutral monitoring record: one person's whole record as a documented ZIP package
(docs/exchange.md)."""
