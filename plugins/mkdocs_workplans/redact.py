"""Credentials in URLs are never printed.

A link like ``https://user:token@host/`` (or an inventory, ``site_url`` or redirect
target written that way) would otherwise be echoed into CI logs and reports. Every
finding passes its message and hint through :func:`redact_credentials`, so no output
format can show them, whichever check made the finding.
"""

from __future__ import annotations

import re

USERINFO_RE = re.compile(r"(?<=://)[^/?#\s@]*@")
"""What stands between ``scheme://`` and ``@`` in an authority: no ``/``, so matching is linear."""


def redact_credentials(text: str) -> str:
    """``text`` with the user information of every URL in it replaced by ``***``."""
    if "@" not in text or "://" not in text:
        return text
    return USERINFO_RE.sub("***@", text)
