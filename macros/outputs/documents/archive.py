"""Zip archives with fixed dates and order: the same data gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def normalise_zip(
    data: bytes,
    when: dt.datetime,
    first: tuple[str, ...] = (),
    stored: tuple[str, ...] = (),
    patch: dict[str, list[tuple[bytes, bytes]]] | None = None,
) -> bytes:
    """Rewrite a zip with entries in a fixed order (`first`, then sorted), one fixed date and fixed attributes."""
    patch = patch or {}
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {name: src.read(name) for name in src.namelist()}
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            content = entries[name]
            for old, new in patch.get(name, []):
                content = content.replace(old, new)
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, content, compresslevel=9 if name not in stored else None)
    return out.getvalue()


# --- DOCX ------------------------------------------------------------------------------------------
