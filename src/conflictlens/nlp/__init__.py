"""NLP: the only package that imports spaCy. Loads the model once per process."""
from .model import build_nlp, sentences_of

__all__ = ["build_nlp", "sentences_of"]
