"""Private conversations end to end, through the system's OpenSSH client
against a real bbsd (issue 6, "Conversations" and "Encryption at rest"):
a patient writes to her care team and the professional answers while the
unread and waiting counts move on both main menus; another patient's
conversation is "not found" by number, exactly as one that does not
exist; no message text reaches the database file, its WAL or a backup
while the server runs; the shared inbox is taken by one professional; a
message reported as a risk raises R3 and the moderator reads that one
message only; a wrong key ring shows a clear line, never garbage; and a
key rotation under a connected session leaves her texts readable and
seals her reply with the new key.
"""
import os
import re
import secrets
import subprocess

from harness import (BUILD, DEMO_PASSWORD, Server, demo_server,
                     scroll_login_to_menu, wait_for)

import test_community as tc

CTRL_S = "\x13"
NOT_OPENED = ("[This message cannot be opened: the service's message key is "
              "missing or wrong. The team has been told.]")


# ---------------------------------------------------------------- helpers

def phrase(word):
    """A phrase found nowhere else: a word and random hex."""
    return "%s-%s" % (word, secrets.token_hex(5))


def user(s, name, password=None):
    """Log an account of a test server in; wait for its main menu."""
    if password is None:
        return scroll_login_to_menu(s, name)
    return scroll_login_to_menu(s, name, password)


def menu_entry(t, key):
    """The main menu entry under key, as shown ("Messages (1 new)")."""
    text = tc.main_menu(t)
    m = re.search(r"(?m)^  %s  (\S.*?) *$" % re.escape(key), text)
    return m.group(1) if m else None


def messages(t):
    """From the main menu, open Messages and wait for the list."""
    t.send("c")
    tc.title(t, "Messages")
    t.wait(r"Subject +With|No conversations")
    t.wait(r"Enter open")
    return t


def to_menu(t):
    """Back to the main menu from anywhere below it, one Esc a screen."""
    for _ in range(6):
        if re.search(r"(?m)^ Mirall · Main menu *$", t.text()):
            break
        top = t.screen.display[0]
        t.key("esc")
        wait_for(lambda: t.pump(0.05) is not None and
                 t.screen.display[0] != top, what="the screen to change")
    return tc.main_menu(t)


def list_row(t, needle):
    """The list row holding needle, or None."""
    for line in t.screen.display[1:-2]:
        if needle in line:
            return line
    return None


def conversation_number(t):
    m = t.wait(r"Conversation (\d+) with")
    return int(m.group(1))


def write_new(t, subject, body):
    """In a patient's Messages list, write to her care team (n, Subject,
    the text, Ctrl-S); return the conversation's number once it opens."""
    t.send("n")
    tc.title(t, "New message")
    t.wait(r"Give it a short subject")
    t.wait(r"(?m)^  Subject")
    t.line(subject)
    tc.title(t, "New message: " + subject)
    t.wait(r"Ctrl-S save · Esc cancel")
    t.send(body)
    t.send(CTRL_S)
    t.wait(r"Your message is sent\.")
    tc.title(t, subject)
    return conversation_number(t)


def reply(t, body):
    """In a conversation, reply (r, the text, Ctrl-S) and see it shown."""
    t.send("r")
    tc.editor(t, "Write a reply")
    t.send(body)
    t.send(CTRL_S)
    t.wait(r"Your message is sent\.")
    t.wait(re.escape(body))


def open_row(t, needle, subject):
    """In the Messages list, open the conversation on the row holding
    needle; wait for it, titled subject."""
    tc.pick(t, re.escape(needle))
    t.key("enter")
    tc.title(t, subject)
    t.wait(r"r reply|Esc back")
    return t


def garbage(t):
    """Characters on screen that should never be there: replacement
    characters and controls."""
    return sorted({c for line in t.screen.display for c in line
                   if c == "\ufffd" or (not c.isprintable() and c != " ")})


def flat(t):
    """The screen's text with every run of blanks made one space, so a
    wrapped sentence reads whole."""
    return " ".join(t.text().split())


# ------------------------------------------------------------------ tests

