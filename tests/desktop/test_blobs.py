"""The content-addressed attachment store: files live under their SHA-256."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

import cmms_desktop.store.blobs as blobs
from cmms_desktop.store.blobs import BlobStore


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _pseudo_random(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")


def test_bytes_are_stored_under_their_hash(store: BlobStore, tmp_path: Path) -> None:
    data = b"Notice de la presse P-101"
    sha256 = store.add_bytes(data)
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert store.path_for(sha256) == tmp_path / "blobs" / sha256[:2] / sha256
    assert store.path_for(sha256).read_bytes() == data
    assert store.has(sha256)
    assert not store.has(hashlib.sha256(b"other").hexdigest())


def test_the_same_content_is_stored_once(store: BlobStore, tmp_path: Path) -> None:
    data = _pseudo_random(10_000)
    source = tmp_path / "photo.jpg"
    source.write_bytes(data)
    copy = tmp_path / "same-photo-other-name.jpg"
    copy.write_bytes(data)

    first = store.add_bytes(data)
    assert store.add_bytes(data) == first
    assert store.add_file(source) == (first, len(data))
    assert store.add_file(copy) == (first, len(data))
    # one file, and no temporary file left behind by the duplicates
    assert _files(tmp_path / "blobs") == [store.path_for(first)]


def test_different_contents_get_different_files(store: BlobStore, tmp_path: Path) -> None:
    hashes = {store.add_bytes(_pseudo_random(100, seed)) for seed in range(5)}
    assert len(hashes) == 5
    assert len(_files(tmp_path / "blobs")) == 5


def test_add_file_hashes_a_large_file_across_chunks(store: BlobStore, tmp_path: Path) -> None:
    data = _pseudo_random(2 * blobs.CHUNK + 12_345)  # two full chunks and a partial one
    source = tmp_path / "video.mp4"
    source.write_bytes(data)
    sha256, size = store.add_file(source)
    assert (sha256, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert store.path_for(sha256).read_bytes() == data
    assert source.read_bytes() == data  # the original is left alone
    assert _files(tmp_path / "blobs") == [store.path_for(sha256)]


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 3 * 4096])
def test_chunk_boundaries(
    store: BlobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    # a small chunk makes every boundary case cheap to reach
    monkeypatch.setattr(blobs, "CHUNK", 4096)
    data = _pseudo_random(size)
    source = tmp_path / "document.pdf"
    source.write_bytes(data)
    assert store.add_file(source) == (hashlib.sha256(data).hexdigest(), size)
    assert store.path_for(hashlib.sha256(data).hexdigest()).read_bytes() == data


class _SpyingReader:
    """A binary file that records the size of every read asked of it."""

    def __init__(self, path: Path, reads: list[int]) -> None:
        self._file = path.open("rb")
        self._reads = reads

    def __enter__(self) -> _SpyingReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._file.close()

    def read(self, size: int = -1) -> bytes:
        self._reads.append(size)
        return self._file.read(size)


def test_add_file_reads_in_chunks(
    store: BlobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 200 MB video must not be read into memory at once.
    monkeypatch.setattr(blobs, "CHUNK", 4096)
    data = _pseudo_random(10 * 4096 + 1)
    source = tmp_path / "big.bin"
    source.write_bytes(data)
    reads: list[int] = []
    spy = _SpyingReader(source, reads)

    class SourcePath(type(source)):  # type: ignore[misc]
        def open(self, *_args: object, **_kwargs: object) -> _SpyingReader:
            return spy

    assert store.add_file(SourcePath(source))[0] == hashlib.sha256(data).hexdigest()
    assert len(reads) >= 11
    assert all(0 < size <= 4096 for size in reads)


def test_export_copies_the_content_out(store: BlobStore, tmp_path: Path) -> None:
    data = _pseudo_random(50_000)
    sha256 = store.add_bytes(data)
    destination = tmp_path / "export" / "schéma électrique.pdf"
    destination.parent.mkdir()
    store.export(sha256, destination)
    assert destination.read_bytes() == data
    assert store.path_for(sha256).read_bytes() == data  # still in the store


def test_export_of_an_unknown_hash_fails(store: BlobStore, tmp_path: Path) -> None:
    missing = hashlib.sha256(b"never stored").hexdigest()
    with pytest.raises(FileNotFoundError):
        store.export(missing, tmp_path / "out.bin")
    assert not (tmp_path / "out.bin").exists()
