"""Uploaded files are kept unaltered; their SHA-256 proves it later."""

from __future__ import annotations

import hashlib


def sha256_of(file) -> str:
    """Digest of an uploaded file, read in chunks; the file is rewound for saving afterwards."""
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
