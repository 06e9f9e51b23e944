"""Where ``chronicle serve`` listens, and which host names it answers.

A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and read a local
server through the reader's browser, but the browser still sends that name in ``Host``. So
the server answers only Host headers naming a loopback address, the address it is bound to,
or a name given with ``--allowed-host``. No FastAPI here: the CLI checks before it starts.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import socket
from collections.abc import Iterable

from chronicle.errors import ChronicleError

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
# A host name, `*.example.com`, `*`, or a bracketed IPv6 address (lower case).
_PATTERN = re.compile(r"\*|(\*\.)?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|\[[0-9a-f:.]+\]")
CONTEXT = "In `chronicle serve`"


def _bracketed(host: str) -> str:
    """An IPv6 address as a Host header carries it (``[::1]``); anything else as it is."""
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def host_patterns(allowed: Iterable[str] = (), bound: str | None = None) -> list[str]:
    """The Host names to answer (TrustedHostMiddleware patterns): the loopback names, the
    address the server is bound to, and ``allowed`` (a ChronicleError names one it cannot
    take)."""
    names = list(LOCAL_HOSTS)
    if bound and _PATTERN.fullmatch(value := _bracketed(bound.strip().lower())):
        names.append(value)
    for name in allowed:
        value = _bracketed(name.strip().lower())
        if not _PATTERN.fullmatch(value):
            raise ChronicleError("--allowed-host takes a host name, `*.example.com` or `*` "
                                 f"(got `{name}`)", context=CONTEXT)
        names.append(value)
    return list(dict.fromkeys(names))


def is_loopback(host: str) -> bool:
    """Whether ``host`` can be reached from this machine only (a name may resolve anywhere)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[] ")).is_loopback
    except ValueError:
        return False


def check_port(host: str, port: int) -> None:
    """Bind ``host:port`` as uvicorn will (every address the name has, SO_REUSEADDR, IPv6
    only on IPv6) and let go: a port in use or an address not of this machine is a one-line
    ChronicleError here, not uvicorn's log lines and exit 1 after the app is built."""
    try:
        found = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ChronicleError(f"cannot listen on {host}: {exc.strerror}") from None
    for family, kind, proto, _, address in found:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise ChronicleError(f"port {port} on {host} is in use "
                                         "(choose another with --port)") from None
                raise ChronicleError(f"cannot listen on {host} port {port}: "
                                     f"{exc.strerror or exc}") from None
