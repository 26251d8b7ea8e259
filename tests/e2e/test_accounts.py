"""Accounts end to end: key login, sign-up with invites, passwords, the
community rules, staff administration of accounts and invites, and the
throttling of failed logins, all through the system's OpenSSH client."""
import os
import re
import shutil
import subprocess
import tempfile
import time

from harness import (PASSWORD, ROOT, TIMEOUT, Server, Term, answer_consents,
                     login, login_to_menu, ssh_argv, wait_for)

CTRL_U = "\x15"     # clears a form field
CTRL_S = "\x13"     # saves in the editor
INVITE_RX = r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b"
OTP_RX = r"\b([a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5})\b"
OTHER_PASSWORD = "lantern-orchard-pebble-violin"


# ---------------------------------------------------------------- helpers

def title(t, name):
    """Wait for the screen whose title bar reads "Mirall · name"."""
    return t.wait(r"(?m)^ Mirall · " + re.escape(name) + r" *$")


def fill(t, *values):
    """Type values into the fields of the form on screen, from the current
    field on, each cleared first; Enter on the last one submits."""
    for v in values:
        t.send(CTRL_U + v + "\r")


def dialog_text(t):
    """The title and text of the dialog box on screen, whitespace
    collapsed (the text is wrapped inside the box), or None."""
    sc = t.screen
    rows = [[sc.buffer[y][x].data for x in range(sc.columns)]
            for y in range(sc.lines)]
    for y, row in enumerate(rows):
        if "┌" not in row or "┐" not in row:
            continue
        x0 = row.index("┌")
        x1 = max(i for i, c in enumerate(row) if c == "┐")
        parts = ["".join(row[x0 + 1:x1]).replace("─", " ")]
        for r in rows[y + 1:]:
            if r[x0] == "└":
                break
            parts.append("".join(r[x0 + 1:x1]))
        return " ".join(" ".join(parts).split())
    return None


def has(text, phrases):
    """Whether text holds every phrase (a string, or a compiled regex)."""
    return text is not None and all(
        p.search(text) if isinstance(p, re.Pattern) else p in text
        for p in phrases)


def wait_dialog(t, *phrases, timeout=TIMEOUT):
    """Wait for a dialog box containing every phrase (all that will be
    looked at: the box may still be half drawn); return its text."""
    deadline = time.monotonic() + timeout
    while True:
        d = dialog_text(t)
        if has(d, phrases):
            return d
        if time.monotonic() > deadline:
            raise AssertionError("no dialog with %r; screen:\n%s"
                                 % (phrases, t.text()))
        if not t.pump(0.1) and not t.child.isalive():
            t.pump(0.1)
            d = dialog_text(t)
            if has(d, phrases):
                return d
            raise AssertionError("program ended before a dialog with %r; "
                                 "screen:\n%s" % (phrases, t.text()))


def dismiss(t, *phrases):
    """Wait for a message dialog with phrases, press a key, see it go."""
    text = wait_dialog(t, *phrases)
    t.send(" ")

    def closed():
        t.pump(0.05)
        return not has(dialog_text(t), phrases)
    wait_for(closed, what="the dialog to close")
    return text


def wait_count(t, needle, n):
    """Wait until the screen shows needle at least n times."""
    def enough():
        t.pump(0.05)
        return t.text().count(needle) >= n
    wait_for(enough, what="%r %d times on screen" % (needle, n))


def esc(t, then_title):
    """Go back with Esc and wait for the screen it leads to (Esc must not
    run into the next key, or the two would read as Alt-key)."""
    t.key("esc")
    title(t, then_title)


def menu_body(t, last_entry):
    """The text of a menu once fully drawn (its last entry and its status
    line are there), without the status line, which names the role."""
    t.wait(r"(?m)^  " + re.escape(last_entry) + r" *$")
    t.wait(r"Enter choose · Esc back  \? help *$")
    return "\n".join(t.screen.display[:-1])


def make_key(s, name="id"):
    path = os.path.join(s.dir, name)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                    "e2e-laptop", "-f", path], check=True,
                   capture_output=True)
    with open(path + ".pub") as f:
        pub = f.read().strip()
    out = subprocess.run(["ssh-keygen", "-lf", path + ".pub"], check=True,
                         capture_output=True, text=True).stdout
    fp = re.search(r"SHA256:[A-Za-z0-9+/]+", out).group(0)
    return path, pub, fp


