"""conflictlens: sourced, structured pictures of armed conflicts from news and opinion articles."""
from .pipeline import __version__

__all__ = ["__version__"]
