"""Shared fixtures: the repository, the rasd CLI binary and a sample of SaudiNewsNet."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any, Dict, List

import pytest

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
SAUDINEWSNET = SHARED / "data" / "saudinewsnet"
SEED = REPO / "examples" / "aleppo.txt"


def _cli() -> str | None:
    """The rasd binary: $RASD_BIN, else the newest of target/{release,debug}/rasd of
    $CARGO_TARGET_DIR or the repository (an older release build would compare the package with
    stale code), else `rasd` on PATH."""
    if os.environ.get("RASD_BIN"):
        return os.environ["RASD_BIN"]
    targets = [Path(os.environ["CARGO_TARGET_DIR"])] if os.environ.get("CARGO_TARGET_DIR") else []
    targets.append(REPO / "target")
    for target in targets:
        built = [target / profile / "rasd" for profile in ("release", "debug")]
        built = [path for path in built if path.is_file()]
        if built:
            return str(max(built, key=lambda path: path.stat().st_mtime))
    return shutil.which("rasd")


@pytest.fixture(scope="session")
def cli() -> str:
    path = _cli()
    if path is None:
        pytest.skip("no rasd binary: build it with `cargo build --release` or set RASD_BIN")
    return path


def run_cli(cli: str, args: List[str], stdin: bytes | None = None) -> List[Dict[str, Any]]:
    """The JSON Lines records of `rasd extract --format jsonl ARGS`."""
    out = subprocess.run(
        [cli, "extract", "--format", "jsonl", *args],
        input=stdin,
        stdout=subprocess.PIPE,
        check=True,
    ).stdout
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def saudinewsnet_sample(count: int) -> List[Dict[str, Any]]:
    """The first `count` articles of SaudiNewsNet, in file order (days in name order), each a
    dict as the corpus gives it, with an `id` (day and position) so outputs can be compared."""
    docs: List[Dict[str, Any]] = []
    for archive in sorted(SAUDINEWSNET.glob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            for member in sorted(z.namelist()):
                if not member.endswith(".json"):
                    continue
                for n, article in enumerate(json.loads(z.read(member)), start=1):
                    article = dict(article)
                    article["id"] = f"{archive.stem}:{n}"
                    docs.append(article)
                    if len(docs) == count:
                        return docs
    return docs


@pytest.fixture(scope="session")
def sample() -> List[Dict[str, Any]]:
    if not SAUDINEWSNET.is_dir():
        pytest.skip(f"SaudiNewsNet not found at {SAUDINEWSNET}")
    return saudinewsnet_sample(200)