def add_key_in_ui(t, pub, fp):
    """From the main menu: Account → SSH keys → a, paste, Enter."""
    t.send("a")
    title(t, "Account")
    t.send("k")
    title(t, "SSH keys")
    t.send("a")
    title(t, "Add an SSH key")
    t.send(pub + "\r")
    dismiss(t, "Key added")
    title(t, "SSH keys")
    t.wait(re.escape(fp))


def key_login_fails(s, user, key):
    t = Term(ssh_argv(s, user, key=key))
    t.wait(r"Permission denied")
    status = t.wait_exit()
    assert status != 0, "key login unexpectedly succeeded"
    assert "Main menu" not in t.text()


def password_login_fails(s, user, password):
    t = Term(ssh_argv(s, user))
    t.wait(r"password:")
    t.line(password)
    status = t.wait_exit()
    assert status != 0, "password login unexpectedly succeeded"
    assert "Main menu" not in t.text()


def admin_to_menu(s):
    """Log in as the admin made by bbsctl init, the rules already taken."""
    s.sql("UPDATE accounts SET rules_version = 1000000 "
          "WHERE pseudonym = 'admin'")
    return login_to_menu(s, "admin")


def admin_open_account(t, name):
    """From the main menu: Staff administration → Accounts → search name
    → open the first match."""
    t.send("s")
    title(t, "Staff administration")
    t.send("u")
    title(t, "Accounts")
    t.send("/")
    title(t, "Search accounts")
    fill(t, name)
    title(t, 'Accounts matching "%s"' % name)
    t.wait(r"(?m)^ +%s +" % re.escape(name))
    t.key("enter")
    title(t, name)
    t.wait(r"Status: ")


def signup_form(s):
    t = Term(ssh_argv(s, "join"))
    title(t, "Join Mirall")
    return t


def invite_id(s):
    return s.sql("SELECT max(id) FROM invites")[0][0]


def ctl_invite(s, role="patient", expires="7d"):
    out = s.ctl_ok("invite", "create", "--role", role, "--expires", expires)
    m = re.fullmatch(INVITE_RX, out.strip())
    assert m, "bbsctl printed no invite code: %r" % out
    return m.group(1), invite_id(s)


def accept_rules(t):
    """From the rules pager: done reading, then accept, and agree to the
    consents asked for next (a new account has none yet)."""
    title(t, "Community rules")
    t.wait(r"Lines 1–")
    t.send("q")
    t.wait(r"Do you accept the community rules")
    t.send("a")
    answer_consents(t)


# ------------------------------------------------------------------ tests

def test_key_login():
    with Server() as s:
        s.add_user("ana", "patient")
        key, pub, fp = make_key(s)
        t = login_to_menu(s, "ana")
        t.send("a")
        title(t, "Account")
        t.send("k")
        title(t, "SSH keys")
        t.wait(r"You have no SSH keys")
        t.send("a")
        title(t, "Add an SSH key")
        t.send(pub + "\r")
        dismiss(t, "Key added")
        title(t, "SSH keys")
        row = t.wait(r"(?m)^ *ssh-ed25519 +(SHA256:\S+) ")
        assert row.group(1) == fp, (row.group(1), fp)
        assert s.sql("SELECT k.fingerprint, k.comment FROM ssh_keys k JOIN "
                     "accounts a ON a.id = k.account_id WHERE "
                     "a.pseudonym = 'ana'") == [(fp, "e2e-laptop")]

        # A new connection with the key and no password reaches the menu.
        k = Term(ssh_argv(s, "ana", key=key))
        title(k, "Main menu")
        k.wait(r"ana \(patient\)")
        assert b"password:" not in k.raw
        k.close()
        assert "auth ok: user=ana method=publickey" in s.log_text()
        # The key is ana's alone: it does not open another account.
        s.add_user("bea", "patient")
        key_login_fails(s, "bea", key)

        # Removing it (d, confirm) ends key login.
        t.send("d")
        wait_dialog(t, "Remove key", fp)
        t.send("y")
        t.wait(r"You have no SSH keys")
        assert s.sql("SELECT count(*) FROM ssh_keys") == [(0,)]
        key_login_fails(s, "ana", key)
        t.close()
        actions = [r[0] for r in s.sql(
            "SELECT action FROM audit WHERE action LIKE 'key.%' ORDER BY id")]
        assert actions == ["key.add", "key.remove"]


