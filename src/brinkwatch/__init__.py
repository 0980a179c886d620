"""brinkwatch: a verified picture of a political crisis from news articles."""
__version__ = "0.1.0"
