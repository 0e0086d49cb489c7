"""Helpers for the book: load models, read the residual stream with nnsight, find directions, SAEs, steering.

Chapters import the modules they need (`from lib import activations, directions`); this file stays light so that
`import lib` is fast and needs no GPU.
"""
__version__ = "0.1.0"
