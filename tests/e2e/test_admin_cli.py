"""The operator's tools: bbsd's configuration checks and bbsctl, run as
subprocesses against a real database (and a running bbsd where it
matters)."""
import os
import re
import shutil
import stat
import subprocess

from harness import BUILD, ROOT, Server, login, login_to_menu

DEMO_PASSWORD = "mirall-demo-2026"
DEMO_ACCOUNTS = {"admin": "admin", "ana": "patient", "marta": "expert",
                 "laia": "professional", "oriol": "professional",
                 "jordi": "moderator",
                 "recerca": "researcher", "pere": "patient",
                 "nuria": "patient", "sofia": "patient"}


def bbsd(*args):
    return subprocess.run([os.path.join(BUILD, "bbsd")] + list(args),
                          capture_output=True, text=True, timeout=30)


def bbsctl(*args):
    return subprocess.run([os.path.join(BUILD, "bbsctl")] + list(args),
                          capture_output=True, text=True, timeout=60)


def sqlite3_cli(path, statement):
    r = subprocess.run(["sqlite3", path, statement], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout


def write_conf(s, name, lines):
    path = os.path.join(s.dir, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def audit_rows(s, action):
    return s.sql("SELECT actor_name, actor_role, detail FROM audit WHERE action = ? "
                 "ORDER BY id", (action,))


def test_config_errors_name_file_line_and_key():
    with Server() as s:
        good = [l for l in open(s.conf_path).read().splitlines()
                if not l.startswith("listen")]
        # An unknown key: the file and the line, and bbsd does not start.
        path = write_conf(s, "unknown.conf", good[:2] + ["# a comment",
                                                         "frobnicate = 1"] + good[2:])
        r = bbsd("-c", path)
        assert r.returncode != 0
        assert "%s:4: unknown key 'frobnicate'" % path in r.stderr, r.stderr
        # bbsctl reads the same file the same way.
        r = bbsctl("-c", path, "check")
        assert r.returncode == 1
        assert "%s:4: unknown key" % path in r.stderr
        # A bad value, and a value out of range, name their key.
        path = write_conf(s, "value.conf", good + ["max_sessions = lots"])
        r = bbsd("-t", "-c", path)
        assert r.returncode != 0
        assert "%s:%d: bad value for max_sessions: 'lots'" % (path, len(good) + 1) \
            in r.stderr, r.stderr
        path = write_conf(s, "range.conf", ["idle_timeout = 0s"] + good)
        r = bbsd("-t", "-c", path)
        assert r.returncode != 0
        assert "%s:1: bad value for idle_timeout" % path in r.stderr, r.stderr
        # A key given twice.
        path = write_conf(s, "twice.conf", good + ["max_sessions = 5",
                                                   "max_sessions = 6"])
        r = bbsd("-t", "-c", path)
        assert r.returncode != 0
        assert "duplicate key 'max_sessions'" in r.stderr, r.stderr
        # A missing file is named.
        missing = os.path.join(s.dir, "missing.conf")
        r = bbsd("-c", missing)
        assert r.returncode != 0
        assert missing in r.stderr and "No such file" in r.stderr, r.stderr
        # No configuration at all is a usage error.
        assert bbsd().returncode == 2
        # -t on a good configuration, even while that server runs.
        r = bbsd("-t", "-c", s.conf_path)
        assert r.returncode == 0, r.stderr
        assert "configuration ok" in r.stdout
        assert s.proc.poll() is None


def test_check_mode_finds_key_database_and_content_problems():
    with Server() as s:
        lines = open(s.conf_path).read().splitlines()
        # A host key others can read.
        key = os.path.join(s.dir, "host_key")
        os.chmod(key, 0o644)
        r = bbsd("-t", "-c", s.conf_path)
        assert r.returncode == 1 and "readable by others" in r.stderr, r.stderr
        os.chmod(key, 0o600)
        # A listen address that does not exist, a missing database and a
        # content folder without the rules: each named.
        path = write_conf(s, "bad.conf", [l for l in lines if not l.startswith(
            ("listen", "database", "content_dir"))] + [
            "listen = nosuchhost.invalid:2222", "database = nothere.db",
            "content_dir = %s" % s.dir])
        r = bbsd("-t", "-c", path)
        assert r.returncode == 1
        assert "nosuchhost.invalid" in r.stderr, r.stderr
        assert "nothere.db: no database" in r.stderr, r.stderr
        assert "rules/version" in r.stderr, r.stderr
        assert "check failed" in r.stderr
        # A questionnaire whose bands leave a gap: the file, line and why.
        content = os.path.join(s.dir, "content")
        shutil.copytree(os.path.join(ROOT, "content"), content)
        phq9 = os.path.join(content, "questionnaires", "phq9.def")
        text = open(phq9).read()
        assert "\nband total 5 9 mild\n" in text
        with open(phq9, "w") as f:
            f.write(text.replace("\nband total 5 9 mild\n",
                                 "\nband total 6 9 mild\n"))
        line = text[:text.index("band total 5 9 mild")].count("\n") + 1
        path = write_conf(s, "gap.conf", [l for l in lines if not l.startswith(
            "content_dir")] + ["content_dir = %s" % content])
        r = bbsd("-t", "-c", path)
        assert r.returncode == 1
        assert ("phq9.def:%d: the bands of score total leave a gap: 5 to 5 "
                "is in no band" % line) in r.stderr, r.stderr
        r = bbsctl("-c", path, "check")
        assert r.returncode == 1
        assert "phq9.def:%d:" % line in r.stderr, r.stderr


def test_bbsctl_exit_codes_and_check():
    with Server() as s:
        s.add_user("ana", "patient")
        conf = s.conf_path
        # Usage errors: exit 2 with the synopsis.
        for args in ([], ["-c", conf], ["-c", conf, "frobnicate"],
                     ["-c", conf, "user"], ["-c", conf, "user", "add", "bea"],
                     ["-c", conf, "user", "role", "ana"],
                     ["-c", conf, "invite", "create"], ["-c", conf, "backup"],
                     ["-c", conf, "check", "extra"], ["-x"]):
            r = bbsctl(*args)
            assert r.returncode == 2, (args, r.returncode, r.stderr)
            assert "usage: bbsctl -c FILE command" in r.stderr, (args, r.stderr)
        # Failures: exit 1 with a message naming what is wrong.
        for args, msg in ((["user", "role", "nobody", "patient"], "nobody: no such account"),
                          (["user", "add", "bea", "--role", "wizard"], "wizard: unknown role"),
                          (["user", "role", "ana", "wizard"], "wizard: unknown role"),
                          (["user", "disable", "ana"], "--reason"),
                          (["user", "add", "ana", "--role", "patient"], "ana:"),
                          (["invite", "create", "--role", "patient", "--expires", "soon"],
                           "--expires soon"),
                          (["init", "--password-file", "/nonexistent"], "already has accounts")):
            r = bbsctl("-c", conf, *args)
            assert r.returncode == 1, (args, r.returncode, r.stderr)
            assert r.stderr.startswith("bbsctl: ") and msg in r.stderr, (args, r.stderr)
        r = bbsctl("-c", os.path.join(s.dir, "nope.conf"), "check")
        assert r.returncode == 1 and "nope.conf" in r.stderr
        assert s.sql("SELECT count(*) FROM accounts") == [(2,)]
        # Success: exit 0.
        r = bbsctl("-c", conf, "user", "list")
        assert r.returncode == 0, r.stderr
        assert re.search(r"(?m)^ana +patient +active +never$", r.stdout), r.stdout

        # check on an untouched database passes and counts the audit rows.
        rows = s.sql("SELECT count(*) FROM audit")[0][0]
        assert rows >= 2
        r = bbsctl("-c", conf, "check")
        assert r.returncode == 0, r.stderr
        assert "integrity: ok" in r.stdout
        assert "audit chain: ok (%d rows)" % rows in r.stdout, r.stdout

        # Someone with the file removes the trigger and edits a row.
        assert s.sql("SELECT action FROM audit WHERE id = 2") == [("account.create",)]
        s.sql("DROP TRIGGER audit_no_update")
        s.sql("UPDATE audit SET detail = 'nothing happened' WHERE id = 2")
        r = bbsctl("-c", conf, "check")
        assert r.returncode == 1
        assert "audit chain broken at row 2" in r.stderr, r.stderr


def test_demo_fills_an_empty_database_only():
    with Server() as s:
        # bbsd never opens the database, so a fresh one can replace it.
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(os.path.join(s.dir, "mirall.db" + suffix))
            except FileNotFoundError:
                pass
        r = s.ctl("demo")
        assert r.returncode == 0, r.stderr
        assert DEMO_PASSWORD in r.stdout
        r = s.ctl("user", "list")
        listed = dict(re.findall(r"(?m)^(\S+) +(\S+) +active", r.stdout))
        assert listed == DEMO_ACCOUNTS, r.stdout
        invites = s.sql("SELECT count(*) FROM invites")
        assert invites == [(1,)]
        # The demo community: boards, posts and library, all visible.
        assert s.sql("SELECT count(*) FROM boards") == [(6,)]
        assert s.sql("SELECT count(*) FROM posts WHERE state != 0") == [(0,)]
        assert s.sql("SELECT count(*) FROM articles") == [(6,)]
        # The demo password really logs in; a demo account starts with the rules.
        t = login(s, "ana", password=DEMO_PASSWORD)
        t.wait(r"Mirall · Community rules")
        t.close()
        # A database with accounts is refused, and nothing is added.
        accounts = s.sql("SELECT id, pseudonym, pwhash FROM accounts ORDER BY id")
        audit = s.sql("SELECT count(*) FROM audit")
        r = s.ctl("demo")
        assert r.returncode == 1
        assert "already holds" in r.stderr, r.stderr
        assert s.sql("SELECT id, pseudonym, pwhash FROM accounts ORDER BY id") == accounts
        assert s.sql("SELECT count(*) FROM invites") == invites
        assert s.sql("SELECT count(*) FROM audit") == audit


def test_backup_of_a_live_database():
    with Server() as s:
        s.add_user("ana", "patient")
        t = login_to_menu(s, "ana")
        dest = os.path.join(s.dir, "backup.db")
        r = s.ctl("backup", dest)
        assert r.returncode == 0, r.stderr
        assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
        assert sqlite3_cli(dest, "PRAGMA integrity_check").strip() == "ok"
        assert sqlite3_cli(dest, "SELECT pseudonym FROM accounts ORDER BY 1").split() == \
            ["admin", "ana"]
        # The session's login is in the copy too.
        assert "ana" in sqlite3_cli(dest, "SELECT actor_name FROM audit WHERE action = 'login'")
        # An existing file is never overwritten.
        before = open(dest, "rb").read()
        r = s.ctl("backup", dest)
        assert r.returncode == 1 and dest in r.stderr
        assert open(dest, "rb").read() == before
        # The session was not disturbed.
        t.send("a")
        t.wait(r"Change password")
        t.close()


def test_user_and_invite_commands_are_audited():
    with Server() as s:
        op = "bbsctl (%s)" % __import__("pwd").getpwuid(os.getuid()).pw_name
        s.add_user("bea", "patient")
        assert audit_rows(s, "account.create")[-1][:2] == (op, "operator")

        assert s.ctl_ok("user", "role", "bea", "expert").strip() == "bea is now expert"
        assert s.sql("SELECT role FROM accounts WHERE pseudonym = 'bea'") == [(1,)]
        s.give_consents("bea")      # now an expert: the expert purpose too
        assert [r[:2] for r in audit_rows(s, "account.role")] == [(op, "operator")]

        # A reason is required, and what reaches the audit log is sanitised.
        r = s.ctl("user", "disable", "bea", "--reason", "")
        assert r.returncode == 1, r.stderr
        assert s.sql("SELECT disabled FROM accounts WHERE pseudonym = 'bea'") == [(0,)]
        s.ctl_ok("user", "disable", "bea", "--reason", "asked to \x1b[2Jpause\u202e")
        assert s.sql("SELECT disabled FROM accounts WHERE pseudonym = 'bea'") == [(1,)]
        rows = audit_rows(s, "account.disable")
        assert [r[:2] for r in rows] == [(op, "operator")]
        assert "asked to [2Jpause" in rows[0][2]
        assert "\x1b" not in rows[0][2] and "\u202e" not in rows[0][2]

        s.ctl_ok("user", "enable", "bea")
        assert s.sql("SELECT disabled FROM accounts WHERE pseudonym = 'bea'") == [(0,)]
        assert [r[:2] for r in audit_rows(s, "account.enable")] == [(op, "operator")]

        out = s.ctl_ok("user", "passwd", "bea")
        m = re.search(r"one-time password for bea, to be changed at next login: (\S+)", out)
        assert m, out
        otp = m.group(1)
        assert [r[:2] for r in audit_rows(s, "account.password-reset")] == [(op, "operator")]
        assert otp not in "".join(str(r) for r in s.sql("SELECT * FROM audit"))
        assert otp not in s.log_text()
        # The one-time password logs in, straight to the forced change.
        t = login(s, "bea", password=otp)
        t.wait(r"An administrator reset your password")
        t.wait(r"One-time password")
        assert "Main menu" not in t.text()
        t.close()

        # Invites last from 1 hour to 90 days.
        for expires, secs in (("1h", 3600), ("90d", 90 * 86400)):
            code = s.ctl_ok("invite", "create", "--role", "patient",
                            "--expires", expires).strip()
            assert re.fullmatch(r"\S{8,}", code), code
            assert s.sql("SELECT expires_at - created_at FROM invites ORDER BY id DESC "
                         "LIMIT 1") == [(secs,)]
        r = s.ctl("invite", "create", "--role", "patient", "--expires", "91d")
        assert r.returncode == 1
        assert "1 hour to 90 days" in r.stderr, r.stderr
        assert s.sql("SELECT count(*) FROM invites") == [(2,)]
        assert [r[:2] for r in audit_rows(s, "invite.create")] == [(op, "operator")] * 2
        # Every change above, and nothing else, is the operator's.
        assert s.sql("SELECT action FROM audit WHERE actor_role = 'operator' ORDER BY id") == \
            [("account.create",), ("account.create",), ("account.role",),
             ("account.disable",), ("account.enable",), ("account.password-reset",),
             ("invite.create",), ("invite.create",)]
        r = s.ctl("check")
        assert r.returncode == 0, r.stderr


def test_database_newer_than_program_refused():
    with Server() as s:
        s.sql("PRAGMA user_version = 99")
        r = s.ctl("check")
        assert r.returncode == 1
        assert "newer" in r.stderr, r.stderr
        r = s.ctl("user", "list")
        assert r.returncode == 1 and "newer" in r.stderr
        # Nothing was migrated or written.
        assert s.sql("PRAGMA user_version") == [(99,)]


def test_lists_print_stored_names_inert():
    with Server() as s:
        s.add_user("mallory", "patient")
        hostile = (b"ev\x1b]0;pwned\x07il\x1b[2J" + "\u009b".encode() + b"6n" +
                   "\u202e".encode() + "\u200b".encode() + b"\xff" + b"x")
        s.sql("UPDATE accounts SET pseudonym = CAST(? AS TEXT) WHERE pseudonym = 'mallory'",
              (hostile,))
        s.ctl_ok("invite", "create", "--role", "patient")
        s.sql("UPDATE invites SET used_by = (SELECT id FROM accounts WHERE role = 0), "
              "used_at = 1")
        for args in (("user", "list"), ("invite", "list")):
            r = subprocess.run([os.path.join(BUILD, "bbsctl"), "-c", s.conf_path] +
                               list(args), capture_output=True, timeout=60)
            assert r.returncode == 0, r.stderr
            out = r.stdout.decode("utf-8")      # valid UTF-8 throughout
            assert "\x1b" not in out and "\x07" not in out, out
            assert not any(0x80 <= ord(c) <= 0x9f for c in out), out
            assert "\u202e" not in out and "\u200b" not in out
            assert "ev]0;pwnedil[2J6n\ufffdx" in out, out
        # The columns after the name stay aligned.
        r = s.ctl("user", "list")
        assert re.search(r"(?m)^ev\S+ +patient +active +never$", r.stdout), r.stdout

