#!/usr/bin/env python3
"""Folds `perf script -F time,ip,sym,dso` output (stdin) by call stack, keeping only the samples inside the windows of
a marks file (one `start end` line per window, in CLOCK_MONOTONIC seconds: what the host benchmark's --marks writes and
`perf record -k mono` stamps). Writes the folded stacks (`root;…;leaf count`) to the given file and prints a summary:
the share of the samples by part of a task-link post, then the frames with the most samples under them and on top.

    perf script -F time,ip,sym,dso | scripts/fold-perf.py marks.txt folded.txt > summary.txt
"""
import collections
import re
import sys

# The parts of a post, first match wins: a sample counts for the first pattern found anywhere in its stack.
PARTS = [
    ("engine: the command (BPMN runtime)", "InstanceRuntime"),
    ("store: a commit's statements and JSON (CommitStatements.Plan)", "CommitStatements::Plan"),
    ("store: the writer (apply, COMMIT)", "GroupCommitWriter"),
    ("store: instance copies", "DeepCopy"),
    ("host: task links", "TaskLinkService"),
    ("host: entitlement", "EntitlementAsync"),
    ("store: keyed reads", "KeyedReads"),
    ("host: the task page's handler, other", "Pages.Tugas.IndexModel"),
    ("host: the completing post before MVC (TaskLinkPostShortcut), other", "TaskLinkPostShortcut"),
    ("ASP.NET Core: anti-forgery", "Antiforgery"),
    ("ASP.NET Core: Razor Pages invoker", "PageActionInvoker"),
    ("ASP.NET Core: Kestrel and middleware", "ProcessRequests"),
    ("sockets", "System.Net.Sockets"),
    ("thread pool, other", "ThreadPoolWorkQueue"),
    ("JIT", "libclrjit"),
    ("SQLite, native frames only (its stacks do not unwind)", "libe_sqlite3"),
    ("kernel: write", "__x64_sys_pwrite64"),
    ("kernel: fsync", "__x64_sys_fsync"),
    ("kernel: read", "__x64_sys_pread64"),
    ("kernel: file locks", "__x64_sys_fcntl"),
    ("kernel: send", "__x64_sys_sendto"),
    ("kernel: futex", "__x64_sys_futex"),
    ("runtime, native frames only", "libcoreclr"),
]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    windows = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
    stacks = collections.Counter()
    header = re.compile(r"^\s*(\d+\.\d+):\s*$")
    keep = False
    frames = []

    def flush():
        if keep and frames:
            stacks[";".join(reversed(frames))] += 1

    for line in sys.stdin:
        match = header.match(line)
        if match:
            flush()
            at = float(match.group(1))
            keep = any(start <= at <= end for start, end in windows)
            frames = []
        elif keep and line.strip():
            frames.append(frame_name(line))
    flush()

    with open(sys.argv[2], "w") as folded:
        for stack, count in stacks.most_common():
            folded.write(f"{stack} {count}\n")

    total = sum(stacks.values())
    print(f"{len(windows)} windows, {total} samples")
    if total == 0:
        return
    parts = collections.Counter()
    inclusive = collections.Counter()
    on_top = collections.Counter()
    for stack, count in stacks.items():
        names = stack.split(";")
        parts[next((name for name, pattern in PARTS if pattern in stack), "other")] += count
        for name in set(names):
            inclusive[name] += count
        on_top[names[-1]] += count
    print("\nby part of the post (first match in the stack):")
    for name, count in parts.most_common():
        print(f"{100 * count / total:6.2f}%  {name}")
    print("\nframes with the most samples under them:")
    for name, count in inclusive.most_common(60):
        print(f"{100 * count / total:6.2f}%  {name}")
    print("\nframes on top of the stack:")
    for name, count in on_top.most_common(40):
        print(f"{100 * count / total:6.2f}%  {name}")


def frame_name(line):
    """`ip symbol (dso)` as `symbol [dso file name]`, without the JIT's tier tags; compiled .NET code keeps no dso name."""
    parts = line.strip().split(None, 1)
    text = parts[1] if len(parts) > 1 else "?"
    dso = ""
    match = re.search(r"\s*\(([^()]*)\)\s*$", text)
    if match:
        dso = match.group(1).rsplit("/", 1)[-1]
        text = text[: match.start()]
    text = re.sub(r"\[(OptimizedTier1|Optimized|Tier0|Tier1|QuickJitted|PreJIT|OSR|Instrumented)\]", "", text)
    text = re.sub(r"\+0x[0-9a-f]+$", "", text.strip())
    if dso.startswith("perf-") and dso.endswith(".map"):
        dso = ""
    return (f"{text} [{dso}]" if dso else text).replace(";", ",")


if __name__ == "__main__":
    main()
