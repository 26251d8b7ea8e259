"""The benchmark's load generator against a real bbsd: make bench relies on
it, so make test checks that every mode still logs in, finds its screens
and reports."""
import json
import os
import subprocess

from harness import BUILD, PASSWORD, Server


def _bench_server(s):
    """An admin account with a registered key, as tests/bench/bench.py makes."""
    s.add_user("bench0000", "admin")
    for i in range(1, 30):      # the accounts list needs several pages
        s.add_user("bench%04d" % i, "patient")
    key = os.path.join(s.dir, "id_ed25519")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    kind, blob = open(key + ".pub").read().split()[:2]
    fp = subprocess.run(["ssh-keygen", "-lf", key + ".pub"], check=True,
                        capture_output=True, text=True).stdout.split()[1]
    s.sql("INSERT INTO ssh_keys (account_id, type, blob, fingerprint, comment, created_at) "
          "SELECT id, ?, ?, ?, 'bench', 0 FROM accounts WHERE pseudonym = 'bench0000'",
          (kind, blob, fp))
    return key


def _loadgen(s, *args):
    r = subprocess.run([os.path.join(BUILD, "loadgen"), "--port", str(s.port)] +
                       [str(a) for a in args], input="", capture_output=True,
                       text=True, timeout=120)
    lines = [l for l in r.stdout.splitlines() if l.startswith("RESULT ")]
    assert r.returncode == 0 and lines, r.stderr[-2000:]
    return json.loads(lines[-1][7:]), r.stdout


def test_loadgen_idle_and_active():
    with Server() as s:
        key = _bench_server(s)
        res, out = _loadgen(s, "--mode", "idle", "--sessions", 4, "--user", "bench0000",
                            "--key", key)
        assert "READY 4 0" in out
        assert res["ok"] == 4 and res["failed"] == 0
        assert res["connect_to_ready_ms"]["n"] == 4
        assert res["login_bytes"]["p50"] > 0
        res, _ = _loadgen(s, "--mode", "active", "--sessions", 2, "--user", "bench0000",
                          "--key", key, "--think-ms", 100, "--duration", 3)
        assert res["ok"] == 2 and res["failed"] == 0
        steps = res["keystroke_ms_by_step"]
        for step in ("menu_move", "open_menu", "open_list", "page", "back"):
            assert steps[step]["n"] > 0, step
        assert res["first_key_bytes"]["n"] == 2


def test_loadgen_logins_and_bandwidth():
    with Server() as s:
        key = _bench_server(s)
        res, _ = _loadgen(s, "--mode", "logins", "--concurrency", 2, "--user", "bench0000",
                          "--password", PASSWORD, "--duration", 2)
        assert res["logins_per_second"] > 0 and res["failed"] == 0
        res, _ = _loadgen(s, "--mode", "bandwidth", "--user", "bench0000", "--key", key)
        steps = {st["step"]: st for st in res["steps"]}
        assert set(steps) >= {"login", "menu_move", "open_menu", "open_list", "page", "back"}
        assert steps["open_list"]["cells_changed"] > 0
        assert steps["login"]["bytes"] > 0
