"""Patients' rights end to end on the demo community (issue 8, privacy
spec "Patients' rights" and "Audit"): `bbsctl export-patient` writes
ana's data as JSON that Python loads, with her consents, posts and
opened messages and none of pere's or nuria's; the file is 0600 and never
replaced.  laia reads ana's conversation through the UI, and ana then
finds laia, with the time, under Account > Who has looked at my data.
`bbsctl forget sofia --posts anonymise` shows her thread as started by
"former member" to another member, keeps her clinical rows, disables
her, and every step is in the audit log.
"""
import json
import os
import re
import stat

from harness import DEMO_PASSWORD, demo_server, scroll_login_to_menu

import test_community as tc
import test_conversations as tcv

ANA_SUBJECT = "Sleeping badly since radiotherapy ended"   # demo_messages.c
SOFIA_THREAD = "Everything tastes of metal"                # content/demo


def member(s, name):
    t = scroll_login_to_menu(s, name, DEMO_PASSWORD)
    t.wait(re.escape(name) + r" \(")
    return t


def export(s, name):
    """bbsctl export-patient name into a new file; its path and JSON."""
    path = os.path.join(s.dir, "export-%s.json" % name)
    out = s.ctl_ok("export-patient", name, "--out", path)
    assert path in out, out
    with open(path, encoding="utf-8") as f:
        return path, json.load(f)


def test_export_patient_holds_hers_only():
    """ana's export: her account, consents, posts and messages; nothing
    of pere's or nuria's; a second export never replaces the file."""
    s = demo_server()
    try:
        path, data = export(s, "ana")
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert data["account"]["pseudonym"] == "ana"
        assert data["account"]["role"] == "patient"
        assert "pwhash" not in json.dumps(data)
        purposes = {c["purpose"] for c in data["consents"]}
        assert {"care", "community"} <= purposes, data["consents"]
        assert data["posts"], "ana's demo posts"
        assert any(p["thread"] == "Hello from Girona" for p in data["posts"])
        convs = [c for c in data["conversations"]
                 if c["subject"] == ANA_SUBJECT]
        assert convs, [c["subject"] for c in data["conversations"]]
        authors = {m["author"] for m in convs[0]["messages"]}
        assert {"ana", "laia"} <= authors, authors
        assert all(m["text"] for m in convs[0]["messages"])
        for key in ("questionnaires", "alerts", "modules", "journal",
                    "mirror_requests", "care_levels"):
            assert isinstance(data[key], list), key

        # Nothing of pere's or nuria's: their posts, their messages, their
        # names (neither is in any conversation of hers).
        _, pere = export(s, "pere")
        _, nuria = export(s, "nuria")
        text = json.dumps(data, ensure_ascii=False)
        for other in (pere, nuria):
            for p in other["posts"]:
                if len(p["body"]) > 20:
                    assert p["body"] not in text, p["body"][:40]
            for c in other["conversations"]:
                for m in c["messages"]:
                    if m["author"] == other["account"]["pseudonym"]:
                        assert m["text"] not in text, m["text"][:40]
        assert '"pere"' not in text and '"nuria"' not in text

        r = s.ctl("export-patient", "ana", "--out", path)
        assert r.returncode == 1 and "exists" in r.stderr, r.stderr
        r = s.ctl("export-patient", "laia", "--out", path + ".2")
        assert r.returncode == 1 and not os.path.exists(path + ".2")
        rows = s.sql("SELECT actor_role, patient, allowed FROM audit "
                     "WHERE action = 'rights.export' ORDER BY id")
        assert rows[:3] == [("operator", "ana", 1), ("operator", "pere", 1),
                            ("operator", "nuria", 1)], rows
    finally:
        s.cleanup()


