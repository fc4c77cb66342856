"""The engine's application steps (issue 14, item 3): compiling orders, plans and zones into
rule sets (``compile``), turning a batch's breaches into alarms (``intake``), and the ports
and the write set the engine hands its store once per batch (``ports``). Plain rows in, domain
objects out: no SQL here."""
