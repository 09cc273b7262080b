"""The Ray engine against local worker processes, on the same CPUs and pages, side by side in one run.

    python benchmarks/ray_benchmark.py                  # 440 pages, 2 CPUs each
    python benchmarks/ray_benchmark.py --pages 40       # a quick look

The pages are those of ``extract_benchmark.py`` (samples, real pages of ``../shared/peer/``
where present, generated variants with distinct text). Each engine writes its records to a
JSON Lines file, as ``extract -o`` does. Printed:
- ``--workers N`` (``pipeline.run.run``) and Ray on a local cluster of N CPUs
  (``pipeline.distributed.run_on_ray``): pages per second from the first record to the last
  (start-up aside), wall time with start-up, and the ratio Ray / workers;
- where Ray's time goes: the cluster's start, reading (Ray Data's read tasks), extraction (the
  actors' time in the seam, per CPU), the driver's writing, and the driver waiting for records;
- the load average, since the machine may be shared.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

from extract_benchmark import make_pages  # noqa: E402

from pipeline.errors import Rejected  # noqa: E402
from pipeline.jsonl import write_line  # noqa: E402
from pipeline.records import as_json  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=440, help="distinct pages (default: 440)")
    parser.add_argument("--cpus", type=int, default=2, help="worker processes, and CPUs of Ray's cluster (default: 2)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--ray-first", action="store_true", help="run Ray before the workers (to see a drift in load)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pages = [str(path) for path in make_pages(Path(folder) / "pages", args.pages)]
        print(f"{len(pages)} distinct pages, {args.cpus} CPUs each; load average {load()} on {os.cpu_count()} cores",
              flush=True)
        runs = {}
        for engine in ("ray", "workers") if args.ray_first else ("workers", "ray"):
            measure_engine = measure_ray if engine == "ray" else measure_workers
            runs[engine] = measure_engine(pages, args, Path(folder))
        local, on_ray = runs["workers"], runs["ray"]
        cluster_start = on_ray["cluster start"]
        print(f"Ray / workers: {on_ray['rate'] / local['rate']:.2f}x after the first record, "
              f"{local['wall'] / (on_ray['wall'] + cluster_start):.2f}x in wall time")
        split(on_ray["stats"], on_ray, cluster_start, args.cpus)
        print(f"load average at the end: {load()}")


def measure_workers(pages: list[str], args: argparse.Namespace, folder: Path) -> dict:
    local = measure(lambda: local_outcomes(pages, args), folder / "local.jsonl")
    print(f"--workers {args.cpus}: {local['rate']:.2f} pages/s after the first record "
          f"(wall time {local['wall']:.1f} s with start-up); load average {load()}", flush=True)
    return local


def measure_ray(pages: list[str], args: argparse.Namespace, folder: Path) -> dict:
    import ray

    started = time.perf_counter()
    ray.init(num_cpus=args.cpus, object_store_memory=256 * 1024 * 1024, include_dashboard=False,
             log_to_driver=False, logging_level="ERROR")
    cluster_start = time.perf_counter() - started
    stats: list[str] = []
    on_ray = measure(lambda: ray_outcomes(pages, args, stats), folder / "ray.jsonl")
    ray.shutdown()
    print(f"Ray, {args.cpus} CPUs: {on_ray['rate']:.2f} pages/s after the first record "
          f"(wall time {on_ray['wall'] + cluster_start:.1f} s with start-up, cluster start included); "
          f"load average {load()}", flush=True)
    return {**on_ray, "cluster start": cluster_start, "stats": stats[0] if stats else ""}


def local_outcomes(pages: list[str], args: argparse.Namespace):
    from pipeline.run import run

    return run(pages, workers=args.cpus, batch_size=args.batch_size)


def ray_outcomes(pages: list[str], args: argparse.Namespace, stats: list[str]):
    from pipeline.distributed import run_on_ray

    return run_on_ray(pages, batch_size=args.batch_size, on_stats=stats.append)


def measure(outcomes, output: Path) -> dict[str, float]:
    """Run, writing records and error entries as the command does; the rate after the first record."""
    started = time.perf_counter()
    first = None
    count = 0
    writing = 0.0
    with output.open("w", encoding="utf-8") as stream:
        for outcome in outcomes():
            mark = time.perf_counter()
            if first is None:
                first = mark
            else:
                count += 1
            write_line(stream, outcome.as_entry() if isinstance(outcome, Rejected) else as_json(outcome))
            writing += time.perf_counter() - mark
    end = time.perf_counter()
    return {"rate": count / (end - first), "wall": end - started, "writing": writing, "first": first - started}


def split(stats: str, on_ray: dict[str, float], cluster_start: float, cpus: int) -> None:
    """Where the Ray run's wall time goes, from Ray Data's operator statistics and the driver's clock."""
    read = total_wall(stats, "ReadBinary")
    extraction = total_wall(stats, "MapBatches(Extractor)")
    print(f"Ray time split: cluster start {cluster_start:.1f} s; first record after {on_ray['first']:.1f} s "
          f"(actors start and load the model); reading {read:.1f} s of task time; extraction "
          f"{extraction:.1f} s of actor time ({extraction / cpus:.1f} s per CPU); writing on the driver "
          f"{on_ray['writing']:.1f} s; run wall time {on_ray['wall']:.1f} s")


def total_wall(stats: str, operator: str) -> float:
    """The summed remote wall time of one operator, in seconds (0 when Ray did not report it)."""
    match = re.search(re.escape(operator) + r".*?Remote wall time:.*?mean, ([\d.]+)(ms|us|s) total", stats, re.DOTALL)
    if not match:
        return 0.0
    return float(match.group(1)) * {"s": 1, "ms": 1e-3, "us": 1e-6}[match.group(2)]


def load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
