"""Turn the preview's state into HTTP on 127.0.0.1: its page, its script, its PNGs and a stream of updates.

Only what is listed here is served: the files of `static/` by exact path,
`/state.json`, `/events` (server-sent events: the state now and after each
rebuild) and `/pages/<digest>.png` for the PNGs of the pages shown now or
just before. A path is never joined to a folder, so `..`, absolute paths
and encoded tricks find nothing; there is no directory listing. Requests
naming another host (a DNS name rebound to 127.0.0.1) are refused.
"""

from __future__ import annotations

import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pamphleteer.errors import UserError

HOST = "127.0.0.1"
STATIC = Path(__file__).with_name("static")
FILES = {  # path -> (file in static/, content type)
    "/": ("index.html", "text/html; charset=utf-8"),
    "/preview.js": ("preview.js", "text/javascript; charset=utf-8"),
    "/preview.css": ("preview.css", "text/css; charset=utf-8"),
}
PNG = re.compile(r"/pages/([0-9a-f]{16}\.png)")
KEEPALIVE_SECONDS = 10  # a comment line this often, so a closed tab's stream is noticed and ended
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; frame-ancestors 'none'",
}


class Hub:
    """The latest state as JSON bytes, and a wake-up for every stream waiting for the next."""

    def __init__(self, state: bytes) -> None:
        self.state, self.version, self.closed = state, 0, False
        self.pngs: frozenset[str] = frozenset()  # the PNG names that may be served
        self._changed = threading.Condition()

    def publish(self, state: bytes, pngs: frozenset[str]) -> None:
        with self._changed:
            self.state, self.pngs, self.version = state, pngs, self.version + 1
            self._changed.notify_all()

    def next(self, after: int, timeout: float) -> tuple[int, bytes | None]:
        """The state once its version passes `after`, or None after `timeout` seconds or on closing."""
        with self._changed:
            self._changed.wait_for(lambda: self.version > after or self.closed, timeout)
            return (self.version, self.state) if self.version > after and not self.closed else (after, None)

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def serve(hub: Hub, folder: Path, *, port: int = 0) -> ThreadingHTTPServer:
    """A server on 127.0.0.1:`port` (0: any free port) answering from `hub` and the PNGs in `folder`."""

    class Handler(_Handler):
        pass

    Handler.hub, Handler.folder = hub, folder
    try:
        server = _Server((HOST, port), Handler)
    except OSError as error:
        raise UserError(f"cannot serve on {HOST}:{port}: {error.strerror}; "
                        "expected a free port (--port N, or --port 0 for any free one)") from None
    Handler.hosts = {f"{HOST}:{server.server_port}", f"localhost:{server.server_port}"}
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # open event streams do not keep the command from ending

    def handle_error(self, request, client_address) -> None:
        """A page closed while it was being answered is no error; anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    hub: Hub
    folder: Path
    hosts: set[str]
    server_version = "pamphleteer-preview"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        if self.headers.get("Host") not in self.hosts:
            self._send(403, b"only this computer's own address is served\n", "text/plain; charset=utf-8")
        elif path in FILES:
            name, kind = FILES[path]
            self._send(200, (STATIC / name).read_bytes(), kind, cache="no-store")
        elif path == "/state.json":
            self._send(200, self.hub.state, "application/json", cache="no-store")
        elif path == "/events":
            self._stream()
        elif (match := PNG.fullmatch(path)) and match[1] in self.hub.pngs:
            self._send(200, (self.folder / match[1]).read_bytes(), "image/png", cache="max-age=86400, immutable")
        else:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def _send(self, status: int, body: bytes, kind: str, *, cache: str = "no-store") -> None:
        self.send_response(status)
        for name, value in {**HEADERS, "Content-Type": kind, "Content-Length": str(len(body)),
                            "Cache-Control": cache}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        """The state now, then each new one, as server-sent events, until the page or the server closes."""
        self.send_response(200)
        for name, value in {**HEADERS, "Content-Type": "text/event-stream", "Cache-Control": "no-store"}.items():
            self.send_header(name, value)
        self.end_headers()
        version, state = self.hub.version, self.hub.state
        try:
            while not self.hub.closed:
                self.wfile.write(b"data: " + state + b"\n\n" if state is not None else b": still here\n\n")
                self.wfile.flush()
                version, state = self.hub.next(version, KEEPALIVE_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
        """Requests are not logged: the command prints builds, not page loads."""
