"""The partner side of Valvo: the stakeholder registry of the cooperation guidelines
("Sidosryhmäyhteistyön linjaukset"; requirements S1–S101 in
``../shared/spec/stakeholder-requirements.md``), tied to the places where sentences are served.

Pure: every rule takes its data and ``today``/``now`` as parameters; nothing here does I/O.
"""