def test_signup_with_invite():
    with Server() as s:
        code, inv = ctl_invite(s, "patient", "7d")
        t = signup_form(s)
        # Lower case and without dashes works as well.
        fill(t, code.replace("-", "").lower(), "nuria", PASSWORD, PASSWORD)
        wait_dialog(t, "Welcome to Mirall, nuria",
                    "ssh -p %d nuria@" % s.port)
        t.send(" ")
        title(t, "Community rules")
        t.wait(r"WELCOME TO MIRALL")
        accept_rules(t)
        t.wait(r"Hello, nuria\.")
        t.wait(r"(?m)^ nuria \(patient\) .*\? help *\Z")
        t.close()

        listing = s.ctl_ok("user", "list")
        assert re.search(r"(?m)^nuria +patient +active", listing), listing
        rows = s.sql("SELECT a.pseudonym, a.role, a.rules_version "
                     "FROM invites i JOIN accounts a ON a.id = i.used_by "
                     "WHERE i.id = ?", (inv,))
        assert rows == [("nuria", 0, 1)]
        assert s.sql("SELECT detail FROM audit WHERE action = "
                     "'account.signup' AND actor_name = 'nuria'") == \
            [("patient",)]

        t = login_to_menu(s, "nuria")
        t.wait(r"nuria \(patient\)")
        t.close()


def test_signup_refusals():
    with Server(min_password_length=16) as s:
        def snapshot():
            return (s.sql("SELECT id, pseudonym FROM accounts ORDER BY id"),
                    s.sql("SELECT id, used_by FROM invites ORDER BY id"))

        used, _ = ctl_invite(s)
        expired, expired_id = ctl_invite(s)
        s.sql("UPDATE invites SET expires_at = 1 WHERE id = ?", (expired_id,))
        good, good_id = ctl_invite(s)

        # ana joins with the first code.
        t = signup_form(s)
        fill(t, used, "ana", PASSWORD, PASSWORD)
        wait_dialog(t, "Welcome to Mirall, ana")
        t.close()

        # Problems with the invite itself.
        t = signup_form(s)
        cases = [
            (used, "already been used"),
            (expired, "expired"),
            ("ABCD-EFGH-JKMN", "not valid"),
        ]
        for code, why in cases:
            before = snapshot()
            fill(t, code, "carla", PASSWORD, PASSWORD)
            dismiss(t, "Not done", why)
            title(t, "Join Mirall")
            assert snapshot() == before, code
        t.close()

        # Problems with the pseudonym or the password, with a valid code.
        t = signup_form(s)
        cases = [
            ("ANA", PASSWORD, PASSWORD, "already taken"),
            ("bruna", "fifteen-chars-x", "fifteen-chars-x",
             "Use at least 16 characters"),
            ("bruna", PASSWORD, PASSWORD + "!", "do not match"),
        ]
        for name, pw, pw2, why in cases:
            before = snapshot()
            fill(t, good, name, pw, pw2)
            dismiss(t, "Not done", why)
            title(t, "Join Mirall")
            assert snapshot() == before, name
        assert s.sql("SELECT count(*) FROM accounts WHERE pseudonym = "
                     "'bruna' OR pseudonym = 'carla'") == [(0,)]
        assert s.sql("SELECT count(*) FROM accounts WHERE pseudonym = 'ANA'"
                     " COLLATE BINARY") == [(0,)]

        # None of that spent the valid code.
        fill(t, good, "bruna", PASSWORD, PASSWORD)
        wait_dialog(t, "Welcome to Mirall, bruna")
        t.close()
        assert s.sql("SELECT a.pseudonym FROM invites i JOIN accounts a "
                     "ON a.id = i.used_by WHERE i.id = ?", (good_id,)) == \
            [("bruna",)]
        assert s.sql("SELECT used_by FROM invites WHERE id = ?",
                     (expired_id,)) == [(None,)]


