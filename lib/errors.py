"""The few errors `lib` raises on purpose. Each message says what to do next."""


class BookError(Exception):
    """Base class: an error this library raises deliberately, with advice in the message."""


class BadInput(BookError, ValueError):
    """The arguments cannot work (layer out of range, one-class labels, unknown position, width mismatch...)."""


class ModelAccessError(BookError, OSError):
    """A model id is unknown, gated without a token, or its files cannot be found."""


class OutOfMemory(BookError, RuntimeError):
    """The accelerator ran out of memory even at the smallest batch; the message suggests what to shrink."""
