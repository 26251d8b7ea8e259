"""The terminal side of a session: resizing, idle sign-out, shutdown,
hostile stored text, clients without a pty, old terminals, languages and
the limit on connections that have not logged in."""
import os
import re
import signal
import socket
import time

from harness import (PASSWORD, Server, Term, login_to_menu, ssh_argv,
                     wait_for)


def _rows(t):
    return t.screen.display


def _status_row_is_last(t, cols, rows):
    """The status line ("name (role) ... ? help") is the last row, alone."""
    d = _rows(t)
    if len(d) != rows or any(len(r) != cols for r in d):
        return False
    last = d[-1]
    if not (last.startswith(" ana (patient)") and last.rstrip().endswith("? help")):
        return False
    # No stale copy of the status line anywhere else on the screen.
    return not any("? help" in r for r in d[:-1])


def _row_bg(t, row):
    return {t.screen.buffer[row][x].bg for x in range(t.screen.columns)}


def _conf_processes(s):
    """Live processes whose command line names this server's config."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if s.conf_path.encode() in cmd:
            found.append((int(pid), cmd.replace(b"\0", b" ").decode(errors="replace")))
    return found


def _admin_ready(s):
    """The admin made by bbsctl init has not accepted the rules yet."""
    s.sql("UPDATE accounts SET rules_version = 1000000 WHERE pseudonym = 'admin'")


def test_resize_redraws():
    with Server() as s:
        s.add_user("ana", "patient")
        t = login_to_menu(s, "ana")
        # "Main menu" can arrive before the rest of the first screen.
        wait_for(lambda: (t.pump(0.1), _status_row_is_last(t, 80, 24))[1],
                 what="the status line on row 24 of 80x24")

        t.resize(100, 30)
        wait_for(lambda: (t.pump(0.1), _status_row_is_last(t, 100, 30))[1],
                 what="the status line on row 30 of 100x30:\n" + t.text())
        # The title bar is painted across the whole new width.
        assert t.screen.display[0].startswith(" Mirall · Main menu")
        assert _row_bg(t, 0) == {"blue"}
        assert _row_bg(t, 29) == {"cyan"}

        t.resize(60, 20)
        wait_for(lambda: (t.pump(0.1), _status_row_is_last(t, 60, 20))[1],
                 what="the status line on row 20 of 60x20")
        assert _row_bg(t, 0) == {"blue"}
        assert "Main menu" in t.screen.display[0]
        # Still usable: a hotkey opens the Account menu, Esc comes back.
        t.send("a")
        t.wait(r"Mirall · Account")
        t.wait(r"Change password")
        wait_for(lambda: (t.pump(0.1), _status_row_is_last(t, 60, 20))[1],
                 what="the status line after the Account menu")
        t.key("esc")
        t.wait(r"Mirall · Main menu")
        t.close()


def test_idle_timeout_warns_then_ends():
    with Server(idle_timeout="4s", idle_warning="2s") as s:
        s.add_user("ana", "patient")
        t = login_to_menu(s, "ana")
        start = time.monotonic()
        t.wait(r"You have been inactive for a while")
        t.wait(r"signed out in 2 seconds")
        warned = time.monotonic() - start
        t.wait(r"You were signed out after a period of inactivity")
        status = t.wait_exit()
        ended = time.monotonic() - start
        assert status == 0
        # The warning comes first, and the end not before 4 s idle (the
        # UI's clock counts whole seconds).
        assert warned < ended
        assert ended >= 2.5, ended
        wait_for(lambda: "session end: user=ana" in s.log_text(),
                 what="the session end in the log")


def test_idle_timeout_key_during_warning_keeps_session():
    with Server(idle_timeout="4s", idle_warning="2s") as s:
        s.add_user("ana", "patient")
        t = login_to_menu(s, "ana")
        t.wait(r"You have been inactive for a while")
        # The key that dismisses the warning does nothing else.
        t.send("a")
        t.wait_gone(r"You have been inactive")
        t.wait(r"Mirall · Main menu")
        assert "Change password" not in t.text()
        t.send("a")
        t.wait(r"Change password")
        t.key("esc")
        t.wait(r"Mirall · Main menu")
        assert t.child.isalive()
        assert "signed out" not in t.text()
        assert "session end" not in s.log_text()
        t.close()


def test_sigterm_tells_users_and_stops():
    with Server() as s:
        s.add_user("ana", "patient")
        s.add_user("marta", "expert")
        t1 = login_to_menu(s, "ana")
        t2 = login_to_menu(s, "marta")
        # A stranger who stalls in the key exchange must not hold it up.
        stalled = socket.create_connection(("127.0.0.1", s.port), timeout=TIMEOUT_SOCK)
        assert _banner(stalled).startswith(b"SSH-2.0-")
        assert len(_conf_processes(s)) == 6   # bbsd, 3 sessions, 2 UIs
        start = time.monotonic()
        s.proc.send_signal(signal.SIGTERM)
        for t in (t1, t2):
            t.wait(r"going down for maintenance")
        for t in (t1, t2):
            t.wait_exit()
        rc = s.proc.wait(timeout=10)
        elapsed = time.monotonic() - start
        assert rc == 0
        # Well under the 5 s the listener gives sessions before SIGKILL.
        assert elapsed < 3, elapsed
        assert _conf_processes(s) == []
        assert stalled.recv(256) == b""
        stalled.close()
        log = s.log_text()
        assert "shutting down: ending 3 session(s)" in log
        assert "session end: user=ana" in log
        assert "session end: user=marta" in log
        assert "ended by signal" not in log
        assert log.rstrip().endswith("stopped")


# Terminal commands and invisible characters an old database might hold.
HOSTILE_PSEUDONYM = (b"ev\xffil" + b"\x1b]0;pwned\x07" + b"\x1b[2J" + b"\x1b[31m" +
                     "\u009b".encode() + b"6n" + "\u202e".encode() + b"rev" +
                     "\u200b".encode() + b"tail")
# How it is drawn: the visible leftovers, the invalid byte as U+FFFD.
HOSTILE_SHOWN = "ev\ufffdil]0;pwned[2J[31m6nrevtail"
# What OpenSSH lets through in a user name: bidi, zero width, C1 and
# invalid UTF-8 (it refuses ESC and other C0 controls itself).
HOSTILE_LOGIN = "ev\u202eil\u200b\u009b2J\udcffx"


def _assert_inert(raw):
    assert b"\x1b]" not in raw, "an OSC reached the terminal"
    assert b"pwned\x07" not in raw, "a BEL-terminated title reached the terminal"
    assert b"\x1b[2J" not in raw, "a screen clear reached the terminal"
    assert b"\x1b[31m" not in raw, "the injected colour reached the terminal"
    assert b"\x1b[6n" not in raw and b"\x9b6n" not in raw
    assert b"\xe2\x80\xae" not in raw, "U+202E reached the terminal"
    assert b"\xe2\x80\x8b" not in raw, "U+200B reached the terminal"
    assert b"\xc2\x9b" not in raw, "a C1 CSI reached the terminal"
    text = raw.decode("utf-8")          # everything sent is valid UTF-8
    assert not any(0x80 <= ord(c) <= 0x9f for c in text), "a C1 control was sent"


def test_legacy_text_reaches_terminal_inert():
    with Server() as s:
        _admin_ready(s)
        s.add_user("mallory", "patient")
        s.sql("UPDATE accounts SET pseudonym = CAST(? AS TEXT) WHERE pseudonym = 'mallory'",
              (HOSTILE_PSEUDONYM,))
        # A failed login under a hostile user name lands in the audit log.
        t = Term(ssh_argv(s, HOSTILE_LOGIN))
        t.wait(r"password:")
        t.line("not-the-password-at-all")
        assert t.wait_exit() != 0
        wait_for(lambda: s.sql("SELECT count(*) FROM audit WHERE allowed = 0 "
                               "AND action = 'login'") == [(1,)],
                 what="the failed login in the audit log")
        # Stored as sent, or already sanitised: either way it must be
        # drawn inert below.
        stored = s.sql("SELECT hex(actor_name) FROM audit WHERE allowed = 0")[0][0]
        assert bytes.fromhex(stored) in (os.fsencode(HOSTILE_LOGIN),
                                         "evil2J\ufffdx".encode()), stored

        a = login_to_menu(s, "admin")
        mark = len(a.raw)
        a.send("s")
        a.wait(r"Staff administration")
        a.send("u")
        a.wait(r"Mirall · Accounts")
        a.wait(r"ev.*never")
        # Nothing the terminal would act on was sent.
        _assert_inert(bytes(a.raw[mark:]))
        # The list shows at least the first 20 columns of the name.
        a.wait(re.escape(HOSTILE_SHOWN[:20]))
        # The account's own screen has the whole pseudonym as its title.
        row = next(i for i, r in enumerate(a.screen.display) if "ev\ufffdil" in r)
        first = next(i for i, r in enumerate(a.screen.display) if "admin" in r
                     and i > 2)
        a.send("j" * (row - first))
        a.key("enter")
        a.wait(re.escape("Mirall · " + HOSTILE_SHOWN))
        a.wait(r"Change role")
        _assert_inert(bytes(a.raw[mark:]))
        a.key("esc")
        a.wait(r"Mirall · Accounts")
        a.key("esc")
        a.wait(r"Mirall · Staff administration")

        # The audit log, with the attacker-chosen name of the failed login.
        a.send("l")
        a.wait(r"Mirall · Audit log")
        a.wait(r"DENIED")
        row = next(i for i, r in enumerate(a.screen.display) if "DENIED" in r)
        top = 3     # the first row, below the title, a blank row and the header
        # 16 bytes of the name, of which the bidi, zero-width and C1
        # characters are dropped and the invalid byte shown as U+FFFD.
        assert "evil2J\ufffdx" in a.screen.display[row]
        a.send("j" * (row - top))
        a.key("enter")
        a.wait(r"Audit entry")
        a.wait(r"Actor: evil2J\ufffdx \(unknown\)")
        _assert_inert(bytes(a.raw[mark:]))
        a.close()


def test_no_pty_gets_a_message():
    with Server() as s:
        s.add_user("ana", "patient")
        t = Term(ssh_argv(s, "ana", extra=["-T"]))
        t.wait(r"password:")
        t.line(PASSWORD)
        t.wait(r"Mirall needs a terminal")
        assert t.wait_exit() != 0
        wait_for(lambda: "session end: user=ana" in s.log_text(),
                 what="the session end in the log")
        log = s.log_text()
        assert "auth ok: user=ana" in log
        assert "session start" not in log
        assert "Main menu" not in t.text()


def test_vt100_monochrome():
    with Server() as s:
        s.add_user("ana", "patient")
        t = Term(ssh_argv(s, "ana"), env={"TERM": "vt100"})
        t.wait(r"password:")
        t.line(PASSWORD)
        t.wait(r"Main menu")
        wait_for(lambda: "session start: user=ana term=vt100" in s.log_text(),
                 what="the vt100 session in the log")
        # Monochrome: the title bar is reverse video, and no colour is sent.
        assert t.screen.buffer[0][1].reverse
        for params in re.findall(rb"\x1b\[([0-9;]*)m", bytes(t.raw)):
            assert not any(p and 30 <= int(p) <= 49 for p in params.split(b";")), params
        t.send("a")
        t.wait(r"Change password")
        t.send("l")
        t.wait(r"Choose the language")
        t.key("esc")
        t.wait(r"Change password")
        t.key("esc")
        t.wait(r"Mirall · Main menu")
        t.close()


def _language(s, name):
    return s.sql("SELECT language FROM accounts WHERE pseudonym = ?", (name,))[0][0]


def test_language_spanish_and_catalan():
    # Needs the catalogues po/es.po and po/ca.po (built into BUILD/locale).
    with Server() as s:
        s.add_user("ana", "patient")
        t = login_to_menu(s, "ana")
        for key, lang, main, account in (("s", "es", "Menú principal", "Cuenta"),
                                          ("c", "ca", "Menú principal", "Compte"),
                                          ("e", "en", "Main menu", "Account")):
            t.send("a")
            t.wait(r"Mirall · (Account|Cuenta|Compte)")
            t.send("l")
            t.wait(r"Español")
            t.send(key)
            t.wait(r"Mirall · " + account)
            t.key("esc")
            t.wait(r"Mirall · " + main)
            t.wait(r"a  " + account)
            assert _language(s, "ana") == lang
        t.close()


TIMEOUT_SOCK = 10


def _banner(sock):
    sock.settimeout(TIMEOUT_SOCK)
    data = b""
    while b"\n" not in data:
        chunk = sock.recv(256)
        if not chunk:
            break
        data += chunk
    return data


def _admitted(s):
    """A probe connection is served (it gets the SSH banner), then closed."""
    c = socket.create_connection(("127.0.0.1", s.port), timeout=TIMEOUT_SOCK)
    try:
        return _banner(c).startswith(b"SSH-2.0-")
    except OSError:
        return False
    finally:
        c.close()


def test_max_unauthenticated_drops_new_connections():
    with Server(max_unauthenticated=2, max_unauthenticated_per_source=2) as s:
        s.add_user("ana", "patient")
        held = [socket.create_connection(("127.0.0.1", s.port), timeout=TIMEOUT_SOCK)
                for _ in range(2)]
        try:
            # Both are being served: each got the server's banner.
            for c in held:
                assert _banner(c).startswith(b"SSH-2.0-")
            third = socket.create_connection(("127.0.0.1", s.port), timeout=TIMEOUT_SOCK)
            start = time.monotonic()
            try:
                data = third.recv(256)
            except ConnectionResetError:
                data = b""
            finally:
                third.close()
            assert data == b"", data
            assert time.monotonic() - start < 2
            wait_for(lambda: "dropped connection from 127.0.0.1: too many "
                             "unauthenticated connections" in s.log_text(),
                     what="the drop in the log")
        finally:
            for c in held:
                c.close()
        # Once the two are gone, connections are served again.
        wait_for(lambda: _admitted(s), what="a connection to be served again")
        t = login_to_menu(s, "ana")
        t.close()
