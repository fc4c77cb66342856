"""The case work: monitoring sentences, travel bans, breaches, documents."""
