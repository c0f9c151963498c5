#!/usr/bin/env python3
"""What sockscope costs a loaded server, measured side by side in one run.

Runs a real server and a real load generator on loopback, each run five ways, in turn, REPEATS
times: no tracer ("off"), the tracer capturing and parsing everything on the server's port
("traced"), and the tracer attached but filtered to nothing: to a port nobody uses ("filtered"),
or to a process that makes no network calls, this script ("filtered-pid"); and, for the floor of
any tracer hooked where sockscope hooks, bpftrace attached to the same syscall tracepoints (and,
over TLS, uprobes on the same OpenSSL functions) with programs whose filter is never true
("hooks-only"). Prints, per workload, the requests/s of each run, the median ratios to the
untraced runs, the tracer's CPU time per request (its JVM, and its eBPF programs; both ends of
each request are traced), and capture completeness: the server-side exchanges the tracer saw over
the requests the load generator completed.

The kernel counts the eBPF programs' run time only with kernel.bpf_stats_enabled, and counting
costs two clock reads per program run: on this kind of load it took 8 points off the filtered
ratio. So the runs that give the ratios run with it off, and one more run of each tracer mode
(--cpu-runs) runs with it on, for the eBPF time alone.

With --profile, one more run of each mode under `perf record -a -g` (Debian's linux-perf)
attributes every CPU sample of the machine, both cores, to where the time went: the server and
the load generator themselves, the syscall hooks (the kernel's tracepoint and the eBPF programs,
with the ring buffer and the copies of user memory apart), the TLS probes' traps, the tracer's
JVM, and idle. perf's own sampling slows the load a little; the shares, not the rates, are the
point.

Each tracer first runs TRACER_WARMUP seconds of the same load, so that the measured run sees its
JVM with its hot code compiled, as a long-running tracer is; what it saw of the warm-up is printed
beside, not mixed in.

Workloads: nginx (wrk, small responses, keep-alive), nginx-tls (the same over HTTPS), redis
(redis-benchmark GET and SET). Run as root from the repository:

  scripts/overhead-benchmark.py [--duration S] [--repeats N] [--connections C] [--threads T]
                                [--workloads "nginx nginx-tls redis"] [--backend auto|tracepoints|kprobes]
                                [--tracer-warmup S] [--cpu-runs N] [--profile]

Installs wrk, nginx-light, redis-server, redis-tools and bpftrace (with --profile, linux-perf)
with apt-get when missing, and builds examples/target/sockscope.jar when it is not there. Stops
only the processes it started.
"""
import argparse
import glob
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(REPO, "examples", "target", "sockscope.jar")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BPF_STATS = "/proc/sys/kernel/bpf_stats_enabled"
MODES = ("off", "traced", "filtered", "filtered-pid", "hooks-only")
TRACER_MODES = ("traced", "filtered", "filtered-pid")
# The syscall tracepoints the tracepoint backend attaches to: the exit of each data call and of
# connect and accept, the entry of splice and close, and process exit and exec.
DATA_SYSCALLS = ("write", "read", "sendto", "recvfrom", "writev", "readv", "sendmsg", "recvmsg", "sendmmsg",
                 "recvmmsg", "sendfile64", "connect", "accept", "accept4")
HOOKED_TRACEPOINTS = (["syscalls:sys_exit_" + call for call in DATA_SYSCALLS]
                      + ["syscalls:sys_enter_splice", "syscalls:sys_enter_close",
                         "sched:sched_process_exit", "sched:sched_process_exec"])
TLS_FUNCTIONS = ("SSL_write", "SSL_read", "SSL_write_ex", "SSL_read_ex", "SSL_do_handshake")


