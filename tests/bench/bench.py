"""make bench: Mirall under load, side by side with OpenSSH.

Starts bbsd with a generated database in a temporary folder, and (as root)
the system's OpenSSH server on another loopback port with a throwaway
account; drives both with tests/bench/loadgen; reads the servers' memory
from /proc/PID/smaps_rollup; prints a table and writes docs/benchmarks.md.

BENCH_SESSIONS sets the number of concurrent sessions (default 200; the
target is 1000).  BENCH_ACTIVE sets the active sessions (default: the same,
at most 200).  BENCH_SECONDS sets how long the active and login runs last.

The server's database holds the demo community (bbsctl demo), so the
sessions' walk also reads a board and its 22-post thread.  Then
tests/bench/forum/forum_bench generates a community of BENCH_POSTS posts
(default 1,000,000; 0 leaves it out) and times the forum's queries.
"""
import datetime
import json
import os
import platform
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, sys.argv[1] if len(sys.argv) > 1 else "build")
LOADGEN = os.path.join(BUILD, "loadgen")
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "200"))
ACTIVE = int(os.environ.get("BENCH_ACTIVE", str(min(SESSIONS, 200))))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
POSTS = int(os.environ.get("BENCH_POSTS", "1000000"))
FORUM_BENCH = os.path.join(BUILD, "forum_bench")
PASSWORD = "quiet-river-stone-morning"
LIST_ACCOUNTS = 60      # enough rows for several pages of the accounts list
# The demo community's board and its thread of 22 posts (content/demo/forum.txt).
WALK_BOARD = "Living with treatment side effects"
WALK_THREAD = "Tiredness that does not go away"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("%s exited early (status %s)" % (what, proc.returncode))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)    # polling a port, not synchronisation
    raise SystemExit("%s did not listen on port %d" % (what, port))


# ---------------------------------------------------------------- memory

def children_of(root_pid):
    """All descendants of root_pid (not root_pid itself)."""
    parent = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        parent[int(pid)] = ppid
    found, frontier = [], [root_pid]
    while frontier:
        p = frontier.pop()
        for c, pp in parent.items():
            if pp == p:
                found.append(c)
                frontier.append(c)
    return found


def smaps(pid):
    """(PSS, private) of one process in KiB from smaps_rollup."""
    pss = priv = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k == "Pss":
                    pss = int(v.split()[0])
                elif k in ("Private_Clean", "Private_Dirty"):
                    priv += int(v.split()[0])
    except OSError:
        pass
    return pss, priv


def tree_memory(root_pid):
    kids = children_of(root_pid)
    pss = priv = 0
    for p in kids:
        a, b = smaps(p)
        pss += a
        priv += b
    lpss, lpriv = smaps(root_pid)
    return {"processes": len(kids), "pss_kib": pss, "private_kib": priv,
            "listener_pss_kib": lpss, "listener_private_kib": lpriv}


# ---------------------------------------------------------------- loadgen

def loadgen(args, hold=None):
    """Run loadgen and return (result, held).  Idle runs keep their sessions
    open until stdin closes: with hold, hold(line) runs once loadgen prints
    READY (all sessions up), and its value comes back as held."""
    cmd = [LOADGEN] + [str(a) for a in args]
    log("  $ " + " ".join(cmd))
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    err_lines = []
    t = threading.Thread(target=lambda: err_lines.extend(p.stderr), daemon=True)
    t.start()
    if hold is None:
        p.stdin.close()
    held = result = None
    for line in p.stdout:
        if line.startswith("READY") and hold is not None:
            held = hold(line)
            p.stdin.close()
        elif line.startswith("RESULT "):
            result = json.loads(line[7:])
    p.wait()
    t.join(5)
    if result is None:
        raise SystemExit("loadgen gave no result:\n" + "".join(err_lines[-20:]))
    return result, held


# ---------------------------------------------------------------- servers

