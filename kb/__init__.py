"""Eras: a knowledge base of deep learning's history, told as eras and scaling axes."""

__version__ = "0.1.0"
