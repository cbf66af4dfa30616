"""Shared paths and helpers of the test suite.

The sample corpus is `corpus/`; the gold annotations live in `../shared/gold/`
beside the repository (as in CI). Tests that need the gold files skip when it
is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
GOLD_DIR = SHARED / "gold"
GOLD = GOLD_DIR / "seeds.gold.jsonl"
SEEDS_INPUT = GOLD_DIR / "seeds.input.jsonl"


def load_script(path: Path, name: str) -> ModuleType:
    """A script outside the package (bench/, scripts/, the shared score.py) imported as module
    `name`, registered in sys.modules (its dataclasses look their module up there)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def span(text: str, surface: str, model: type[BaseModel], **fields: Any) -> Any:
    """A span record (Entity, Quantity, DateMention ...) of the first `surface` in `text`."""
    start = text.index(surface)
    return model(text=surface, start=start, end=start + len(surface), **fields)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def table_rows(docs: list[dict]) -> dict[str, int]:
    """The rows each flat table must have for these documents.jsonl records (by table name;
    `aggregates` sums events over months and is not listed)."""
    events = [e for d in docs for e in d["events"]]
    grouped = [d for d in docs if d.get("duplicate_of")]
    return {
        "documents": len(docs),
        "entities": sum(len(d["entities"]) for d in docs),
        "quantities": sum(len(d["quantities"]) for d in docs),
        "decrees": sum(len(d["decrees"]) for d in docs),
        "dates": sum(len(d["dates"]) for d in docs),
        "events": len(events),
        "event_organizations": sum(len(e["organizations"]) for e in events),
        "event_clusters": len({e["cluster_id"] for e in events}),
        "duplicates": len(grouped) + len({d["duplicate_of"] for d in grouped}),  # each group's first too
    }


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    if not GOLD.is_file():
        pytest.skip(f"no gold file at {GOLD}")
    return read_jsonl(GOLD)


@pytest.fixture(scope="session")
def seeds_input() -> Path:
    if not SEEDS_INPUT.is_file():
        pytest.skip(f"no seeds input at {SEEDS_INPUT}")
    return SEEDS_INPUT
