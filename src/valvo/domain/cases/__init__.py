"""Case lifecycles: the monitoring sentence from report to last day, and the travel ban."""
