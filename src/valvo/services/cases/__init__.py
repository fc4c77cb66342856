"""Use cases of the case work (issue 6): monitoring sentences and travel bans.

One function per command. Each takes a unit of work, the acting user and ``now``; rebuilds the
pure aggregate (``valvo.domain.cases``) from its rows, lets the domain decide, writes the rows,
appends a line to the case's timeline and records the step in the hash-chained audit trail, all
in the caller's one transaction. A step the law does not allow raises ``InvalidInput`` (or
``Conflict`` when the case is in the wrong state) with the rule's code, and nothing is stored.
"""