def test_access_log_shows_laia():
    """laia opens ana's conversation; ana sees laia, her role, what she
    did and when under Account > Who has looked at my data."""
    s = demo_server()
    try:
        s.start()
        ana = member(s, "ana")
        ana.send("a")
        tc.title(ana, "Account")
        ana.wait(r"Who has looked at my data")
        ana.send("w")
        tc.title(ana, "Who has looked at my data")
        ana.wait(r"Each time someone on the staff")
        ana.close()
        before = s.sql("SELECT count(*) FROM audit WHERE action = "
                       "'message.read' AND patient = 'ana'")[0][0]

        laia = member(s, "laia")
        tcv.messages(laia)
        tcv.open_row(laia, ANA_SUBJECT[:14], ANA_SUBJECT)
        laia.wait(r"ana — \d{4}-\d\d-\d\d")
        laia.close()

        ana = member(s, "ana")
        ana.send("a")
        tc.title(ana, "Account")
        ana.wait(r"Who has looked at my data")
        ana.send("w")
        tc.title(ana, "Who has looked at my data")
        ana.wait(r"When +Who +Role +What")
        ana.wait(r"\d{4}-\d\d-\d\d \d\d:\d\d +laia +[Pp]rofessional +read your "
                 r"messages")
        assert not re.search(r"(?m)^ *\S+ \S+ +ana ", ana.text()), ana.text()
        ana.close()
        reads = s.sql("SELECT actor_name FROM audit WHERE action = "
                      "'message.read' AND patient = 'ana'")
        assert len(reads) == before + 1 and reads[-1] == ("laia",), reads
    finally:
        s.stop()
        s.cleanup()


def test_forget_anonymises_posts():
    """sofia is forgotten with her posts anonymised: another member sees
    her thread started by "former member"; her clinical rows stay, her
    mirror experience under way closes; she is disabled; the audit log
    says what was done and why."""
    s = demo_server()
    try:
        before = s.sql("SELECT (SELECT count(*) FROM forms f JOIN accounts a "
                       "ON a.id = f.patient_id WHERE a.pseudonym = 'sofia'), "
                       "(SELECT count(*) FROM messages), "
                       "(SELECT count(*) FROM mirror_requests)")
        out = s.ctl_ok("forget", "sofia", "--posts", "anonymise")
        assert re.search(r"sofia: \d+ community posts? anonymised", out), out
        assert "former member" in out and "kept" in out, out
        after = s.sql("SELECT (SELECT count(*) FROM forms f JOIN accounts a "
                      "ON a.id = f.patient_id WHERE a.pseudonym = 'sofia'), "
                      "(SELECT count(*) FROM messages), "
                      "(SELECT count(*) FROM mirror_requests)")
        # Clinical rows stay; her mirror experience under way ends with
        # one closing note in her name, like a withdrawal of community
        # consent (privacy spec: access to mirror experiences removed).
        (forms0, msgs0, mirror0), = before
        assert after == [(forms0, msgs0 + 1, mirror0)], (before, after)
        assert s.sql("SELECT m.state FROM mirror_requests m JOIN accounts a "
                     "ON a.id = m.patient_id WHERE a.pseudonym = 'sofia'") \
            == [(4,)]        # MIRROR_CLOSED
        assert s.sql("SELECT disabled, forgotten_at > 0 FROM accounts WHERE "
                     "pseudonym = 'sofia'") == [(1, 1)]
        assert s.sql("SELECT count(*) FROM posts p JOIN accounts a ON "
                     "a.id = p.author_id WHERE a.pseudonym = 'sofia' AND "
                     "p.anonymised = 0") == [(0,)]
        rows = s.sql("SELECT action, patient, detail FROM audit WHERE "
                     "action LIKE 'rights.forget%' ORDER BY id")
        assert [r[0] for r in rows] == ["rights.forget_posts",
                                        "rights.forget"], rows
        assert all(r[1] == "sofia" for r in rows), rows
        assert "clinical records kept" in rows[1][2], rows
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'consent.withdraw' AND patient = 'sofia'") == [(1,)]
        r = s.ctl("forget", "sofia", "--posts", "shred")
        assert r.returncode == 1, r.stderr

        board = s.sql("SELECT b.name FROM threads t JOIN boards b ON "
                      "b.id = t.board_id WHERE t.title = ?",
                      (SOFIA_THREAD,))[0][0]
        s.start()
        ana = member(s, "ana")
        tc.open_board(ana, board)
        tc.pick(ana, r"^ [* ] " + re.escape(SOFIA_THREAD[:15]))
        row = tc.thread_row(ana, SOFIA_THREAD)
        assert row and "former member" in row, ana.text()
        tc.open_thread(ana, SOFIA_THREAD)
        ana.wait(r"#1  former member · \d{4}-\d\d-\d\d")
        assert "sofia" not in ana.text(), ana.text()
        ana.close()
    finally:
        s.stop()
        s.cleanup()