class Mirall:
    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "mirall")
        os.mkdir(self.dir)
        self.port = free_port()
        self.conf = os.path.join(self.dir, "bbs.conf")
        with open(self.conf, "w") as f:
            f.write("listen = 127.0.0.1:%d\n" % self.port)
            f.write("database = mirall.db\nhost_key = host_key\n")
            f.write("content_dir = %s\n" % os.path.join(ROOT, "content"))
            f.write("ui_program = %s\n" % os.path.join(BUILD, "bbs-ui"))
            f.write("log_file = bbsd.log\n")
            f.write("max_sessions = %d\n" % max(2000, SESSIONS * 2))
            f.write("max_unauthenticated = %d\n" % max(1000, SESSIONS + 100))
            f.write("max_unauthenticated_per_source = %d\n" % max(1000, SESSIONS + 100))
            f.write("max_auth_tries = 100\nthrottle_base = 0s\n")
        pwfile = os.path.join(self.dir, "pw")
        with open(pwfile, "w") as f:
            f.write(PASSWORD + "\n")
        # The demo community first: bbsctl demo wants an empty database.
        self.ctl("demo")
        for i in range(0, LIST_ACCOUNTS):
            self.ctl("user", "add", "bench%04d" % i, "--role", "admin",
                     "--password-file", pwfile)
        self.key = os.path.join(self.dir, "id_ed25519")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", self.key],
                       check=True)
        kind, blob = open(self.key + ".pub").read().split()[:2]
        fp = subprocess.run(["ssh-keygen", "-lf", self.key + ".pub"], check=True,
                            capture_output=True, text=True).stdout.split()[1]
        self.sql("UPDATE accounts SET rules_version = 1000000")
        self.sql("INSERT INTO ssh_keys (account_id, type, blob, fingerprint, comment, "
                 "created_at) SELECT id, '%s', '%s', '%s', 'bench', 0 FROM accounts "
                 "WHERE pseudonym = 'bench0000'" % (kind, blob, fp))
        self.walk = []
        if self.one("SELECT count(*) FROM threads t JOIN boards b ON b.id = t.board_id "
                    "WHERE b.name = ? AND t.title = ? AND t.posts > 20",
                    (WALK_BOARD, WALK_THREAD)):
            self.walk = ["--board", WALK_BOARD, "--thread", WALK_THREAD]
        else:
            log("the demo community has no thread %r: the walk does not read" % WALK_THREAD)
        self.proc = None

    def one(self, query, args=()):
        import sqlite3
        con = sqlite3.connect(os.path.join(self.dir, "mirall.db"), timeout=30)
        try:
            return con.execute(query, args).fetchone()[0]
        finally:
            con.close()

    def ctl(self, *args):
        subprocess.run([os.path.join(BUILD, "bbsctl"), "-c", self.conf] + list(args),
                       check=True, stdout=subprocess.DEVNULL)

    def sql(self, statement):
        import sqlite3
        con = sqlite3.connect(os.path.join(self.dir, "mirall.db"), timeout=30)
        con.execute(statement)
        con.commit()
        con.close()

    def start(self):
        self.proc = subprocess.Popen([os.path.join(BUILD, "bbsd"), "-c", self.conf])
        wait_port(self.port, self.proc, "bbsd")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)


