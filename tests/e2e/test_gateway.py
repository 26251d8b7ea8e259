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


def test_login_grace_time_closes_silent_connections():
    import socket
    with Server(login_grace_time="2s") as s:
        start = time.monotonic()
        c = socket.create_connection(("127.0.0.1", s.port), timeout=15)
        assert c.recv(64).startswith(b"SSH-2.0-")
        c.sendall(b"SSH-2.0-silent\r\n")     # then say nothing more
        while c.recv(4096):
            pass                            # until the server closes
        elapsed = time.monotonic() - start
        c.close()
        assert 1.5 <= elapsed < 12


def test_max_auth_tries_disconnects():
    with Server(max_auth_tries=2, throttle_base="0s") as s:
        s.add_user("ana", "patient")
        argv = ssh_argv(s, "ana")
        argv[argv.index("NumberOfPasswordPrompts=1")] = "NumberOfPasswordPrompts=5"
        t = Term(argv)
        answered = 0
        while True:
            # a new prompt, or the end of the connection
            wait_for(lambda: (t.pump(0.1), not t.child.isalive() or
                              t.text().count("password:") > answered)[1],
                     what="another prompt or the end")
            if t.text().count("password:") == answered:
                break
            answered += 1
            t.line("wrong-password-%d-for-sure" % answered)
            assert answered <= 5
        assert t.wait_exit() != 0
        assert answered == 2
        assert "too many authentication failures" in s.log_text()


def test_second_channel_refused():
    with Server() as s:
        s.add_user("ana", "patient")
        sock = os.path.join(s.dir, "ctl")
        t = Term(ssh_argv(s, "ana", extra=["-o", "ControlMaster=yes",
                                           "-o", "ControlPath=" + sock]))
        t.wait(r"password:")
        t.line(PASSWORD)
        t.wait(r"Main menu")
        wait_for(lambda: os.path.exists(sock), what="the control socket")
        r = subprocess.run(ssh_argv(s, "ana", extra=["-o", "ControlPath=" + sock,
                                                     "-T"]) + ["true"],
                           capture_output=True, text=True, timeout=30)
        assert r.returncode != 0
        assert "refused by peer" in r.stderr
        # The first session is untouched.
        t.send("a")
        t.wait(r"Change password")
        t.close()


def test_client_environment_is_ignored():
    with Server() as s:
        s.add_user("ana", "patient")
        t = Term(ssh_argv(s, "ana", extra=["-o", "SetEnv=LANGUAGE=es LC_ALL=es_ES.UTF-8 "
                                           "LINES=5 COLUMNS=10"]))
        t.wait(r"password:")
        t.line(PASSWORD)
        t.wait(r"Main menu")       # English: the account's language, not the client's
        t.wait(r"\? help\s*$")
        assert len(t.screen.display) == 24 and "Menú" not in t.text()
        t.close()


def test_sighup_reopens_the_log():
    import signal
    with Server() as s:
        s.add_user("ana", "patient")
        wait_for(lambda: "listening on" in s.log_text(), what="the first log lines")
        os.rename(s.log, s.log + ".1")
        s.proc.send_signal(signal.SIGHUP)
        wait_for(lambda: "log reopened" in s.log_text(), what="a new log file")
        t = login_to_menu(s, "ana")
        t.close()
        wait_for(lambda: "auth ok: user=ana" in s.log_text(), what="the login in the new log")
        with open(s.log + ".1") as f:
            assert "auth ok" not in f.read()
