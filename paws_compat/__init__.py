"""Amazon Connect Participant Service for Python, shaped like R's paws."""

__version__ = "0.1.0"
