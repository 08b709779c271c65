"""chidao: scanned Vietnamese directives to a searchable, trackable record."""

__version__ = "0.2.0"
