"""Commands in, events out (issue 14, item 1): a route, CLI command or engine loop builds a
command and hands it to the :class:`~valvo.services.bus.messagebus.MessageBus`; the command's
handler owns the transaction (load, decide, commit, return); the events it emitted on its unit
of work are published once, after the commit, by the bus."""