class OpenSSH:
    """The system's sshd on a loopback port, with a throwaway account."""

    def __init__(self, tmp):
        self.ok = False
        self.why = ""
        self.proc = None
        self.user = None
        if os.geteuid() != 0:
            self.why = "not root: OpenSSH comparison needs a throwaway local account"
            return
        if not os.path.exists("/usr/sbin/sshd"):
            self.why = "/usr/sbin/sshd is not installed"
            return
        self.dir = os.path.join(tmp, "openssh")
        os.mkdir(self.dir)
        os.chmod(tmp, 0o755)
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        self.user = "mbench%d" % (os.getpid() % 100000)
        home = os.path.join(self.dir, "home")
        subprocess.run(["useradd", "-M", "-d", home, "-s", "/bin/sh", self.user], check=True)
        os.mkdir(home)
        shutil.chown(home, self.user)
        subprocess.run(["usermod", "-p", "*", self.user], check=True)   # not locked
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                        os.path.join(self.dir, "host_key")], check=True)
        self.key = os.path.join(self.dir, "id_ed25519")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", self.key],
                       check=True)
        keys = os.path.join(self.dir, "authorized_keys")
        shutil.copy(self.key + ".pub", keys)
        os.chmod(keys, 0o644)
        cfg = os.path.join(self.dir, "sshd_config")
        with open(cfg, "w") as f:
            f.write("\n".join([
                "Port %d" % self.port, "ListenAddress 127.0.0.1",
                "HostKey %s" % os.path.join(self.dir, "host_key"),
                "PidFile %s" % os.path.join(self.dir, "sshd.pid"),
                "AuthorizedKeysFile %s" % keys, "StrictModes no",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "UsePAM no", "PermitRootLogin no", "PrintMotd no", "PrintLastLog no",
                "MaxStartups %d:30:%d" % (SESSIONS + 100, SESSIONS + 200),
                "MaxSessions 10", "LogLevel ERROR", "UseDNS no", ""]))
        os.makedirs("/run/sshd", exist_ok=True)
        self.proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-f", cfg, "-E",
                                      os.path.join(self.dir, "sshd.log")])
        wait_port(self.port, self.proc, "sshd")
        self.ok = True

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)
        if self.user:
            subprocess.run(["pkill", "-KILL", "-u", self.user], stderr=subprocess.DEVNULL)
            subprocess.run(["userdel", self.user], stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------- scenarios

def idle_run(port, pid, user, key, ready, n, term="xterm-256color"):
    """n idle sessions; memory read while all are held."""
    def hold(line):
        time.sleep(2)   # let the processes settle before reading memory
        return tree_memory(pid)
    args = ["--port", port, "--mode", "idle", "--sessions", n, "--concurrency", 50,
            "--user", user, "--key", key, "--ready", ready, "--term", term]
    return loadgen(args, hold)


def peak_memory_during(pid, fn):
    """Run fn() while sampling the server tree's PSS; return (fn(), peak KiB)."""
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], tree_memory(pid)["pss_kib"])
            stop.wait(0.1)
    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        r = fn()
    finally:
        stop.set()
        t.join()
    return r, peak[0]


def pct(d, k="p50"):
    return d.get(k) if isinstance(d, dict) else None


def fmt(v, unit=""):
    if v is None:
        return "-"
    if isinstance(v, float):
        return "%.1f%s" % (v, unit)
    return "%s%s" % (v, unit)


