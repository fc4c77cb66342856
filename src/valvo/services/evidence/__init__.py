"""Evidence packages (issue 16 item 4): what a package holds, how it is gathered and built.

A package is about a person and a period; an alarm or a crime match only adds what it is about
(``PackageRequest``). ``gather`` reads everything from the unit of work; an ``EvidencePacker``
(``adapters/evidence``) lays it out as the signed ZIP with the PDF reports."""