def say(message):
    print("overhead: " + message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("overhead: %s exited: status %s" % (what, process.returncode))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("overhead: %s is not listening on %d" % (what, port))


def ensure_tools(args):
    wanted = {"wrk": "wrk", "nginx": "nginx-light", "redis-server": "redis-server",
              "redis-benchmark": "redis-tools", "openssl": "openssl", "bpftrace": "bpftrace"}
    if args.profile:
        wanted["perf"] = "linux-perf"
    missing = sorted({package for tool, package in wanted.items() if shutil.which(tool) is None})
    if missing:
        say("installing " + " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing,
                       check=True, env=env, stdout=subprocess.DEVNULL)
    if not os.path.isfile(JAR):
        say("building " + JAR)
        subprocess.run(["mvn", "-q", "-B", "-DskipTests", "install"], cwd=REPO, check=True)
    if not os.path.isdir("/sys/kernel/tracing/events"):
        subprocess.run(["mount", "-t", "tracefs", "tracefs", "/sys/kernel/tracing"], check=False)


class Server:
    """A server this script started; stopped by its own pid."""

    def __init__(self, process, port):
        self.process = process
        self.port = port

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_nginx(work, tls):
    port = free_port()
    root = os.path.join(work, "html")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("<p>hello from nginx</p>\n")
    ssl = ""
    if tls:
        key, crt = os.path.join(work, "key.pem"), os.path.join(work, "crt.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-keyout", key, "-out", crt],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ssl = " ssl; ssl_certificate %s; ssl_certificate_key %s" % (crt, key)
    conf = os.path.join(work, "nginx-%d.conf" % port)
    with open(conf, "w") as f:
        f.write("""daemon off;
worker_processes 1;
pid %(work)s/nginx-%(port)d.pid;
error_log %(work)s/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:%(port)d%(ssl)s; root %(root)s; }
}
""" % {"work": work, "port": port, "ssl": ssl, "root": root})
    process = subprocess.Popen(["nginx", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process, "nginx")
    return Server(process, port)


def start_redis(work):
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", work],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process, "redis-server")
    return Server(process, port)


def wrk(args, url, duration=None):
    out = subprocess.run(["wrk", "-t", str(args.threads), "-c", str(args.connections),
                          "-d", "%ds" % (duration or args.duration), url],
                         check=True, capture_output=True, text=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit("overhead: wrk got error responses:\n" + out)
    return requests, rate


def redis_benchmark(args, port, duration=None):
    # redis-benchmark runs a fixed count, not a duration: size the count from a short probe run.
    rate = getattr(args, "redis_rate", None)
    if rate is None:
        rate = args.redis_rate = run_redis_benchmark(args, port, 20000)[1]
        say("redis-benchmark: %d requests per test" % int(rate * args.duration / 2))
    return run_redis_benchmark(args, port, int(rate * (duration or args.duration) / 2))  # two tests: SET, GET


def run_redis_benchmark(args, port, count):
    out = subprocess.run(["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", str(args.connections),
                          "-n", str(count), "-t", "set,get", "--csv"],
                         check=True, capture_output=True, text=True).stdout
    rates = [float(line.split(",")[1].strip('"')) for line in out.splitlines()
             if line.startswith('"SET"') or line.startswith('"GET"')]
    if len(rates) != 2:
        raise SystemExit("overhead: unexpected redis-benchmark output:\n" + out)
    # requests/s over both tests: total requests over total time
    return 2 * count, 2 * count / (count / rates[0] + count / rates[1])


def process_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def bpf_seconds(pid):
    """The run time of the eBPF programs process pid holds open, as the kernel counts it."""
    total = 0
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        try:
            if os.readlink(os.path.join(fd_dir, fd)) != "anon_inode:bpf-prog":
                continue
            with open("/proc/%d/fdinfo/%s" % (pid, fd)) as f:
                for line in f:
                    if line.startswith("run_time_ns:"):
                        total += int(line.split()[1])
        except OSError:
            continue  # closed meanwhile
    return total / 1e9


def parse_counts(line):
    """{'http server': 12, ...} from a line "exchanges {http client=12, http server=12}"."""
    counts = {}
    for item in line[line.index("{") + 1:line.rindex("}")].split(", "):
        if item:
            key, value = item.rsplit("=", 1)
            counts[key] = int(value)
    return counts


class Tracer:
    """java -jar sockscope.jar trace --count, on a port or a process."""

    def __init__(self, args, work, port=None, pid=None):
        name = "port-%d" % port if port else "pid-%d" % pid
        self.out = open(os.path.join(work, "trace-%s.out" % name), "w+")
        self.err = open(os.path.join(work, "trace-%s.err" % name), "w+")
        self.process = subprocess.Popen(
            ["java", "-jar", JAR, "trace", "--count", "--backend", args.backend]
            + (["--port", str(port)] if port else ["--pid", str(pid)]),
            stdout=self.out, stderr=self.err)
        deadline = time.monotonic() + 60
        while "sockscope: attached" not in open(self.err.name).read():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("overhead: the tracer did not attach:\n" + open(self.err.name).read())
            time.sleep(0.1)
        self.mark()

    def counts_so_far(self):
        """The counts of the newest "exchanges so far" line the tracer printed (once a second)."""
        self.out.seek(0)
        lines = [line for line in self.out.read().splitlines() if line.startswith("exchanges so far {")]
        return parse_counts(lines[-1]) if lines else {}

    def mark(self):
        """From here on: CPU time, eBPF time and exchanges are counted from now."""
        self.cpu = process_cpu_seconds(self.process.pid)
        self.bpf = bpf_seconds(self.process.pid)
        self.counts = self.counts_so_far()

    def stop(self):
        """Stops it; returns (JVM CPU s, eBPF s) spent since the mark, the exchanges counted since,
        and the tracer's final stats line."""
        cpu = process_cpu_seconds(self.process.pid) - self.cpu
        bpf = bpf_seconds(self.process.pid) - self.bpf
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        self.out.seek(0)
        totals = {}
        for line in self.out.read().splitlines():
            if line.startswith("exchanges {"):
                totals = parse_counts(line)
        counts = {key: value - self.counts.get(key, 0) for key, value in totals.items()}
        self.err.seek(0)
        stats = [line for line in self.err.read().splitlines() if line.startswith("sockscope: TracerStats")]
        return cpu, bpf, counts, stats[-1] if stats else "no stats printed"


class HookFloor:
    """bpftrace on the tracer's hooks, with a filter never true: what hooking costs before any work."""

    def __init__(self, work, tls):
        probes = ["tracepoint:" + tracepoint for tracepoint in HOOKED_TRACEPOINTS]
        if tls:
            libssl = sorted(glob.glob("/usr/lib/*/libssl.so.3") + glob.glob("/usr/lib/libssl.so.3"))[0]
            probes += ["%s:%s:%s" % (kind, libssl, function) for function in TLS_FUNCTIONS
                       for kind in ("uprobe", "uretprobe")] + ["uprobe:%s:SSL_free" % libssl]
        self.out = open(os.path.join(work, "bpftrace.out"), "w+")
        self.process = subprocess.Popen(["bpftrace", "-e", ",".join(probes) + " /pid == 1/ { @hits = count(); }"],
                                        stdout=self.out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while "Attaching" not in open(self.out.name).read():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("overhead: bpftrace did not attach:\n" + open(self.out.name).read())
            time.sleep(0.1)
        time.sleep(3)  # "Attaching N probes..." comes before the probes are all attached

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def warm_up_tracer(args, tracer, warm_load, protocol):
    """Runs the load for --tracer-warmup seconds so that the tracer's JVM has compiled its hot code,
    waits for the tracer to count what it saw, and marks the start of the measured run. Returns what
    the warm-up's requests and exchanges were, for the record: a tracer started under full load loses
    what its ring cannot hold while it compiles."""
    if args.tracer_warmup <= 0:
        return {}
    requests, _ = warm_load()
    time.sleep(2.5)  # the handlers catch up, and the once-a-second counts include the warm-up
    tracer.mark()
    return {"warm_requests": requests, "warm_seen": tracer.counts.get(protocol + " server", 0)}


# Where a CPU sample of a profiled run went: the first rule whose function names appear in the
# sample's stack wins; samples of the tracer's process are its JVM's, whatever the stack.
PROFILE_RULES = [
    ("TLS probes: breakpoint traps", ("asm_exc_int3", "asm_exc_debug", "uprobe_notify_resume", "handle_swbp")),
    ("syscall hooks: eBPF ring buffer", ("bpf_ringbuf_output", "bpf_ringbuf_reserve", "bpf_ringbuf_submit",
                                         "bpf_ringbuf_query")),
    ("syscall hooks: copying user memory", ("bpf_probe_read_user", "copy_from_user_nofault")),
    ("syscall hooks: the rest (tracepoints, programs, maps)", ("syscall_trace_enter", "syscall_exit_work")),
]


def profile_run(args, work, mode, load, server_port, unused_port, protocol):
    """One run of `mode` under perf record -a -g; returns {category: share of all samples}."""
    tracer = None
    if mode == "traced":
        tracer = Tracer(args, work, port=server_port)
    elif mode == "filtered":
        tracer = Tracer(args, work, port=unused_port)
    elif mode == "filtered-pid":
        tracer = Tracer(args, work, pid=os.getpid())
    if tracer:
        warm_up_tracer(args, tracer, lambda: load(args.tracer_warmup), protocol)
    data = os.path.join(work, "perf-%s.data" % mode)
    perf = subprocess.Popen(["perf", "record", "-q", "-a", "-g", "-F", "999", "-o", data],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    requests, rate = load(None)
    perf.send_signal(signal.SIGINT)
    perf.wait(60)
    tracer_pid = tracer.process.pid if tracer else -1
    if tracer:
        tracer.stop()
    script = subprocess.run(["perf", "script", "-i", data, "-F", "comm,pid,ip,sym"],
                            capture_output=True, text=True, errors="replace").stdout
    counts = {}
    total = 0
    for sample in script.split("\n\n"):
        lines = sample.strip().splitlines()
        if not lines:
            continue
        header = lines[0].rsplit(None, 1)
        comm, pid = header[0].strip(), int(header[1]) if len(header) == 2 and header[1].isdigit() else -1
        stack = " ".join(lines[1:])
        if pid == 0 or comm == "swapper":
            category = "idle"
        elif pid == tracer_pid:
            category = ("tracer JVM: handler threads" if comm.startswith("sockscope-handl")
                        else "tracer JVM: ring reader" if comm.startswith("sockscope-ring")
                        else "tracer JVM: the rest (JIT, GC, TLS scans, ...)")
        elif comm.startswith("perf"):
            category = "perf itself"
        else:
            category = next((name for name, symbols in PROFILE_RULES if any(s in stack for s in symbols)),
                            "the server and load generator, and the rest")
        counts[category] = counts.get(category, 0) + 1
        total += 1
    return rate, {name: count / total for name, count in counts.items()}


def set_bpf_stats(on):
    with open(BPF_STATS, "w") as f:
        f.write("1" if on else "0")


def run_workload(args, work, name):
    server = start_nginx(work, name == "nginx-tls") if name.startswith("nginx") else start_redis(work)
    protocol = "redis" if name == "redis" else "http"
    unused_port = free_port()
    try:
        if name.startswith("nginx"):
            url = "%s://127.0.0.1:%d/index.html" % ("https" if name == "nginx-tls" else "http", server.port)
            load = lambda: wrk(args, url)
            warm_load = lambda: wrk(args, url, args.tracer_warmup)
        else:
            load = lambda: redis_benchmark(args, server.port)
            warm_load = lambda: redis_benchmark(args, server.port, args.tracer_warmup)
        say("%s: warming up" % name)
        load()
        results = {mode: [] for mode in MODES}
        results.update({"cpu " + mode: [] for mode in TRACER_MODES})
        runs = [(repeat, mode) for repeat in range(args.repeats)
                for mode in MODES[repeat % len(MODES):] + MODES[:repeat % len(MODES)]]  # no mode always first
        runs += [(None, mode) for _ in range(args.cpu_runs) for mode in TRACER_MODES]
        profiles = {}
        if args.profile:
            set_bpf_stats(False)
            for mode in ("off",) + TRACER_MODES:
                timed = (lambda seconds: wrk(args, url, seconds)) if name.startswith("nginx") \
                    else (lambda seconds: redis_benchmark(args, server.port, seconds))
                profiles[mode] = profile_run(args, work, mode, timed, server.port, unused_port, protocol)
                say("%s %-12s profiled: %.0f requests/s" % (name, mode, profiles[mode][0]))
        results["profiles"] = profiles
        for repeat, mode in runs:
            counting = repeat is None  # a run for the eBPF time: with the kernel counting it
            set_bpf_stats(counting)
            tracer = None
            warm = {}
            if mode == "hooks-only":
                floor = HookFloor(work, name == "nginx-tls")
                requests, rate = load()
                floor.stop()
                results[mode].append(dict(requests=requests, rate=rate, cpu=0, bpf=0, seen=0))
                say("%s %-12s run %d: %10.0f requests/s" % (name, mode, len(results[mode]), rate))
                continue
            if mode != "off":
                if mode == "filtered-pid":
                    tracer = Tracer(args, work, pid=os.getpid())
                else:
                    tracer = Tracer(args, work, port=server.port if mode == "traced" else unused_port)
                warm = warm_up_tracer(args, tracer, warm_load, protocol)
            requests, rate = load()
            cpu, bpf, counts, stats = tracer.stop() if tracer else (0, 0, {}, "")
            seen = counts.get(protocol + " server", 0)
            key = "cpu " + mode if counting else mode
            results[key].append(dict(warm, requests=requests, rate=rate, cpu=cpu, bpf=bpf, seen=seen))
            say("%s %-12s run %d: %10.0f requests/s, %d requests, %d server-side exchanges seen"
                % (name, key, len(results[key]), rate, requests, seen))
            if mode == "traced" and seen != requests:
                say("  " + stats)
        return results
    finally:
        server.stop()


def report(name, results):
    off = statistics.median(r["rate"] for r in results["off"])
    lines = ["%s:" % name]
    for mode in MODES:
        runs = results[mode]
        rates = " ".join("%.0f" % r["rate"] for r in runs)
        line = "  %-12s requests/s %s (median %.0f)" % (mode, rates, statistics.median(r["rate"] for r in runs))
        if mode == "hooks-only":
            line += "; ratio %.3f (bpftrace on the same hooks, doing nothing)" % (
                statistics.median(r["rate"] for r in runs) / off)
        elif mode != "off":
            ratio = statistics.median(r["rate"] for r in runs) / off
            jvm = statistics.median(r["cpu"] / r["requests"] * 1e6 for r in runs)
            line += "; ratio %.3f; tracer JVM CPU %.2f us/request" % (ratio, jvm)
            counted = results["cpu " + mode]
            if counted:
                bpf = statistics.median(r["bpf"] / r["requests"] * 1e6 for r in counted)
                line += ", eBPF %.2f us/request (total %.2f; eBPF from %d run(s) with bpf_stats on, at %s requests/s)" % (
                    bpf, jvm + bpf, len(counted), " ".join("%.0f" % r["rate"] for r in counted))
            if mode == "traced":
                complete = min(r["seen"] / r["requests"] for r in runs + counted)
                line += "; seen/requests %s (lowest %.4f)" % (
                    " ".join("%d/%d" % (r["seen"], r["requests"]) for r in runs + counted), complete)
                if "warm_requests" in runs[0]:
                    line += "; during the tracer's warm-up %s" % " ".join(
                        "%d/%d" % (r["warm_seen"], r["warm_requests"]) for r in runs + counted)
        lines.append(line)
    if results.get("profiles"):
        categories = ["the server and load generator, and the rest"] + [name for name, _ in PROFILE_RULES] \
            + ["tracer JVM: handler threads", "tracer JVM: ring reader", "tracer JVM: the rest (JIT, GC, TLS scans, ...)",
               "perf itself", "idle"]
        lines.append("  where the CPU went (perf, all cores; one run per mode at %s):" % ", ".join(
            "%s %.0f req/s" % (mode, profile[0]) for mode, profile in results["profiles"].items()))
        lines.append("    %-56s %s" % ("", " ".join("%12s" % mode for mode in results["profiles"])))
        for category in categories:
            lines.append("    %-56s %s" % (category, " ".join(
                "%11.1f%%" % (100 * profile[1].get(category, 0)) for profile in results["profiles"].values())))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per mode (default 3)")
    parser.add_argument("--connections", type=int, default=50, help="client connections (default 50)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    parser.add_argument("--workloads", default="nginx nginx-tls redis")
    parser.add_argument("--cpu-runs", type=int, default=1,
                        help="runs per tracer mode with kernel.bpf_stats_enabled on, for the eBPF time;"
                             " not counted in the ratios (default 1)")
    parser.add_argument("--profile", action="store_true",
                        help="one more run per mode under perf record -a -g: where the CPU went (needs perf)")
    parser.add_argument("--backend", default="auto", choices=("auto", "tracepoints", "kprobes"))
    parser.add_argument("--tracer-warmup", type=int, default=5,
                        help="seconds of load after the tracer attaches and before the measured run, so that"
                             " its JVM has compiled its hot code; 0 measures from the attach (default 5)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("overhead: run as root (the tracer loads eBPF programs)")
    ensure_tools(args)
    old_stats = open(BPF_STATS).read().strip()
    reports = []
    try:
        with tempfile.TemporaryDirectory() as work:
            os.chmod(work, 0o755)
            for name in args.workloads.split():
                reports.append(report(name, run_workload(args, work, name)))
    finally:
        set_bpf_stats(old_stats == "1")
    print("sockscope overhead: %d s per run, %d runs per mode (+%d per tracer mode for the eBPF time),"
          " %d connections, %d cores" % (args.duration, args.repeats, args.cpu_runs, args.connections, os.cpu_count()))
    print("\n".join(reports))


if __name__ == "__main__":
    main()