def main():
    if not os.path.exists(LOADGEN):
        raise SystemExit("build loadgen first: make loadgen")
    tmp = tempfile.mkdtemp(prefix="mirall-bench-")
    started = time.monotonic()
    report = {"date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
              "cores": os.cpu_count(), "sessions": SESSIONS, "active": ACTIVE}
    with open("/proc/meminfo") as f:
        report["memory_gib"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    report["kernel"] = platform.release()
    m = Mirall(tmp)
    o = None
    try:
        m.start()
        log("Mirall: %d idle sessions (key auth)" % SESSIONS)
        r, mem = idle_run(m.port, m.proc.pid, "bench0000", m.key, "Main menu", SESSIONS)
        report["mirall_idle"] = {"result": r, "memory": mem}

        log("Mirall: %d active sessions for %d s" % (ACTIVE, SECONDS))
        r, _ = loadgen(["--port", m.port, "--mode", "active", "--sessions", ACTIVE,
                        "--concurrency", 50, "--user", "bench0000", "--key", m.key,
                        "--think-ms", 2000, "--duration", SECONDS] + m.walk)
        report["mirall_active"] = r

        report["logins"] = {}
        base = tree_memory(m.proc.pid)["pss_kib"]
        for how in ("password", "key"):
            for c in (1, 10, 50):
                args = ["--port", m.port, "--mode", "logins", "--concurrency", c,
                        "--user", "bench0000", "--duration", max(5, SECONDS // 4)]
                args += ["--password", PASSWORD] if how == "password" else ["--key", m.key]
                log("Mirall: logins, %s, %d at once" % (how, c))
                r, peak = peak_memory_during(m.proc.pid, lambda: loadgen(args)[0])
                report["logins"]["%s_%d" % (how, c)] = {"result": r,
                                                        "peak_extra_kib": max(0, peak - base)}

        report["bandwidth"] = {}
        for term in ("xterm-256color", "vt100"):
            log("Mirall: bytes per screen, TERM=%s" % term)
            r, _ = loadgen(["--port", m.port, "--mode", "bandwidth", "--user", "bench0000",
                            "--key", m.key, "--term", term] + m.walk)
            report["bandwidth"][term] = r

        o = OpenSSH(tmp)
        if o.ok:
            log("OpenSSH: %d idle sessions (key auth)" % SESSIONS)
            r, mem = idle_run(o.port, o.proc.pid, o.user, o.key, "$ ", SESSIONS)
            report["openssh_idle"] = {"result": r, "memory": mem}
        else:
            report["openssh_skipped"] = o.why
    finally:
        m.stop()
        if o is not None:
            o.stop()
    try:
        report["forum"] = forum_run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report["seconds"] = round(time.monotonic() - started)
    # The raw figures, for rewriting the page: bench.py BUILD --report
    with open(os.path.join(BUILD, "bench.json"), "w") as f:
        json.dump(report, f)
    write_report(report)


def forum_run(tmp):
    """The community benchmark: forum_bench's RESULT, or why there is none."""
    if POSTS <= 0:
        return {"skipped": "BENCH_POSTS=0"}
    if not os.path.exists(FORUM_BENCH):
        return {"skipped": "%s is not built (make forum_bench)" % FORUM_BENCH}
    cmd = [FORUM_BENCH, "-n", str(POSTS), "-o", os.path.join(tmp, "forum.db")]
    log("Community: %d generated posts, timed through the domain functions" % POSTS)
    log("  $ " + " ".join(cmd))
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    result = None
    for line in p.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            sys.stderr.write(line)
    p.wait()
    if p.returncode != 0 or result is None:
        return {"skipped": "forum_bench failed (status %s)" % p.returncode}
    return result


def per_session(idle):
    ok = idle["result"].get("ok") or 0
    mem = idle["memory"]
    if not ok or not mem:
        return None, None
    return mem["pss_kib"] / ok / 1024, mem["private_kib"] / ok / 1024


# The steps of the walk that read the forum, in order.
READING = ("open_boards", "board_move", "open_board", "thread_move", "open_thread",
           "thread_scroll", "thread_page")


def reading_bytes(bandwidth, add):
    """What reading a board and a thread costs on the wire, per terminal."""
    parts = []
    for term, r in bandwidth.items():
        steps = {s["step"]: s for s in r.get("steps", [])}
        if not all(k in steps for k in READING):
            continue
        total = sum(steps[k].get("bytes") or 0 for k in READING)
        parts.append("%s B with TERM=%s" % (total, term))
    if not parts:
        return
    add("")
    add("Reading: from the main menu, open the board list, move to \"%s\", open it, "
        "move to \"%s\" (22 posts), open it, scroll down a screen (PgDn; the space bar "
        "on vt100) and turn to its second page (`]`): %s. Coming back (`back_thread`, "
        "then the board list and the main menu) is not included." % (
            WALK_BOARD, WALK_THREAD, ", ".join(parts)))


# The figures of forum_bench the issue sets targets for: every account's
# figure must meet it.
FORUM_TARGETS = (
    ("a board's first page (22 threads) under 10 ms", ("board_page", "board_page_new")),
    ("a thread's first page (20 posts, with its first unread) under 10 ms",
     ("thread_page", "thread_page_new")),
    ("the unread counts (main menu) under 10 ms",
     ("unread_total", "unread_total_diligent", "unread_total_new")),
    ("the board list with its unread counts under 10 ms",
     ("board_list", "board_list_diligent", "board_list_new")),
    ("a two-word search under 50 ms", ("search_two", "search_two_en")),
)


def forum_targets(forum, target):
    """The community's rows of the Targets table (p50 and p95 of each account)."""
    if not forum.get("ops"):
        return
    ops = {o["key"]: o for o in forum["ops"]}
    full = forum.get("posts", 0) >= 1000000
    for name, keys in FORUM_TARGETS:
        found = [ops[k] for k in keys if k in ops]
        if not found:
            continue
        measured = "; ".join("%s%s p50 %s ms, p95 %s ms" % (
            o["account"], " \"%s\"" % o["query"] if o.get("query") else "",
            fmt(o["p50_ms"]), fmt(o["p95_ms"])) for o in found)
        measured += " (%s posts)" % "{:,}".format(forum["posts"])
        target(name, measured, all(o.get("met") for o in found) if full else None)


def forum_section(forum, add):
    add("")
    add("## Community")
    add("")
    if not forum.get("ops"):
        add("Not measured: %s." % forum.get("skipped", "no result"))
        return
    mib = 1024 * 1024
    add("`tests/bench/forum/forum_bench` generates a community of %s posts in %s threads "
        "on %d boards by %s members, straight through the storage functions, in %.0f s "
        "(%s posts a second). Posts are 40 to 150 words drawn with a Zipf law from "
        "3,000-word vocabularies of Spanish, Catalan and English; threads average 20 posts "
        "(most short, some long) and their replies interleave as they would over months." % (
            "{:,}".format(forum["posts"]), "{:,}".format(forum["threads"]), forum["boards"],
            "{:,}".format(forum["accounts"]), forum["generate_seconds"],
            "{:,}".format(int(forum["posts_per_second"]))))
    add("")
    add("Database: **%.0f MiB** (WAL %.1f MiB after the measurements); of it, post text "
        "%.0f MiB and the full-text index %.0f MiB." % (
            forum["db_bytes"] / mib, forum["wal_bytes"] / mib, forum["text_bytes"] / mib,
            forum["fts_bytes"] / mib))
    add("")
    add("Each operation goes through the domain function a session calls, on the "
        "database reopened as a server would find it: five runs to warm up (the first "
        "is shown), then up to 200 runs or 10 s. \"reader\" joined when 40%% of the posts "
        "existed and has read most threads of three boards (%s thread marks: nine in ten "
        "threads read up to the newest 300 posts, some half-read, a few never opened), "
        "nothing of the others. \"diligent\" joined at 10%% and has read every thread "
        "up to the newest 300 posts, except one 20-post thread of the busiest board it "
        "left half read: the most common pattern of a daily reader. \"newcomer\" was made "
        "after the last post. The thread opened has %s posts, the reader read half of it." % (
            "{:,}".format(forum["reader_marks"]), forum["thread_posts"]))
    add("")
    add("| operation | account | runs | first | p50 | p95 | max (ms) | target | result |")
    add("|---|---|---|---|---|---|---|---|---|")
    for o in forum["ops"]:
        name = o["name"]
        if o.get("query"):
            name += " \"%s\" (%s match%s, %d shown)" % (
                o["query"], "{:,}".format(o["matches"]),
                "" if o["matches"] == 1 else "es", o["rows"])
        add("| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %s | %s |" % (
            name, o["account"], o["runs"], o["first_ms"], o["p50_ms"], o["p95_ms"],
            o["max_ms"], "< %d ms" % o["target_ms"] if o.get("target_ms") else "-",
            ("met" if o["met"] else "missed") if "met" in o else "-"))
    add("")
    add("A target is met when both the median and the 95th percentile are under it.")


def write_report(rep):
    lines = []
    add = lines.append
    mi = rep["mirall_idle"]
    m_pss, m_priv = per_session(mi)
    oi = rep.get("openssh_idle")
    o_pss, o_priv = per_session(oi) if oi else (None, None)
    mc = pct(mi["result"].get("connect_to_ready_ms"))
    oc = pct(oi["result"].get("connect_to_ready_ms")) if oi else None
    act = rep["mirall_active"]
    ks = act.get("keystroke_ms", {})
    bw = rep["bandwidth"]["xterm-256color"]
    steps = {s["step"]: s for s in bw.get("steps", [])}

    add("# Benchmarks")
    add("")
    add("Measured by `make bench` on %s: %d cores, %.1f GiB memory, Linux %s. "
        "Run time %d s. Rerun with `make bench`; `BENCH_SESSIONS=1000 make bench` "
        "for the full target." % (rep["date"], rep["cores"], rep["memory_gib"],
                                  rep["kernel"], rep["seconds"]))
    add("")
    add("Server and load generator share the machine (loopback), so the client's "
        "work competes with the server's for the %d cores." % rep["cores"])
    add("")
    add("## Targets")
    add("")
    add("| target | measured | result |")
    add("|---|---|---|")

    def target(name, measured, ok):
        add("| %s | %s | %s |" % (name, measured,
                                  "met" if ok else ("not met" if ok is not None else "not measured")))
    held = mi["result"].get("ok", 0)
    failed = mi["result"].get("failed", 0)
    big = rep["sessions"] >= 1000
    target("%d concurrent idle sessions with no errors (target 1,000)" % rep["sessions"],
           "%d held, %d failed" % (held, failed),
           (failed == 0 and held == rep["sessions"]) if big else None)
    target("PSS per idle session no more than OpenSSH's",
           "Mirall %s MiB, OpenSSH %s MiB" % (fmt(m_pss), fmt(o_pss)),
           (m_pss <= o_pss) if (m_pss is not None and o_pss is not None) else None)
    target("p99 keystroke to update under 50 ms with %d active sessions (target 200)" % rep["active"],
           "%s ms" % fmt(ks.get("p99")),
           (ks.get("p99") < 50) if (ks.get("p99") is not None and rep["active"] >= 200) else None)
    target("connect to first screen (key) at most 1.5 x OpenSSH's connect to prompt (p50)",
           "Mirall %s ms, OpenSSH %s ms" % (fmt(mc), fmt(oc)),
           (mc <= 1.5 * oc) if (mc is not None and oc) else None)
    # Every menu move of the active sessions; each session's first key is
    # kept apart, as it also carries libssh's one-time window adjustment.
    mmb = act.get("bytes_by_step", {}).get("menu_move", {})
    mm = mmb.get("max")
    fk = act.get("first_key_bytes", {})
    target("a menu move under 200 bytes",
           "max %s B, p50 %s B over %s moves (each session's first key is kept apart: "
           "it also carries a one-time 36-byte window adjustment; it is a menu move, or "
           "with the reading walk in every other session the board list, max %s B)" % (
               fmt(mm), fmt(mmb.get("p50")), fmt(mmb.get("n")), fmt(fk.get("max"))),
           (mm < 200) if mm is not None else None)
    screens = ("open_menu", "open_list", "open_boards", "open_board", "open_thread",
               "thread_page")
    full = max([steps.get(k, {}).get("bytes") or 0 for k in screens] or [0])
    big_step = max(screens, key=lambda k: steps.get(k, {}).get("bytes") or 0)
    target("a full screen under 3 KB", "%s B (largest of open menu, open list, board list, "
           "thread list, thread page: %s)" % (fmt(full), big_step),
           (full < 3072) if full else None)
    lb = steps.get("login", {}).get("bytes")
    target("whole login under 8 KB received, handshake included", "%s B" % fmt(lb),
           (lb < 8192) if lb is not None else None)
    forum_targets(rep.get("forum", {}), target)
    add("")
    add("A target measured at fewer sessions (or posts) than it names is reported as not "
        "measured; run `BENCH_SESSIONS=1000 make bench` for those.")
    add("")
    add("## Sessions")
    add("")
    add("| | sessions | connect to first screen p50 / p95 / p99 / max (ms) | PSS per session (MiB) | private per session (MiB) |")
    add("|---|---|---|---|---|")

    def row(name, idle, pss, priv):
        c = idle["result"].get("connect_to_ready_ms", {})
        add("| %s | %s ok, %s failed | %s / %s / %s / %s | %s | %s |" % (
            name, idle["result"].get("ok"), idle["result"].get("failed"),
            fmt(c.get("p50")), fmt(c.get("p95")), fmt(c.get("p99")), fmt(c.get("max")),
            fmt(pss), fmt(priv)))
    row("Mirall (session + UI processes)", mi, m_pss, m_priv)
    if oi:
        row("OpenSSH (privileged + user process + shell)", oi, o_pss, o_priv)
        if m_pss and o_pss:
            add("")
            add("Ratios, Mirall / OpenSSH: PSS per session %.2f, connect to first screen (p50) %s." % (
                m_pss / o_pss, "%.2f" % (mc / oc) if mc and oc else "-"))
    else:
        add("")
        add("OpenSSH not measured: %s." % rep.get("openssh_skipped", "?"))
    add("")
    add("Listener: %s KiB PSS. Memory is read from /proc/PID/smaps_rollup of every "
        "process of the server while all sessions sit idle at the first screen." %
        mi["memory"].get("listener_pss_kib"))
    add("")
    add("## Keystrokes (%d active sessions, one key every 2 s each, %d s)" % (rep["active"], SECONDS))
    add("")
    add("| step | p50 | p95 | p99 | max (ms) | bytes p50 |")
    add("|---|---|---|---|---|---|")
    for step, d in sorted(act.get("keystroke_ms_by_step", {}).items()):
        if not d.get("n"):
            continue
        b = act.get("bytes_by_step", {}).get(step, {})
        add("| %s | %s | %s | %s | %s | %s |" % (step, fmt(d.get("p50")), fmt(d.get("p95")),
                                              fmt(d.get("p99")), fmt(d.get("max")), fmt(b.get("p50"))))
    add("| all | %s | %s | %s | %s | |" % (fmt(ks.get("p50")), fmt(ks.get("p95")),
                                           fmt(ks.get("p99")), fmt(ks.get("max"))))
    add("")
    add("Errors: %d sessions failed; %s" % (act.get("failed", 0),
                                            "; ".join(act.get("errors", [])[:3]) or "none"))
    add("")
    add("## Logins")
    add("")
    add("| method | at once | logins per second | latency p50 / p99 (ms) | peak extra server memory (MiB) |")
    add("|---|---|---|---|---|")
    for k, v in rep["logins"].items():
        how, c = k.rsplit("_", 1)
        r = v["result"]
        lm = r.get("login_ms", {})
        add("| %s | %s | %s | %s / %s | %.1f |" % (how, c, fmt(r.get("logins_per_second")),
                                                 fmt(lm.get("p50")), fmt(lm.get("p99")),
                                                 v["peak_extra_kib"] / 1024))
    add("")
    add("Password logins use argon2id at the configured (default, interactive) limits; "
        "at most `max_concurrent_hashes` run at once.")
    add("")
    add("## Bytes on the wire")
    add("")
    add("Bytes received by the client, SSH framing included (TCP_INFO), beside the "
        "number of screen cells whose visible character changed. One session, one "
        "step each. The first key a client sends makes libssh grow the channel window "
        "once (a 36-byte SSH_MSG_CHANNEL_WINDOW_ADJUST), which lands in the first step "
        "after login (menu_move); packets count TCP segments, pure ACKs included. A "
        "menu move changes no character, only the highlight. vt100 has no PgDn key, "
        "so its page step is skipped.")
    add("")
    add("| step | TERM | bytes | packets | cells changed | bytes per changed cell |")
    add("|---|---|---|---|---|---|")
    for term, r in rep["bandwidth"].items():
        for s in r.get("steps", []):
            cc = s.get("cells_changed") or 0
            add("| %s | %s | %s | %s | %s | %s |" % (s["step"], term, fmt(s.get("bytes")),
                                                 fmt(s.get("packets")), cc,
                                                 "%.1f" % (s["bytes"] / cc) if cc else "-"))
    reading_bytes(rep["bandwidth"], add)
    forum_section(rep.get("forum", {}), add)
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "docs", "benchmarks.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "--report":
        with open(os.path.join(BUILD, "bench.json")) as f:
            write_report(json.load(f))
    else:
        main()
