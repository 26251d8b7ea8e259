"""The SSH gateway seen from a real OpenSSH client."""
import os
import stat
import subprocess
import time

from harness import (BUILD, PASSWORD, Server, Term, login, login_to_menu,
                     ssh_argv, wait_for)


def test_password_login_reaches_main_menu():
    with Server() as s:
        s.add_user("ana", "patient")
        t = login_to_menu(s, "ana")
        text = t.text()
        assert "ana" in text and "patient" in text and "? help" in text
        assert "Account" in text
        assert "Staff administration" not in text
        t.close()
        log = s.log_text()
        assert "auth ok: user=ana method=password" in log
        assert PASSWORD not in log


def test_host_key_created_private_and_fingerprint_logged():
    with Server() as s:
        mode = stat.S_IMODE(os.stat(os.path.join(s.dir, "host_key")).st_mode)
        assert mode == 0o600
        assert "host key fingerprint: ED25519 SHA256:" in s.log_text()


def test_wrong_password_refused_and_delayed():
    with Server() as s:
        s.add_user("ana", "patient")
        start = time.monotonic()
        t = Term(ssh_argv(s, "ana"))
        t.wait(r"password:")
        t.line("not-the-right-password-at-all")
        status = t.wait_exit()
        elapsed = time.monotonic() - start
        assert status != 0
        assert "Main menu" not in t.text()
        # every failure costs a randomised pause of at least 250 ms
        assert elapsed >= 0.25
        assert "auth failed: user=ana method=password" in s.log_text()
        # the next attempt waits for the throttle (base 200 ms) as well
        rows = s.sql("SELECT failures FROM login_throttle WHERE key = 'user:ana'")
        assert rows == [(1,)]


def test_exec_and_sftp_refused():
    with Server() as s:
        s.add_user("ana", "patient")
        t = Term(ssh_argv(s, "ana", extra=["-T"]) + ["cat", "/etc/passwd"])
        t.wait(r"password:")
        t.line(PASSWORD)
        status = t.wait_exit()
        assert status != 0
        assert "root:" not in t.text()
        t = Term(["sftp", "-F", "/dev/null", "-P", str(s.port),
                  "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                  "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR",
                  "ana@127.0.0.1"])
        t.wait(r"password:")
        t.line(PASSWORD)
        status = t.wait_exit()
        assert status != 0
        assert "sftp>" not in t.text()