def test_patient_writes_and_professional_answers():
    """eva writes to her care team (rosa); rosa sees it new and waiting,
    reads it (audited) and answers; eva sees the answer new, with the
    professional's badge, and both menus drop their counts."""
    with Server() as s:
        s.add_user("eva", "patient")
        s.add_user("rosa", "professional")
        s.ctl_ok("care", "assign", "eva", "rosa")
        subject = "Sleep and worry"
        body = phrase("lantern")
        answer = phrase("harbour")

        eva = user(s, "eva")
        assert menu_entry(eva, "c") == "Messages", eva.text()
        messages(eva)
        eva.wait(r"No conversations here")
        n = write_new(eva, subject, "I wake at four every night. " + body)
        eva.wait(r"Conversation %d with Your care team" % n)
        eva.wait(re.escape(body))
        to_menu(eva)
        assert menu_entry(eva, "c") == "Messages", eva.text()
        eva.close()

        rosa = user(s, "rosa")
        assert menu_entry(rosa, "c") == "Messages (1 new, 1 waiting)", \
            rosa.text()
        messages(rosa)
        rosa.wait(r"Waiting")
        row = list_row(rosa, subject)
        assert row and re.search(r"^ 1 new +%s +eva .*waiting (< 1 min|\d)"
                                 % subject, row), rosa.text()
        open_row(rosa, subject, subject)
        rosa.wait(r"Conversation %d with eva" % n)
        rosa.wait(r"The patient has waited < 1 min for an answer\.")
        rosa.wait(r"eva — \d{4}-\d\d-\d\d \d\d:\d\d")
        rosa.wait(re.escape(body))
        reply(rosa, "Let us talk about it on Monday. " + answer)
        to_menu(rosa)
        assert menu_entry(rosa, "c") == "Messages", rosa.text()
        rosa.close()

        eva = user(s, "eva")
        assert menu_entry(eva, "c") == "Messages (1 new)", eva.text()
        messages(eva)
        row = list_row(eva, subject)
        assert row and re.search(r"^ 1 new +%s +Your care team" % subject,
                                 row), eva.text()
        open_row(eva, subject, subject)
        eva.wait(r"rosa \[PRO\] — \d{4}-\d\d-\d\d \d\d:\d\d")
        eva.wait(re.escape(answer))
        eva.wait(r"eva — ")       # her own, without a badge
        assert "eva [" not in eva.text(), eva.text()
        to_menu(eva)
        assert menu_entry(eva, "c") == "Messages", eva.text()
        eva.close()

        reads = s.sql("SELECT actor_name, patient, object_id FROM audit "
                      "WHERE action = 'message.read'")
        assert ("rosa", "eva", n) in reads, reads
        assert all(r[0] != "eva" for r in reads), reads
        for p in (body, answer):
            rows = s.sql("SELECT count(*) FROM audit WHERE "
                         "instr(coalesce(detail, '') || coalesce(patient, "
                         "'') || action || coalesce(object_type, ''), ?) > 0",
                         (p,))
            assert rows == [(0,)], p
        assert s.sql("SELECT waiting_since FROM conversations WHERE id = ?",
                     (n,)) == [(0,)]


def test_another_patients_conversation_is_not_found():
    """A patient of another care team opening eva's conversation by its
    number is told "not found", exactly as for a number nobody has."""
    with Server() as s:
        s.add_user("eva", "patient")
        s.add_user("pia", "patient")
        s.add_user("rosa", "professional")
        s.add_user("tomas", "professional")
        s.ctl_ok("care", "assign", "eva", "rosa")
        s.ctl_ok("care", "assign", "pia", "tomas")
        secret = phrase("orchard")

        eva = user(s, "eva")
        messages(eva)
        write_new(eva, "Only for my team", secret)
        eva.close()
        (n,) = s.sql("SELECT id FROM conversations")[0]
        (top,) = s.sql("SELECT max(id) FROM conversations")[0]

        pia = user(s, "pia")
        messages(pia)
        pia.wait(r"No conversations here")
        seen = []
        for number in (n, top + 1000):
            pia.send("g")
            tc.title(pia, "Open a conversation")
            pia.wait(r"Number")
            pia.line(str(number))
            seen.append(tc.dismiss(pia, "Conversation not found."))
            assert secret not in pia.text() and "Only for" not in \
                pia.text(), pia.text()
            tc.title(pia, "Messages")
        assert seen[0] == seen[1], seen
        pia.close()
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'message.read'") == [(0,)]
        assert s.sql("SELECT count(*) FROM conversation_members WHERE "
                     "account_id = (SELECT id FROM accounts WHERE "
                     "pseudonym = 'pia')") == [(0,)]


