"""A delaying TCP proxy on 127.0.0.1: network latency in front of a system, for real.

    >>> with DelayingProxy("http://127.0.0.1:8000", delay=0.4) as proxy:
    ...     requests.get(f"{proxy.url}/health")   # answered about 0.4 s later than direct

Every byte the client sends is held for ``delay`` seconds before it goes on to the
upstream, as a slow link would hold it (a delay line, like ``tc netem delay``): a
request sent in several writes (headers, then body) is late by ``delay`` once, not per
write. Answers come back at once. The proxy runs its own event loop in a daemon thread
and stops itself after ``lifetime`` seconds, so a test that forgets it cannot hang.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from types import TracebackType
from urllib.parse import urlsplit

CHUNK = 65536


class DelayingProxy:
    def __init__(self, upstream: str, *, delay: float, lifetime: float = 300.0) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.delay = delay
        self.lifetime = lifetime
        self.held = 0  # how many chunks from clients were delayed: traffic went through
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stopped = asyncio.Event()
        self._thread = threading.Thread(target=self._run, name="delaying-proxy", daemon=True)

    def __enter__(self) -> DelayingProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the delaying proxy did not start within 10s")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(10)

    def _run(self) -> None:
        self._loop.run_until_complete(self._serve())
        self._loop.close()

    async def _serve(self) -> None:
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._ready.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopped.wait(), self.lifetime)
        server.close()
        # Open connections are cancelled with the loop's remaining tasks.
        for task in asyncio.all_tasks() - {asyncio.current_task()}:
            task.cancel()
        await server.wait_closed()

    async def _connection(self, client: asyncio.StreamReader, back: asyncio.StreamWriter) -> None:
        try:
            upstream, forth = await asyncio.open_connection(*self.upstream)
        except OSError:
            back.close()
            return
        line: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        pumps = [
            asyncio.create_task(self._hold(client, line)),
            asyncio.create_task(self._release(line, forth)),
            asyncio.create_task(_pump(upstream, back)),
        ]
        try:
            # Either side closing ends the connection, as a proxy's would.
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pump in pumps:
                pump.cancel()
            for writer in (forth, back):
                writer.close()

    async def _hold(
        self, client: asyncio.StreamReader, line: asyncio.Queue[tuple[float, bytes]]
    ) -> None:
        loop = asyncio.get_running_loop()
        while True:
            data = await client.read(CHUNK)
            await line.put((loop.time() + self.delay, data))
            if not data:
                break
            self.held += 1
        await asyncio.Future()  # the client is done sending; its answer may still come

    async def _release(
        self, line: asyncio.Queue[tuple[float, bytes]], forth: asyncio.StreamWriter
    ) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due, data = await line.get()
            await asyncio.sleep(max(0.0, due - loop.time()))
            if not data:
                if forth.can_write_eof():
                    forth.write_eof()
                break
            forth.write(data)
            await forth.drain()
        await asyncio.Future()  # the upstream closing ends the connection


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(CHUNK):
        writer.write(data)
        await writer.drain()