def test_admin_creates_invite_and_disables_account():
    reason_lines = ["Primera línia del motiu.",
                    "Què és la quimioteràpia? Ñandú 😀"]
    reason = "\n".join(reason_lines)
    with Server() as s:
        s.add_user("ana", "patient")
        key, pub, fp = make_key(s)
        a = login_to_menu(s, "ana")
        add_key_in_ui(a, pub, fp)
        a.close()

        t = admin_to_menu(s)
        t.send("s")
        title(t, "Staff administration")
        t.send("i")
        title(t, "Invites")
        t.wait(r"No invites yet")
        t.send("n")
        t.wait(r"Which role will the new account have\?")
        t.send("p")
        t.wait(r"How long may it be used\?")
        t.send("7")
        d = wait_dialog(t, "New invite", "Invite code:",
                        re.compile(INVITE_RX))
        code = re.search(INVITE_RX, d).group(1)
        t.send(" ")
        title(t, "Invites")
        t.wait(r"(?m)^ *%s… +patient .* unused" % code[:4])

        # The code, as shown, signs up a patient.
        j = signup_form(s)
        fill(j, code, "carme", PASSWORD, PASSWORD)
        wait_dialog(j, "Welcome to Mirall, carme")
        j.close()
        assert s.sql("SELECT role FROM accounts WHERE pseudonym = 'carme'") \
            == [(0,)]

        # Disable ana with a reason typed in the editor.
        esc(t, "Staff administration")
        t.key("esc")
        title(t, "Main menu")
        admin_open_account(t, "ana")
        t.wait(r"Status: active")
        t.send("d")
        wait_dialog(t, "Disable account", "Disable ana?")
        t.send("y")
        title(t, "Reason for disabling (kept in the audit log)")
        t.send(reason_lines[0] + "\r" + reason_lines[1])
        t.wait(re.escape(reason_lines[1]))
        t.send(CTRL_S)
        title(t, "ana")
        t.wait(r"Status: disabled")
        t.wait(r"d  Enable account")
        assert re.search(r"(?m)^ana +patient +disabled",
                         s.ctl_ok("user", "list"))

        # The audit log, newest first, and the row's details.
        esc(t, 'Accounts matching "ana"')
        esc(t, "Staff administration")
        t.send("l")
        title(t, "Audit log")
        # The first row under the header is the newest.
        t.wait(r"(?m)^ Time \(UTC\) +Actor.*\n.* admin +account\.disable ")
        t.key("enter")
        title(t, "Audit entry")
        t.wait(r"Action: account\.disable")
        t.wait(r"(?m)^  Detail: " + re.escape(reason_lines[0]) + r" *$")
        t.wait(r"(?m)^  " + re.escape(reason_lines[1]) + r" *$")
        t.wait(r"Patient: ana")
        assert s.sql("SELECT detail FROM audit WHERE action = "
                     "'account.disable'") == [(reason,)]
        t.close()

        # ana is locked out by password and by key.
        password_login_fails(s, "ana", PASSWORD)
        key_login_fails(s, "ana", key)
        # (The key is refused at the client's probe, before any signature,
        # so only the password attempt is a recorded failure.)
        details = [r[0] for r in s.sql(
            "SELECT detail FROM audit WHERE action = 'login' AND "
            "actor_name = 'ana' AND allowed = 0 ORDER BY id")]
        assert details == ["password: account disabled"], details
        assert s.sql("SELECT count(*) FROM audit WHERE action = 'login' AND "
                     "actor_name = 'ana' AND allowed = 1 AND id > (SELECT "
                     "id FROM audit WHERE action = 'account.disable')") == \
            [(0,)]


def test_reset_password_forces_change():
    with Server() as s:
        s.add_user("ana", "patient")
        t = admin_to_menu(s)
        admin_open_account(t, "ana")
        t.wait(r"Must change password: no")
        t.send("p")
        wait_dialog(t, "Reset password", "Reset the password of ana?")
        t.send("y")
        d = wait_dialog(t, "One-time password for ana:",
                        re.compile(OTP_RX))
        otp = re.search(OTP_RX, d).group(1)
        t.send(" ")
        t.wait(r"Must change password: yes")
        t.close()
        assert s.sql("SELECT must_change_password FROM accounts WHERE "
                     "pseudonym = 'ana'") == [(1,)]
        assert otp not in s.log_text()

        password_login_fails(s, "ana", PASSWORD)

        u = login(s, "ana", otp)
        dismiss(u, "There was 1 failed attempt")
        title(u, "Change password")
        u.wait(r"An administrator reset your password")
        u.wait(r"One-time password")
        fill(u, otp, OTHER_PASSWORD, OTHER_PASSWORD)
        dismiss(u, "Your password has been changed.")
        title(u, "Main menu")
        u.close()
        assert s.sql("SELECT must_change_password FROM accounts WHERE "
                     "pseudonym = 'ana'") == [(0,)]

        password_login_fails(s, "ana", otp)
        u = login(s, "ana", OTHER_PASSWORD)
        dismiss(u, "There was 1 failed attempt")
        title(u, "Main menu")
        assert b"An administrator reset" not in u.raw
        u.close()