def test_no_message_text_in_database_wal_or_backup():
    """With bbsd running, a message's subject and text are in neither the
    database file nor its WAL nor a backup, though the professional reads
    them on screen."""
    with Server() as s:
        s.add_user("eva", "patient")
        s.add_user("rosa", "professional")
        s.ctl_ok("care", "assign", "eva", "rosa")
        subj = phrase("Zircon")
        text = phrase("marmalade")
        reply_text = phrase("bluebell")

        eva = user(s, "eva")
        messages(eva)
        write_new(eva, subj, "Plain words: " + text)
        eva.close()
        rosa = user(s, "rosa")
        messages(rosa)
        open_row(rosa, subj[:12], subj)
        rosa.wait(re.escape(text))       # the control: it is there to read
        reply(rosa, reply_text)

        backup = os.path.join(s.dir, "copy.db")
        s.ctl_ok("backup", backup)
        assert s.proc.poll() is None
        files = [os.path.join(s.dir, "mirall.db"), backup]
        for extra in ("mirall.db-wal", "mirall.db-journal", "copy.db-wal"):
            if os.path.exists(os.path.join(s.dir, extra)):
                files.append(os.path.join(s.dir, extra))
        # rosa's session holds the database open in WAL mode: the WAL is
        # there, with the latest pages in it.
        wal = os.path.join(s.dir, "mirall.db-wal")
        assert wal in files and os.path.getsize(wal) > 0, os.listdir(s.dir)
        raws = {}
        for path in files:
            with open(path, "rb") as f:
                raws[path] = raw = f.read()
            assert raw, path
            for p in (subj, text, reply_text):
                for enc in ("utf-8", "utf-16-le", "utf-16-be"):
                    assert p.encode(enc) not in raw, (p, enc, path)
        # The control: a clear column of this very exchange (the audit's
        # action) is found by the same search, in the live files and in
        # the backup.
        live = b"".join(v for k, v in raws.items() if k != backup)
        assert b"message.start" in live and b"message.start" in raws[backup]
        # The rows are there, sealed under key 1.
        rows = s.sql("SELECT typeof(body), body_key FROM messages UNION ALL "
                     "SELECT typeof(subject), subject_key FROM conversations")
        assert rows == [("blob", 1)] * 3, rows
        rosa.close()


def test_shared_inbox_take():
    """A patient without a care team writes; both professionals see it
    in the shared inbox; one takes it and it leaves the other's list."""
    with Server() as s:
        s.add_user("eva", "patient")
        s.add_user("rosa", "professional")
        s.add_user("tomas", "professional")
        subject = "Who can help me"

        eva = user(s, "eva")
        messages(eva)
        n = write_new(eva, subject, "I have nobody to write to yet.")
        eva.wait(r"Conversation %d with Shared inbox" % n)
        eva.wait(r"In the shared inbox: the first professional free will "
                 r"answer you\.")
        eva.close()

        rosa, tomas = user(s, "rosa"), user(s, "tomas")
        for t in (rosa, tomas):
            # Waiting for any professional, new to none: neither is in it.
            assert menu_entry(t, "c") == "Messages (1 waiting)", t.text()
            messages(t)
            row = list_row(t, "[shared] ")
            assert row and "eva" in row and "waiting" in row, t.text()
        open_row(rosa, "[shared] ", subject)
        rosa.wait(r"In the shared inbox: the patient has no care team yet")
        rosa.wait(r"t take")
        rosa.send("t")
        tc.answer(rosa, "y", "Take this conversation?")
        rosa.wait(r"You have taken this conversation\.")
        rosa.wait_gone(r"In the shared inbox")
        tc.back(rosa, "Messages")
        row = list_row(rosa, subject)
        assert row and "[shared]" not in row, rosa.text()

        # tomas's menu and list, read again, no longer hold it.
        to_menu(tomas)
        assert menu_entry(tomas, "c") == "Messages", tomas.text()
        messages(tomas)
        assert list_row(tomas, "[shared]") is None, tomas.text()
        assert list_row(tomas, subject[:6]) is None, tomas.text()
        tomas.wait(r"No conversations here")
        # ... nor opens it by number.
        tomas.send("g")
        tc.title(tomas, "Open a conversation")
        tomas.line(str(n))
        tc.dismiss(tomas, "Conversation not found.")
        rosa.close()
        tomas.close()
        assert s.sql("SELECT shared FROM conversations WHERE id = ?",
                     (n,)) == [(0,)]
        members = {r[0] for r in s.sql(
            "SELECT a.pseudonym FROM conversation_members m JOIN accounts a "
            "ON a.id = m.account_id WHERE m.conversation_id = ?", (n,))}
        assert members == {"eva", "rosa"}, members
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'message.take' AND actor_name = 'rosa'") == [(1,)]


