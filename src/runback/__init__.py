"""runback: coaches injured runners back to running, with their clinicians in the loop."""

__version__ = "0.1.0"
