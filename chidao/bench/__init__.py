"""Benchmarks. Each module defines a click `command` that prints a rich table comparing the
pipeline against a named baseline measured in the same run. Heavy imports stay inside the
command so `chidao --help` stays fast."""