def test_report_risk_message():
    """rosa reports one of eva's two messages as a risk: R3 is raised;
    the moderator sees it counted, reads that message only (audited) and
    closes the report."""
    with Server() as s:
        s.add_user("eva", "patient")
        s.add_user("rosa", "professional")
        s.add_user("moira", "moderator")
        s.ctl_ok("care", "assign", "eva", "rosa")
        subject = "A hard week"
        first = phrase("thistle")
        second = phrase("pebble")

        eva = user(s, "eva")
        messages(eva)
        n = write_new(eva, subject, first + " this week was hard.")
        reply(eva, second + " and a second note.")
        eva.close()
        (mid,) = s.sql("SELECT id FROM messages WHERE conversation_id = ? "
                       "ORDER BY id LIMIT 1", (n,))[0]
        assert s.sql("SELECT count(*) FROM alerts") == [(0,)]

        rosa = user(s, "rosa")
        messages(rosa)
        open_row(rosa, subject, subject)
        rosa.wait(re.escape(second))
        rosa.send("!")
        tc.title(rosa, "Report a message")
        rosa.wait(re.escape(second))
        tc.pick(rosa, re.escape(first))
        rosa.key("enter")
        rosa.wait(r"Why are you reporting this message\?")
        rosa.wait(r"2  I am worried about someone's safety")
        rosa.send("2")
        tc.dismiss(rosa, "Report sent", "A moderator will read this message")
        alerts = s.sql("SELECT rule, source_type, source_id, patient_id = "
                       "(SELECT id FROM accounts WHERE pseudonym = 'eva') "
                       "FROM alerts")
        assert alerts == [("R3", "message", mid, 1)], alerts
        rosa.close()

        moira = user(s, "moira")
        assert menu_entry(moira, "t") == "Reported messages (1)", moira.text()
        moira.send("t")
        tc.title(moira, "Reported messages")
        moira.wait(r"Reason +Reported by +Waiting")
        row = list_row(moira, "URGENT")
        assert row and "rosa" in row and "worried" in row, moira.text()
        moira.key("enter")
        tc.title(moira, "Reported message")
        moira.wait(r"This read is recorded in the audit log")
        moira.wait(r"Reason: I am worried about someone's safety")
        moira.wait(re.escape(first))
        moira.wait(r"Lines \d+–(\d+) of \1")        # all of it on screen
        assert second not in moira.text() and subject not in moira.text(), \
            moira.text()
        moira.send("d")
        tc.title(moira, "Close the report")
        moira.wait(r"3  Passed to the clinical team")
        moira.send("3")
        moira.wait(r"The report is closed\.")
        tc.title(moira, "Reported messages")
        moira.wait(r"No reported messages\.")
        to_menu(moira)
        assert menu_entry(moira, "t") == "Reported messages", moira.text()
        moira.close()

        rows = s.sql("SELECT actor_name, object_id, patient FROM audit "
                     "WHERE action = 'message.report_read'")
        assert rows == [("moira", mid, "eva")], rows
        # Reason 1 is a risk; outcome 3, passed to the clinical team.
        rows = s.sql("SELECT message_id, reason, read_at > 0, resolved_at > "
                     "0, outcome FROM message_reports")
        assert rows == [(mid, 1, 1, 1, 3)], rows
        for p in (first, second):
            assert s.sql("SELECT count(*) FROM audit WHERE instr("
                         "coalesce(detail, ''), ?) > 0", (p,)) == [(0,)]


