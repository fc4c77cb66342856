"""The gl200 protocol: ``decoder`` (with the splitter, unless a module of its own holds
it) and the modules it reads with."""
