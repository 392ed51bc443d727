"""Work in a forked process that hands back a stream of items, then one result.

A build parses every page before MkDocs renders the first one only if it must. Here a
forked child does the work (parse each page, then what needs the whole site) and sends
each item as soon as it is made, while the parent goes on with its own work on the other
core; the parent waits only for the item it needs next, and for the result at the end.

Hand-written because no library offers this shape: ``concurrent.futures`` and
``multiprocessing.Pool`` return a task's result when the whole task is done, not a stream
of items followed by a result from the same process that still holds the items. Items
travel as pickles over an anonymous pipe between this process and its own fork: the
same trust as the pool's workers, and nothing read from outside (untrusted input never
arrives as a pickle).

A thread of the parent only moves the child's messages into memory as bytes, so the
child never waits for the parent; the parent unpickles an item in its own thread, when it
asks for it, which keeps the memory it allocates in the main thread's arena.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Items per message: fewer messages, and the first pages are still there at once.
CHUNK = 8


class ForkFailed(RuntimeError):
    """The child raised (the message holds its traceback) or ended without a result."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Forked(Generic[Item, Result]):
    """``work(emit)`` run in a forked child: ``item(n)`` is the n-th item it emitted, ``result()`` what it returned."""

    def __init__(
        self, work: Callable[[Callable[[Item], None]], Result], decode: Callable[[bytes], Any] = pickle.loads
    ) -> None:
        """``decode``: how the parent unpickles a message (``pickle.loads``, or a wrapper around it)."""
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(work, sending), daemon=True)
        self._process.start()
        sending.close()
        self._decode = decode
        self._messages: list[bytes] = []
        self._ended = False
        self._arrived = threading.Condition()
        self._read = 0
        self._items: list[Item] = []
        self._result: tuple[str, Any] | None = None
        self._reader = threading.Thread(target=self._receive, args=(receiving,), daemon=True)
        self._reader.start()

    def _receive(self, connection: Connection) -> None:
        try:
            while True:
                try:
                    message = connection.recv_bytes()
                except (EOFError, OSError):
                    break
                with self._arrived:
                    self._messages.append(message)
                    self._arrived.notify()
        finally:
            connection.close()
            with self._arrived:
                self._ended = True
                self._arrived.notify()

    def _next_message(self) -> bool:
        """Decode the next message (waiting for it); ``False`` once there is none left."""
        with self._arrived:
            while self._read == len(self._messages) and not self._ended:
                self._arrived.wait()
            if self._read == len(self._messages):
                return False
            message = self._messages[self._read]
            self._messages[self._read] = b""  # decoded once: its bytes need not stay
            self._read += 1
        kind, payload = self._decode(message)
        if kind == "items":
            self._items.extend(payload)
        else:
            self._result = (kind, payload)
        return True

    def item(self, index: int) -> Item:
        """The ``index``-th item, once the child has sent it."""
        while index >= len(self._items):
            if self._result is not None or not self._next_message():
                raise self._failure()
        return self._items[index]

    def result(self) -> Result:
        """What ``work`` returned; every item has arrived by then."""
        while self._result is None:
            if not self._next_message():
                raise self._failure()
        self._reader.join()
        self._process.join()
        kind, payload = self._result
        if kind != "result":
            raise ForkFailed(str(payload))
        result: Result = payload
        return result

    def _failure(self) -> ForkFailed:
        if self._result is not None and self._result[0] == "failed":
            return ForkFailed(str(self._result[1]))
        self._process.join(timeout=10)  # it closed the pipe: it is ending, and then its exit code is known
        return ForkFailed(f"the analysing process ended early (exit code {self._process.exitcode})")


def _child(work: Callable[[Callable[[Any], None]], Any], connection: Connection) -> None:
    chunk: list[Any] = []

    def send(kind: str, payload: Any) -> None:
        connection.send_bytes(pickle.dumps((kind, payload), pickle.HIGHEST_PROTOCOL))

    def emit(item: Any) -> None:
        chunk.append(item)
        if len(chunk) == CHUNK:
            send("items", chunk)
            chunk.clear()

    try:
        outcome: tuple[str, Any] = ("result", work(emit))
    except BaseException:  # the parent reports it; this process only ends
        outcome = ("failed", traceback.format_exc())
    try:
        if chunk:
            send("items", chunk)
        send(*outcome)
    finally:
        connection.close()
