"""Research studies administered from the text UI (ui/admin_studies.c),
end to end through the system's OpenSSH client.

The admin opens Staff administration > Research studies and registers a
study on the form: a bad id is refused with bbs/study.c's reason, keeps
what was typed and creates nothing; the corrected one is stored with its
questionnaires and events, its key file is 0600 in a 0700 directory
(keys/studies beside the config) and the dialog says where, and
"study.create" is audited.  The list shows the study and its exports
(one written by the operator, never naming a patient); the admin closes
its recruitment on the screen after the question that says what it
means: recruiting 0, "study.close" audited, and declining to reopen it
changes nothing.  A new patient logging in afterwards is asked about
care and community only.  A professional and a researcher have no Staff
administration in their main menu.
"""
import os
import re
import stat
import time

from harness import (Server, answer_consents, login, login_to_menu,
                     scroll_login_to_menu)
import test_community as tc

CTRL_U = "\x15"     # clears a form field
STUDY, TITLE = "sleep_2026", "Sleep after treatment"
EVENTS = "enrolment=baseline_arm_1 programme+4w=week_04_arm_1"


def fill(t, *values):
    """Type values into the form's fields from the current one on, each
    cleared first; Enter on the last one submits."""
    for v in values:
        t.send(CTRL_U + v + "\r")


def audit(s, action):
    return s.sql("SELECT actor_name, detail FROM audit WHERE action = ? "
                 "ORDER BY id", (action,))


def studies_screen(t):
    """From the main menu to Staff administration > Research studies."""
    t.send("s")
    tc.title(t, "Staff administration")
    t.wait(r"(?m)^  r  Research studies")
    t.send("r")
    tc.title(t, "Research studies")
    t.wait(r"(?m)^ Id +Title +Protocol +Status +Created +Exports")


def study_row(t):
    """The list's row of our study, or None."""
    for line in t.screen.display:
        if line.startswith(" " + STUDY + " "):
            return line
    return None


def test_admin_studies_create_close():
    s = Server()
    s.sql("UPDATE accounts SET rules_version = 1000000 WHERE pseudonym = "
          "'admin'")
    s.add_user("pere", "professional")
    s.add_user("rut", "researcher")
    keys = os.path.join(s.dir, "keys", "studies")
    key_file = os.path.join(keys, STUDY + ".key")
    with s:
        t = scroll_login_to_menu(s, "admin")
        studies_screen(t)
        t.wait(r"No studies yet")

        # A bad id: study_create's reason, what was typed stays, nothing
        # is created.
        t.send("n")
        tc.title(t, "New study")
        t.wait(r"phq9 \(PHQ-9\)")           # the loaded questionnaires
        fill(t, "Bad Id", TITLE, "1.0", "phq9 gad7", EVENTS)
        d = tc.dismiss(t, "Not done", "Bad Id: a study id is a lowercase "
                       "letter")
        assert "at most 32" in d, d
        tc.title(t, "New study")
        t.wait(re.escape(TITLE))
        t.wait(r"phq9 gad7")
        assert s.sql("SELECT count(*) FROM studies")[0][0] == 0
        assert audit(s, "study.create") == []
        assert not os.path.exists(os.path.join(keys, "Bad Id.key"))

        # Corrected: only the id retyped, the rest kept.
        t.send(CTRL_U + STUDY + "\r" + "\r" * 4)
        d = tc.wait_dialog(t, "New study", "Study %s is registered" % STUDY)
        d = tc.dismiss(t, "next login")
        squeezed = d.replace(" ", "")
        assert key_file in squeezed, d
        assert "Back it up apart from the database" in d, d
        tc.title(t, "Research studies")

        rows = s.sql("SELECT title, protocol, instruments, events, key_file, "
                     "recruiting, created_by FROM studies WHERE id = ?",
                     (STUDY,))
        admin_id = s.sql("SELECT id FROM accounts WHERE pseudonym = "
                         "'admin'")[0][0]
        assert rows == [(TITLE, "1.0", "phq9 gad7", EVENTS, key_file, 1,
                         admin_id)], rows
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(keys).st_mode) == 0o700
        with open(key_file) as f:
            assert re.fullmatch(r"[0-9a-f]{64}\n", f.read())
        assert audit(s, "study.create") == [("admin", STUDY)]

        # The list: one row, recruiting, created today, no export yet.
        today = time.strftime("%Y-%m-%d")
        t.wait(r"(?m)^ %s +Sleep after tre\S* +1\.0 +recruiting +%s +0"
               % (STUDY, today))

        # An export written by the operator: counted, and listed in the
        # details with when and by whom only.
        s.sql("INSERT INTO study_exports (study, by_id, at, dir, records, "
              "rows, events) VALUES (?, NULL, strftime('%s','now'), "
              "'/srv/out/one', 3, 12, 40)", (STUDY,))
        tc.pick(t, r"^ " + STUDY)
        t.key("enter")
        tc.title(t, TITLE)
        t.wait(r"Protocol version: 1\.0")
        t.wait(r"Recruiting: yes")
        t.wait(r"phq9  PHQ-9")
        t.wait(r"programme\+4w = week_04_arm_1")
        t.wait(r"Key file: " + re.escape(key_file[:40]))
        t.wait(r"Exports \(newest first\)")
        t.send(" ")
        t.wait(r"UTC, by the operator: 3 participants, 12 rows\s+/srv/out/one")
        t.send("q")
        tc.title(t, "Research studies")
        t.wait(r"(?m)^ %s .* recruiting +%s +1 *$" % (STUDY, today))

        # Close recruitment from the list, after the question.
        tc.pick(t, r"^ " + STUDY)
        t.send("c")
        tc.answer(t, "y", "Close recruitment for %s?" % STUDY,
                  "Nobody will be asked about it any more",
                  "stay in its exports until they withdraw")
        t.wait(r"(?m)^ %s .* closed +%s +1 *$" % (STUDY, today))
        assert s.sql("SELECT recruiting FROM studies WHERE id = ?",
                     (STUDY,)) == [(0,)]
        assert audit(s, "study.close") == [("admin", STUDY)]

        # Reopening from the details, answered No: nothing changes.
        t.key("enter")
        tc.title(t, TITLE)
        t.wait(r"Recruiting: no")
        t.send("o")
        tc.answer(t, "n", "Open recruitment for %s again?" % STUDY)
        tc.title(t, "Research studies")
        t.wait(r"(?m)^ %s .* closed " % STUDY)
        assert s.sql("SELECT recruiting FROM studies WHERE id = ?",
                     (STUDY,)) == [(0,)]
        assert audit(s, "study.open") == []
        t.close()

        # A new patient is not asked about the closed study.
        s.add_user("nuria", consent=False)
        t = login(s, "nuria")
        seen = answer_consents(t)
        assert seen[:2] == ["Care participation",
                            "Community participation"], seen
        assert not [x for x in seen if TITLE in x], seen
        assert s.sql("SELECT count(*) FROM consents c JOIN accounts a ON "
                     "a.id = c.account_id WHERE a.pseudonym = 'nuria' AND "
                     "c.study = ?", (STUDY,))[0][0] == 0
        t.close()

        # Staff who are not administrators have no such entry.
        for name in ("pere", "rut"):
            t = login_to_menu(s, name)
            menu = t.text()
            assert "Staff administration" not in menu, menu
            assert "Research studies" not in menu, menu
            t.close()