def test_wrong_key_shows_no_garbage():
    """A key ring holding another key 1: bbsd and bbsctl check refuse it
    with a clear error; swapped in under a running bbsd, ana's
    conversation shows a clear "cannot be opened" in the list and the
    view, and no garbage."""
    s = demo_server()
    try:
        ring = os.path.join(s.dir, "keys", "messages.key")
        right = open(ring).read()

        def write_ring(text):
            with open(ring, "w") as f:
                f.write(text)
            os.chmod(ring, 0o600)
        write_ring("1 %s\n" % secrets.token_hex(32))
        for argv in (["bbsd", "-t", "-c", s.conf_path],
                     ["bbsctl", "-c", s.conf_path, "check"]):
            r = subprocess.run([os.path.join(BUILD, argv[0])] + argv[1:],
                               capture_output=True, text=True, timeout=30)
            assert r.returncode != 0, r.stdout
            assert "the keys do not open the stored texts" in r.stderr, r.stderr
        write_ring(right)
        s.start()
        write_ring("1 %s\n" % secrets.token_hex(32))
        ana = user(s, "ana", DEMO_PASSWORD)
        messages(ana)
        row = list_row(ana, "Your care team")
        assert row and "[cannot be opened]" in row, ana.text()
        assert garbage(ana) == [], garbage(ana)
        tc.pick(ana, re.escape("[cannot be opened]"))
        ana.key("enter")
        tc.title(ana, "[cannot be opened]")
        ana.wait(r"\[This message cannot be opened:")
        wait_for(lambda: ana.pump(0.05) is not None and
                 NOT_OPENED in flat(ana), what="the whole notice")
        ana.key("home")
        n = int(ana.wait(r"Conversation (\d+) with Your care team").group(1))
        assert garbage(ana) == [], (garbage(ana), ana.text())
        # Each message's body is the notice and nothing else.
        (count,) = s.sql("SELECT count(*) FROM messages WHERE "
                         "conversation_id = ?", (n,))[0]
        assert count > 1 and flat(ana).count(NOT_OPENED) == count, \
            ana.text()
        body = " ".join(line.strip() for line in ana.screen.display[1:-2]
                        if line.startswith("    ") and line.strip())
        assert body.replace(NOT_OPENED, "").strip() == "", ana.text()
        ana.close()
        # "The team has been told": the log names the records, not a text.
        log = s.log_text()
        assert re.search(r"sealed text messages\.body \d+: does not open",
                         log), log
        assert re.search(r"sealed text conversations\.subject \d+: does "
                         r"not open", log), log
        assert "Sleeping badly" not in log and "radiotherapy" not in log
    finally:
        s.cleanup()


def test_rotation_while_running():
    """bbsctl rotate-key under a connected session: her conversation
    still reads, and her reply is sealed with the new key 2."""
    s = demo_server()
    try:
        s.start()
        ana = user(s, "ana", DEMO_PASSWORD)
        r = s.ctl("rotate-key")
        assert r.returncode == 0 and "key 2 is current" in r.stdout, \
            r.stdout + r.stderr
        assert s.sql("SELECT count(*) FROM messages WHERE body_key = 1"
                     ) == [(0,)]
        messages(ana)
        subject = "Sleeping badly since radiotherapy ended"
        open_row(ana, subject[:20], subject)
        ana.wait(r"it for our sessions\?")
        ana.key("home")
        ana.wait(r"Hello Laia\. Since radiotherapy ended")
        assert "cannot be opened" not in ana.text(), ana.text()
        ana.key("end")
        news = phrase("compass")
        reply(ana, news)
        assert "cannot be opened" not in ana.text(), ana.text()
        ana.close()
        rows = s.sql("SELECT m.body_key FROM messages m JOIN accounts a ON "
                     "a.id = m.author_id WHERE a.pseudonym = 'ana' ORDER BY "
                     "m.id DESC LIMIT 1")
        assert rows == [(2,)], rows
        assert s.sql("SELECT count(*) FROM messages WHERE body_key <> 2"
                     ) == [(0,)]
    finally:
        s.cleanup()
