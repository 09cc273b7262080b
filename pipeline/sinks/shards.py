"""A folder of output shards, on any filesystem pyarrow reaches (local, ``s3://``, ``gs://``).

For batches too big for one file: ``-o records/`` writes ``records/part-00000.jsonl``, … and
``-o records.parquet`` writes ``records.parquet/part-00000.parquet``, …, each shard holding
up to ``SHARD_SIZE`` items in input order. Parquet columns are typed from the record JSON
Schema (one field list), so every shard has the same schema whatever its values.
Needs pyarrow (the ``ray`` extra).
"""

from pathlib import Path
from typing import Any

from pipeline.records.validate import schema
from pipeline.jsonl import dumps

SHARD_SIZE = 10_000
ERROR_FIELDS = ("input", "stage", "reason", "sha256")


def is_folder_output(target: str) -> bool:
    """Shards, not one file: a name ending with ``/`` or ``.parquet``, or an existing folder."""
    return target.endswith(("/", ".parquet")) or ("://" not in target and Path(target).is_dir())


def errors_folder(target: str) -> str:
    """Where the error entries of a folder output go: ``records/`` -> ``records.errors/``."""
    stem = target.rstrip("/")
    if stem.endswith(".parquet"):
        return stem.removesuffix(".parquet") + ".errors.parquet"
    return stem + ".errors/"


class ShardWriter:
    """Items written in order into numbered shards; a shard is written whole, when full or at close."""

    def __init__(self, target: str, *, kind: str) -> None:
        from pyarrow import fs

        location = target.rstrip("/") if "://" in target else str(Path(target).resolve())
        self.filesystem, self.root = fs.FileSystem.from_uri(location if "://" in location else f"file://{location}")
        self.filesystem.delete_dir_contents(self.root, missing_dir_ok=True)  # --force: no shard of an older run left
        self.parquet = target.rstrip("/").endswith(".parquet")
        self.arrow_schema = _arrow_schema(kind) if self.parquet else None
        self.buffer: list[dict[str, Any]] = []
        self.shards = 0

    def write(self, item: dict[str, Any]) -> None:
        self.buffer.append(item)
        if len(self.buffer) >= SHARD_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        if self.shards == 0:
            self.filesystem.create_dir(self.root, recursive=True)
        path = f"{self.root}/part-{self.shards:05d}.{'parquet' if self.parquet else 'jsonl'}"
        if self.parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(self.buffer, schema=self.arrow_schema), path, filesystem=self.filesystem)
        else:
            with self.filesystem.open_output_stream(path) as stream:
                stream.write("".join(dumps(item) + "\n" for item in self.buffer).encode("utf-8"))
        self.buffer.clear()
        self.shards += 1

    def close(self) -> None:
        self.flush()


def _arrow_schema(kind: str) -> Any:
    import pyarrow as pa

    if kind == "errors":
        return pa.schema([(name, pa.string()) for name in ERROR_FIELDS])
    record = schema()
    return pa.schema(list(_arrow_type(record, record.get("definitions", {}))))


def _arrow_type(node: dict[str, Any], definitions: dict[str, Any]) -> Any:
    """The Arrow type of a JSON Schema node (for an object at the top: its fields)."""
    import pyarrow as pa

    if "$ref" in node:
        return _arrow_type(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
    if "anyOf" in node:
        return _arrow_type(next(option for option in node["anyOf"] if option.get("type") != "null"), definitions)
    if "const" in node or "enum" in node:
        return pa.string()
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    kind = next(kind for kind in kinds if kind != "null")
    if kind == "object":
        fields = [pa.field(name, _arrow_type(child, definitions)) for name, child in node["properties"].items()]
        return pa.struct(fields)
    if kind == "array":
        return pa.list_(_arrow_type(node["items"], definitions))
    return {"string": pa.string(), "number": pa.float64(), "integer": pa.int64(), "boolean": pa.bool_()}[kind]
