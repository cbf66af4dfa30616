"""The Dask path (`pipeline.dask_run`, `bulletins run --dask`): bulletins processed on the workers
of a cluster (here a LocalCluster of 2 worker processes) give the records of a local run, as a
dataset of part files that pandas, pyarrow and Dask read as one."""

from __future__ import annotations

import json
import logging
import socket

import pytest

distributed = pytest.importorskip(
    "distributed", reason="the Dask path needs the dask extra: pip install -c requirements.lock '.[dask]'"
)

import pandas as pd  # noqa: E402

from pipeline import dask_run  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.dask_run import PART_TABLES, partitions  # noqa: E402
from pipeline.models import Document, Reject  # noqa: E402
from pipeline.publish import check_output  # noqa: E402
from pipeline.run import run as local_run  # noqa: E402

# Bulletins of our own. b4 retells b1 (a near-duplicate in another partition: linked across
# partitions), b6 reports b3's happening again in other words (a repeated event); the line that
# is not JSON and the second b2 are input rejects between the documents.
RECORDS = [
    {
        "id": "b1",
        "published": "2024-05-02",
        "text": "أجرى قسم جراحة القلب بمستشفى بنغازي الطبي 9 عمليات قلب مفتوح ناجحة خلال الأسبوع الماضي "
        "بإشراف فريق طبي وطني.",
    },
    {
        "id": "b2",
        "published": "2024-05-02",
        "text": "افتتح مدير مركز سبها الطبي وحدة جديدة للعناية المركزة تضم 12 سريراً مجهزة بأحدث الأجهزة.",
    },
    "{not json",
    {
        "id": "b3",
        "published": "2024-05-03",
        "text": "أوفدت وزارة الصحة 25 مريضاً إلى تونس لاستكمال العلاج على نفقة الدولة يوم 2 مايو 2024.",
    },
    {
        "id": "b4",
        "published": "2024-05-03",
        "text": "بنغازي - أجرى قسم جراحة القلب بمستشفى بنغازي الطبي 9 عمليات قلب مفتوح ناجحة خلال الأسبوع "
        "الماضي بإشراف فريق طبي وطني، وفق بيان صادر عن إدارة المستشفى.",
    },
    {"id": "b2", "text": "نص آخر يحمل معرفاً مكرراً."},
    {
        "id": "b5",
        "published": "2024-05-04",
        "text": "استقبل قسم الطوارئ بمستشفى الخضراء العام 140 حالة خلال عطلة نهاية الأسبوع.\n"
        "ووصلت إلى مستشفى طبرق الطبي شحنة من الأدوية تزن 6 أطنان.",
    },
    {
        "id": "b6",
        "published": "2024-05-04",
        "text": "وزارة الصحة توفد 25 مريضاً للعلاج في تونس يوم 2 مايو 2024 على نفقة الدولة.",
    },
    {
        "id": "b7",
        "published": "2024-05-05",
        "text": "نفذ مركز طرابلس الطبي 4 عمليات زراعة كلى ناجحة.\n"
        "وأصدر وزير الصحة القرار رقم 215 لسنة 2024 بشأن تنظيم العمل في المراكز الصحية الريفية.",
    },
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    src = tmp_path_factory.mktemp("in") / "news.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in RECORDS]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [src]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def dask_out(inputs, cluster, tmp_path_factory):
    out = tmp_path_factory.mktemp("dask") / "out"
    result = dask_run.run(inputs, out, scheduler=cluster.scheduler_address, partition_size=2, progress=False)
    return out, result


@pytest.fixture(scope="module", params=[1, 2], ids=["jobs1", "jobs2"])
def local_out(request, inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"local{request.param}") / "out"
    result = local_run(inputs, out, progress=False, jobs=request.param)
    return out, result


def test_jsonl_parts_are_the_local_documents_jsonl(dask_out, local_out):
    (dask, result), (local, expected) = dask_out, local_out
    parts = sorted((dask / "documents.jsonl").iterdir())
    assert [p.name for p in parts] == [
        "part-00000.jsonl",
        "part-00001.jsonl",
        "part-00002.jsonl",
        "part-00003.jsonl",
    ]
    assert b"".join(p.read_bytes() for p in parts) == (local / "documents.jsonl").read_bytes()
    assert (result.documents, result.events, result.rejects) == (expected.documents, expected.events, 2)
    for name in ("rejects.jsonl", "signatures.jsonl", "schema.json"):
        assert (dask / name).read_bytes() == (local / name).read_bytes(), name


def test_links_cross_partitions(dask_out):
    """The near-duplicate and the repeated event lie in other parts than the bulletins they repeat."""
    docs = {}
    for part in sorted((dask_out[0] / "documents.jsonl").iterdir()):
        for line in part.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            docs[record["doc_id"]] = (part.name, record)
    assert docs["b4"][1]["duplicate_of"] == "b1" and docs["b4"][0] != docs["b1"][0]
    sent = {e["cluster_id"] for e in docs["b3"][1]["events"]}
    assert sent & {e["cluster_id"] for e in docs["b6"][1]["events"]} and docs["b6"][0] != docs["b3"][0]


@pytest.mark.parametrize("table", [t.name for t in PART_TABLES])
def test_parquet_folders_read_as_the_local_tables(dask_out, local_out, table):
    got = pd.read_parquet(dask_out[0] / f"{table}.parquet")
    expected = pd.read_parquet(local_out[0] / f"{table}.parquet")
    assert len(expected) > 0
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # inside dask.dataframe, with pandas 3.1
def test_dask_and_pyarrow_read_the_dataset(dask_out):
    import dask.bag
    import dask.dataframe
    import pyarrow.dataset

    folder = dask_out[0]
    event_ids = list(pd.read_parquet(folder / "events.parquet")["event_id"])
    assert len(event_ids) == dask_out[1].events > 0
    events = dask.dataframe.read_parquet(folder / "events.parquet").compute(scheduler="sync")
    assert list(events["event_id"]) == event_ids
    assert pyarrow.dataset.dataset(folder / "events.parquet").to_table()["event_id"].to_pylist() == event_ids
    lines = dask.bag.read_text(str(folder / "documents.jsonl" / "*.jsonl")).map(json.loads)
    assert [d["doc_id"] for d in lines.compute(scheduler="sync")] == [
        "b1",
        "b2",
        "b3",
        "b4",
        "b5",
        "b6",
        "b7",
    ]


def test_manifest_lists_the_parts(dask_out):
    manifest = json.loads((dask_out[0] / "manifest.json").read_text(encoding="utf-8"))
    names = {f["name"] for f in manifest["files"]}
    assert "events.parquet/part-00003.parquet" in names and "documents.jsonl/part-00000.jsonl" in names
    assert manifest["counts"] == {"documents": 7, "events": dask_out[1].events, "rejects": 2}
    assert manifest["options"]["dask"] == {"partition_size": 2}


def test_cli_rerun_replaces_the_parts(inputs, cluster, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["run", *map(str, inputs), "--out", str(out), "--dask", cluster.scheduler_address]
    assert main([*argv, "--partition-size", "3"]) == 1  # rejects: the exit status of a local run
    assert len(list((out / "events.parquet").iterdir())) == 3
    assert "7 documents, " in capsys.readouterr().err
    assert main([*argv, "--partition-size", "100", "--progress"]) == 1
    err = capsys.readouterr().err
    assert "note:" not in err  # a rerun's folders of parts are outputs, not "files of its own"
    assert "7 documents, " in err and "rejected" in err
    assert "bulletins: 7doc " in err  # the bar counts bulletins (their total is not known)
    assert [p.name for p in (out / "events.parquet").iterdir()] == ["part-00000.parquet"]  # no stale part


def test_against_a_local_run_marks_what_it_had(cluster, inputs, local_out, tmp_path):
    out = tmp_path / "again"
    dask_run.run(inputs, out, scheduler=cluster.scheduler_address, against=[local_out[0]], progress=False)
    again = [
        json.loads(line) for line in (out / "documents.jsonl" / "part-00000.jsonl").open(encoding="utf-8")
    ]
    assert [d["seen_in"] for d in again] == [d["doc_id"] for d in again]


def test_rejects_alone_give_an_empty_dataset_with_its_columns(cluster, tmp_path):
    src = tmp_path / "in" / "broken.jsonl"
    src.parent.mkdir()
    src.write_text('{not json\n{"id": "x", "text": ""}\n', encoding="utf-8")
    result = dask_run.run([src], tmp_path / "out", scheduler=cluster.scheduler_address, progress=False)
    assert (result.documents, result.rejects) == (0, 2)
    for table in PART_TABLES:
        frame = pd.read_parquet(tmp_path / "out" / f"{table.name}.parquet")
        assert len(frame) == 0 and list(frame.columns) == [c.name for c in table.columns], table.name
    assert (tmp_path / "out" / "documents.jsonl" / "part-00000.jsonl").read_bytes() == b""


# --------------------------------------------------------------------------- partitions


def _items(pattern: str) -> list[Document | Reject]:
    return [
        Document(doc_id=f"d{i}", text="نص") if c == "D" else Reject(path=f"r{i}", reason="unreadable")
        for i, c in enumerate(pattern)
    ]


@pytest.mark.parametrize(
    "pattern, size, expected",
    [
        ("DDDD", 2, ["DD", "DD"]),
        ("DDRDD", 2, ["DD", "RDD"]),
        ("RDDD", 2, ["RDD", "D"]),
        ("DDR", 2, ["DD", "R"]),  # the rejects after the last document: a partition of their own
        ("DRD", 1, ["D", "RD"]),
        ("RR", 3, ["RR"]),
        ("", 2, []),
    ],
)
def test_partitions_cut_after_size_documents(pattern, size, expected):
    got = partitions(_items(pattern), size)
    assert ["".join("D" if isinstance(i, Document) else "R" for i in part) for part in got] == expected


@pytest.mark.parametrize("size", [0, -3])
def test_a_partition_holds_at_least_one_bulletin(inputs, tmp_path, size):
    with pytest.raises(ValueError, match="partition_size must be at least 1"):
        dask_run.run(inputs, tmp_path / "out", scheduler="local", partition_size=size)
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- the output folder


@pytest.mark.parametrize(
    "files, note",
    [
        (["manifest.json", "events.parquet/part-00000.parquet", "documents.jsonl/part-00000.jsonl"], False),
        (["manifest.json", "report.html", "report/bulletins-0001.html"], False),
        (["manifest.json", "events.parquet/part-00000.parquet", "events.parquet/notes.txt"], True),
        (["manifest.json", "thesis/chapter1.docx"], True),
        (["manifest.json", "drafts/"], True),  # an empty folder may be the user's
    ],
)
def test_folders_of_parts_are_outputs(tmp_path, files, note):
    out = tmp_path / "out"
    for name in files:
        path = out / name
        if name.endswith("/"):
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x", encoding="utf-8")
    notes = check_output([tmp_path / "in"], out)
    assert any("holds files of its own" in n for n in notes) == note


# --------------------------------------------------------------------------- the command line


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--partition-size", "5"], "--partition-size goes with --dask"),
        (["--dask", "local", "--format", "spacy"], "--format is not written by a --dask run"),
        (["--dask", "tcp://127.0.0.1:{port}"], "no Dask scheduler answers at tcp://127.0.0.1:"),
    ],
)
def test_cli_dask_errors(inputs, tmp_path, capsys, monkeypatch, extra, message):
    monkeypatch.setattr(dask_run, "CONNECT_TIMEOUT", "1s")
    extra = [a.format(port=_free_port()) for a in extra]
    assert main(["run", *map(str, inputs), "--out", str(tmp_path / "out"), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_scheduler_without_workers(inputs, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(dask_run, "CONNECT_TIMEOUT", "1s")
    with distributed.LocalCluster(n_workers=0, dashboard_address=":0", silence_logs=logging.ERROR) as empty:
        argv = ["run", *map(str, inputs), "--out", str(tmp_path / "out"), "--dask", empty.scheduler_address]
        assert main(argv) == 2
    assert f"the Dask scheduler at {empty.scheduler_address} has no worker" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_help_explains_dask(capsys):
    assert main(["run", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--dask ADDRESS" in text and "--partition-size N" in text and "'local'" in text