def test_change_password_and_policy():
    with Server() as s:
        name = "marialluisa"
        s.add_user(name, "patient")
        blocked = next(
            l.strip() for l in open(os.path.join(
                ROOT, "content", "passwords", "blocklist.txt"),
                encoding="utf-8")
            if l.strip() and not l.startswith("#") and
            len(l.strip()) >= 15 and "1q2w" in l)
        t = login_to_menu(s, name)
        t.send("a")
        title(t, "Account")
        t.send("p")
        title(t, "Change password")
        t.wait(r"Current password")

        cases = [
            ("not-my-current-password", OTHER_PASSWORD, OTHER_PASSWORD,
             "Your current password is not right."),
            (PASSWORD, blocked, blocked, "common or leaked passwords"),
            (PASSWORD, "MariaLluisa-2024!", "MariaLluisa-2024!",
             "should not be mostly your pseudonym"),
            (PASSWORD, PASSWORD, PASSWORD, "must be different"),
        ]
        hash0 = s.sql("SELECT pwhash FROM accounts WHERE pseudonym = ?",
                      (name,))
        for old, pw, pw2, why in cases:
            fill(t, old, pw, pw2)
            dismiss(t, "Not done", why)
            title(t, "Change password")
            assert s.sql("SELECT pwhash FROM accounts WHERE pseudonym = ?",
                         (name,)) == hash0, why

        fill(t, PASSWORD, OTHER_PASSWORD, OTHER_PASSWORD)
        dismiss(t, "Your password has been changed.")
        title(t, "Account")
        t.close()
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'account.password' AND actor_name = ?", (name,)) == \
            [(1,)]

        password_login_fails(s, name, PASSWORD)
        t = login(s, name, OTHER_PASSWORD)
        dismiss(t, "There was 1 failed attempt")
        title(t, "Main menu")
        t.close()


def test_first_login_rules():
    content = tempfile.mkdtemp(prefix="mirall-e2e-content-")
    try:
        shutil.copytree(os.path.join(ROOT, "content"), content,
                        dirs_exist_ok=True)
        with open(os.path.join(content, "rules", "en.txt"),
                  encoding="utf-8") as f:
            rules = f.read()
        first = rules.strip().splitlines()[0].strip()
        phrase = "Share experience, not medical advice."
        assert phrase in rules
        with open(os.path.join(content, "rules", "version")) as f:
            version = int(f.read())

        with Server(content_dir=content) as s:
            s.add_user("rosa", "patient", accept_rules=False)

            # Leaving without accepting ends the session and stores nothing.
            t = login(s, "rosa")
            title(t, "Community rules")
            t.wait(re.escape(first))
            t.send(" ")
            t.wait(re.escape(phrase))
            t.send("q")
            t.wait(r"Do you accept the community rules")
            t.send("l")
            t.wait_exit()
            assert "Main menu" not in t.text()
            assert s.sql("SELECT rules_version FROM accounts WHERE "
                         "pseudonym = 'rosa'") == [(0,)]
            assert s.sql("SELECT count(*) FROM audit WHERE action = "
                         "'rules.accept'") == [(0,)]

            # Accepting stores the version.
            t = login(s, "rosa")
            accept_rules(t)
            t.close()
            assert s.sql("SELECT rules_version FROM accounts WHERE "
                         "pseudonym = 'rosa'") == [(version,)]
            assert s.sql("SELECT detail FROM audit WHERE action = "
                         "'rules.accept'") == [("version %d" % version,)]

            # The next login goes straight to the main menu.
            t = login_to_menu(s, "rosa")
            assert b"Community rules" not in t.raw
            t.close()

            # A new version of the rules asks again.
            with open(os.path.join(content, "rules", "version"), "w") as f:
                f.write("%d\n" % (version + 1))
            t = login(s, "rosa")
            accept_rules(t)
            t.close()
            assert s.sql("SELECT rules_version FROM accounts WHERE "
                         "pseudonym = 'rosa'") == [(version + 1,)]
    finally:
        shutil.rmtree(content, ignore_errors=True)


