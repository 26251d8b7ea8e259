"""End-to-end harness: a real bbsd on a free loopback port, driven through
the system's OpenSSH client on a pty, with the screen read by pyte.

Nothing here sleeps to synchronise: every wait polls for a screen or
process condition with a deadline.
"""
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pexpect
import pyte

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("MIRALL_BUILD", "build"))
PASSWORD = "quiet-river-stone-morning"   # passes the policy
TIMEOUT = float(os.environ.get("MIRALL_E2E_TIMEOUT", "15"))

# enum consent_purpose (bbs/bbs.h) and the purposes' text directories.
CONSENT_CARE, CONSENT_COMMUNITY, CONSENT_EXPERT, CONSENT_RESEARCH = range(4)
CONSENT_DIRS = ("care", "community", "expert", "research")

KEYS = {
    "up": "\x1bOA", "down": "\x1bOB", "right": "\x1bOC", "left": "\x1bOD",
    "enter": "\r", "esc": "\x1b", "tab": "\t", "backspace": "\x7f",
    "home": "\x1bOH", "end": "\x1bOF", "pgdn": "\x1b[6~", "pgup": "\x1b[5~",
    "ctrl-s": "\x13", "delete": "\x1b[3~",
}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(cond, timeout=TIMEOUT, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(0.02)   # polling interval, not synchronisation
    raise AssertionError("timed out waiting for " + what)


class Server:
    """A bbsd with its own config, database and host key in a temp dir."""

    def __init__(self, **conf):
        self.dir = tempfile.mkdtemp(prefix="mirall-e2e-")
        self.port = free_port()
        self.conf_path = os.path.join(self.dir, "bbs.conf")
        self.log = os.path.join(self.dir, "bbsd.log")
        settings = {
            "listen": "127.0.0.1:%d" % self.port,
            "database": "mirall.db",
            "host_key": "host_key",
            "content_dir": os.path.join(ROOT, "content"),
            "ui_program": os.path.join(BUILD, "bbs-ui"),
            "log_file": self.log,
            "password_hash_ops": "1",
            "password_hash_memory": "8M",
            "throttle_base": "200ms",
        }
        settings.update({k: str(v) for k, v in conf.items()})
        self.content_dir = settings["content_dir"]
        with open(self.conf_path, "w") as f:
            for k, v in settings.items():
                f.write("%s = %s\n" % (k, v))
        self.proc = None
        self.ctl_ok("init", "--admin", "admin",
                    "--password-file", self.password_file(PASSWORD))

    def password_file(self, password):
        fd, path = tempfile.mkstemp(dir=self.dir)
        with os.fdopen(fd, "w") as f:
            f.write(password + "\n")
        return path

    def ctl(self, *args, input=None):
        return subprocess.run([os.path.join(BUILD, "bbsctl"), "-c", self.conf_path] +
                              list(args), capture_output=True, text=True,
                              input=input, timeout=60)

    def ctl_ok(self, *args):
        r = self.ctl(*args)
        if r.returncode != 0:
            raise AssertionError("bbsctl %s failed: %s" % (" ".join(args), r.stderr))
        return r.stdout

    def add_user(self, name, role="patient", password=PASSWORD, accept_rules=True,
                 consent=True):
        """A new account; with accept_rules it has taken the community rules,
        with consent (patients and experts) it has given care and community
        consent (and expert consent for an expert), so it reaches the main
        menu at its first login."""
        self.ctl_ok("user", "add", name, "--role", role,
                    "--password-file", self.password_file(password))
        if accept_rules:
            self.sql("UPDATE accounts SET rules_version = 1000000 WHERE pseudonym = ?",
                     (name,))
        if consent:
            self.give_consents(name)

    def consent_text(self, purpose):
        """(version, hash) of a consent text in this server's content, or
        (1, a stand-in hash) when the text is not there."""
        d = os.path.join(self.content_dir, "consent", CONSENT_DIRS[purpose])
        try:
            with open(os.path.join(d, "version")) as f:
                version = int(f.read())
            with open(os.path.join(d, "en.txt"), "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            return version, digest
        except (OSError, ValueError):
            return 1, "e2e-" + CONSENT_DIRS[purpose]

    def record_consent(self, name, purpose, given=True, study=""):
        """A consent decision recorded for account name, as the operator
        would on paper (recorded_by NULL); purpose as in enum
        consent_purpose: CONSENT_CARE, ..."""
        version, digest = self.consent_text(purpose)
        self.sql("INSERT INTO consents(account_id, purpose, study, given, "
                 "text_version, text_hash, language, recorded_by, at) "
                 "SELECT id, ?, ?, ?, ?, ?, 'en', NULL, strftime('%s','now') "
                 "FROM accounts WHERE pseudonym = ?",
                 (purpose, study, 1 if given else 0, version, digest, name))

    def give_consents(self, name=None):
        """Care and community consent (and expert consent for experts) for
        account name, or every patient and expert when name is None, where
        no decision is recorded yet; and a decision (declined) for every
        study in the database, so no consent screen waits at login."""
        studies = [r[0] for r in self.sql("SELECT id FROM studies")]
        wanted = [(CONSENT_CARE, "", True, (0, 1)),
                  (CONSENT_COMMUNITY, "", True, (0, 1)),
                  (CONSENT_EXPERT, "", True, (1,))]
        wanted += [(CONSENT_RESEARCH, study, False, (0, 1))
                   for study in studies]
        for purpose, study, given, roles in wanted:
            version, digest = self.consent_text(purpose)
            self.sql("INSERT INTO consents(account_id, purpose, study, given, "
                     "text_version, text_hash, language, recorded_by, at) "
                     "SELECT a.id, ?1, ?2, ?3, ?4, ?5, 'en', NULL, "
                     "strftime('%%s','now') FROM accounts a WHERE a.role IN "
                     "(%s) AND (?6 IS NULL OR a.pseudonym = ?6) AND NOT "
                     "EXISTS (SELECT 1 FROM consents c WHERE c.account_id = "
                     "a.id AND c.purpose = ?1 AND c.study = ?2)"
                     % ", ".join(str(r) for r in roles),
                     (purpose, study, 1 if given else 0, version, digest,
                      name))

    def sql(self, statement, params=()):
        import sqlite3
        con = sqlite3.connect(os.path.join(self.dir, "mirall.db"), timeout=10)
        try:
            cur = con.execute(statement, params)
            rows = cur.fetchall()
            con.commit()
            return rows
        finally:
            con.close()

    def start(self):
        self.proc = subprocess.Popen([os.path.join(BUILD, "bbsd"), "-c", self.conf_path],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

        def ready():
            if self.proc.poll() is not None:
                raise AssertionError("bbsd exited: " + self.proc.stderr.read().decode())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return True
            except OSError:
                return False
        wait_for(ready, what="bbsd to listen")
        return self

    def log_text(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


def ssh_argv(server, user, key=None, extra=()):
    argv = ["ssh", "-F", "/dev/null", "-p", str(server.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
            "-o", "NumberOfPasswordPrompts=1", "-o", "IdentitiesOnly=yes"]
    if key:
        argv += ["-i", key, "-o", "PreferredAuthentications=publickey"]
    else:
        argv += ["-o", "PubkeyAuthentication=no",
                 "-o", "PreferredAuthentications=password,keyboard-interactive,none"]
    argv += list(extra)
    argv += ["%s@127.0.0.1" % user]
    return argv


class Term:
    """A program on a pty, with a pyte screen of what it displayed."""

    def __init__(self, argv, cols=80, rows=24, env=None):
        e = dict(os.environ)
        e.pop("SSH_AUTH_SOCK", None)
        e["TERM"] = "xterm-256color"
        if env:
            e.update(env)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.child = pexpect.spawn(argv[0], argv[1:], dimensions=(rows, cols), env=e)

    def pump(self, timeout=0.05):
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return False
        except pexpect.EOF:
            return False
        self.raw += data
        self.stream.feed(data)
        return True

    def text(self):
        return "\n".join(self.screen.display)

    def wait(self, pattern, timeout=TIMEOUT):
        """Wait until the screen matches pattern (a regex); return the match."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.text())
            if m:
                return m
            if time.monotonic() > deadline:
                raise AssertionError("screen never showed %r; it shows:\n%s"
                                     % (pattern, self.text()))
            if not self.pump(0.1) and not self.child.isalive():
                self.pump(0.1)
                m = rx.search(self.text())
                if m:
                    return m
                raise AssertionError("program ended before %r; screen:\n%s"
                                     % (pattern, self.text()))

    def wait_gone(self, pattern, timeout=TIMEOUT):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while rx.search(self.text()):
            if time.monotonic() > deadline:
                raise AssertionError("screen still shows %r:\n%s" % (pattern, self.text()))
            self.pump(0.1)

    def send(self, s):
        self.child.send(s.encode() if isinstance(s, str) else s)

    def key(self, name, times=1):
        for _ in range(times):
            self.send(KEYS[name])

    def line(self, s):
        self.send(s + "\r")

    def resize(self, cols, rows):
        self.screen.resize(rows, cols)
        self.child.setwinsize(rows, cols)

    def wait_exit(self, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while self.child.isalive():
            if time.monotonic() > deadline:
                raise AssertionError("program did not exit; screen:\n" + self.text())
            self.pump(0.1)
        self.child.close()
        return self.child.exitstatus

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


def login(server, user, password=PASSWORD, cols=80, rows=24):
    """Log in with a password through OpenSSH; return the Term at the first screen."""
    t = Term(ssh_argv(server, user), cols, rows)
    t.wait(r"password:")
    t.line(password)
    return t


def login_to_menu(server, user, password=PASSWORD, cols=80, rows=24):
    t = login(server, user, password, cols, rows)
    t.wait(r"Main menu")
    t.wait(r"\? help\s*$")     # the status line, drawn last
    return t


def answer_consents(t, answers="", default="y"):
    """At a first login's consent screens (ui/consent_screen.c), one per
    purpose not decided yet, titled "... (i of n)": read each text to its
    end and answer with the next key of answers ("y" agree, "n" do not
    agree), default once answers runs out, until the main menu.  Returns
    the screens' titles, in order."""
    seen = []
    i = 1
    while True:
        m = t.wait(r"(?m)^ Mirall · (Main menu|(.*) \(%d of \d+\)) *$" % i)
        if m.group(1) == "Main menu":
            t.wait(r"\? help\s*$")
            return seen
        seen.append(m.group(2))
        t.wait(r"q done reading")
        t.send("q")
        t.wait(r"Yes, I agree")
        t.send(answers[i - 1] if i <= len(answers) else default)
        i += 1


# ------------------------------------------------- the demo community

DEMO_PASSWORD = "mirall-demo-2026"   # bbs/demo.c, for every demo account


def demo_server(**conf):
    """A Server (not started) whose database holds the demo community of
    "bbsctl demo" instead of the lone admin of "bbsctl init": demo data is
    only loaded into an empty database, so the init database is removed
    first.  Every demo account has taken the community rules already, and
    every patient and expert has a consent decision for each purpose (the
    demo's own decisions are kept)."""
    s = Server(**conf)
    for name in os.listdir(s.dir):
        if name.startswith("mirall.db"):
            os.remove(os.path.join(s.dir, name))
    s.ctl_ok("demo")
    s.sql("UPDATE accounts SET rules_version = 1000000")
    s.give_consents()
    return s


class ScrollingScreen(pyte.Screen):
    """A pyte screen that also scrolls on SU and SD (CSI n S, CSI n T),
    which ncurses sends to scroll a region by several lines at once and
    pyte 0.8 does not know: without them a scrolled text is left half
    drawn."""

    def _scroll(self, count, up):
        top, bottom = self.margins or pyte.screens.Margins(0, self.lines - 1)
        y, x = self.cursor.y, self.cursor.x
        for _ in range(max(count or 1, 1)):
            self.cursor.y = bottom if up else top
            if up:
                self.index()
            else:
                self.reverse_index()
        self.cursor.y, self.cursor.x = y, x

    def scroll_up(self, count=None, *args, **kwargs):
        self._scroll(count, True)

    def scroll_down(self, count=None, *args, **kwargs):
        self._scroll(count, False)


class ScrollingByteStream(pyte.ByteStream):
    csi = dict(pyte.ByteStream.csi, S="scroll_up", T="scroll_down")
    events = pyte.ByteStream.events | {"scroll_up", "scroll_down"}


class ScrollTerm(Term):
    """A Term whose screen follows ncurses' multi-line scrolling (for
    screens that scroll long texts, such as a thread)."""

    def __init__(self, argv, cols=80, rows=24, env=None):
        super().__init__(argv, cols, rows, env)
        self.screen = ScrollingScreen(cols, rows)
        self.stream = ScrollingByteStream(self.screen)


def scroll_login_to_menu(server, user, password=PASSWORD, cols=80, rows=24):
    """login_to_menu with a ScrollTerm."""
    t = ScrollTerm(ssh_argv(server, user), cols, rows)
    t.wait(r"password:")
    t.line(password)
    t.wait(r"Main menu")
    t.wait(r"\? help\s*$")
    return t


def set_conf(server, **conf):
    """Change settings in a Server's config file before it starts (for
    settings the demo content must not be loaded under, say)."""
    with open(server.conf_path) as f:
        lines = [l for l in f.read().splitlines()
                 if l.split("=", 1)[0].strip() not in conf]
    lines += ["%s = %s" % (k, v) for k, v in conf.items()]
    with open(server.conf_path, "w") as f:
        f.write("\n".join(lines) + "\n")
