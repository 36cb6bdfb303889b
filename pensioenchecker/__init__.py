"""Pensioenchecker: net pension income in the Netherlands, exact to the cent and explained.

The core package holds no Qt: model, rules, projection and CLI run anywhere, from one household
in the desktop app to a pension fund's member file in batch.
"""

__version__ = "0.1.0"
