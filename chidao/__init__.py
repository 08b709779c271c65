"""chidao: scanned Vietnamese directives to a searchable, trackable record."""

__version__ = "0.1.0"
