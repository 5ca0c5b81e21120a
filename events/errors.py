"""The store's exceptions: the command boundary turns them into one clear line."""


class StoreError(Exception):
    """The database cannot be used as a chrono store."""


class ConcurrencyError(StoreError):
    """A stream's version was not the one the writer expected: someone else appended first."""

    def __init__(self, stream_id: str, expected: int, actual: int):
        super().__init__(
            f"stream {stream_id}: expected version {expected}, found {actual} (a concurrent writer appended first)"
        )
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