def test_failed_attempts_notice():
    with Server() as s:
        s.add_user("ana", "patient")
        password_login_fails(s, "ana", "not-the-right-password-1")
        password_login_fails(s, "ana", "not-the-right-password-2")
        assert s.sql("SELECT failed_logins FROM accounts WHERE "
                     "pseudonym = 'ana'") == [(2,)]
        t = login(s, "ana")
        dismiss(t, "Failed sign-in attempts",
                "There were 2 failed attempts to sign in")
        title(t, "Main menu")
        t.close()
        assert s.sql("SELECT failed_logins FROM accounts WHERE "
                     "pseudonym = 'ana'") == [(0,)]

        t = login_to_menu(s, "ana")
        assert b"Failed sign-in" not in t.raw
        assert dialog_text(t) is None
        t.close()


def test_professional_invites_only_patients():
    with Server() as s:
        s.add_user("laia", "professional")
        s.add_user("ana", "patient")
        t = login_to_menu(s, "laia")
        menu = menu_body(t, "x  Log out")
        assert "i  Invites" in menu
        assert "Staff administration" not in menu
        t.send("i")
        title(t, "Invites")
        t.send("n")
        t.wait(r"Which role will the new account have\?")
        entries = re.findall(r"(?m)^  (\w)  (.+?) *$",
                             menu_body(t, "e  expert patient"))
        assert entries == [("p", "patient"), ("e", "expert patient")], \
            entries
        t.send("e")
        t.wait(r"How long may it be used\?")
        t.send("1")
        wait_dialog(t, "Invite code:", re.compile(INVITE_RX))
        t.close()
        assert s.sql("SELECT i.role, a.pseudonym FROM invites i JOIN "
                     "accounts a ON a.id = i.created_by") == \
            [(1, "laia")]

        t = login_to_menu(s, "ana")
        menu = menu_body(t, "x  Log out")
        assert "Invites" not in menu and "Staff administration" not in menu
        assert "Account" in menu
        t.close()


def test_throttle_grows():
    base = 0.2      # the harness's throttle_base
    with Server() as s:
        s.add_user("ana", "patient")

        def failures():
            return dict(s.sql("SELECT key, failures FROM login_throttle"))

        # Three wrong passwords on one connection.
        argv = [a if a != "NumberOfPasswordPrompts=1" else
                "NumberOfPasswordPrompts=3" for a in ssh_argv(s, "ana")]
        t = Term(argv)
        took = []
        for i in range(3):
            wait_count(t, "password:", i + 1)
            start = time.monotonic()
            t.line("wrong-password-number-%d" % i)
            if i < 2:
                wait_count(t, "password:", i + 2)
            else:
                assert t.wait_exit() != 0
            took.append(time.monotonic() - start)
            got = failures()
            assert got.get("user:ana") == i + 1, got
        assert "Main menu" not in t.text()
        # The first check is free, the second waits the base delay, the
        # third twice the base: lower bounds only.
        assert took[1] >= base, took
        assert took[2] >= 2 * base, took
        assert got.get("ip:127.0.0.1") == 3, got
        assert s.log_text().count(
            "auth failed: user=ana method=password") == 3

        # A new connection does not reset the count; it waits longer still.
        start = time.monotonic()
        password_login_fails(s, "ana", "wrong-password-again")
        assert time.monotonic() - start >= 4 * base
        assert failures().get("user:ana") == 4
        assert s.log_text().count(
            "auth failed: user=ana method=password") == 4

        # The owner gets in; the counters are reset.
        t = login(s, "ana")
        dismiss(t, "There were 4 failed attempts")
        title(t, "Main menu")
        t.close()
        assert "user:ana" not in failures()
        assert "ip:127.0.0.1" not in failures()
