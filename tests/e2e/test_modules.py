"""Self-help modules end to end, through the system's OpenSSH client
against a real bbsd with the modules of content/modules/.

The story: rosa (a professional) assigns "Understanding emotional
distress after cancer" to eva, a patient in her care, through her
screens.  Eva rates her week, ticks a checklist and writes a free text,
leaves in the middle of the session and logs in again to find the page
where she stopped; she finishes the session, then fills in a thought
record (a wrong intensity is refused with its reason and nothing typed
is lost).  Rosa reads it and answers; eva sees the answer marked new,
and the count in her menu goes once she has read it.  Every step is a
module_events row, rosa's reading is audited naming eva, and none of
the texts typed is in the database file or its WAL in clear.

Another patient, and a professional outside her care team, see none of
it (the demo community: ana's programme, answers and journal against
sofia and oriol).  A patient's journal is private unless she shares an
entry, and her professional reads only the shared ones.  A schedule
("one every 7 days") keeps the next session locked until its day.

"By any id": the screens take assignment and answer ids only from the
lists they show, so someone who cannot see eva's programme in a list
cannot open it; tests/unit/test_programme.c checks that the domain
refuses such an id.
"""
import datetime
import os
import re
import zoneinfo

from harness import (DEMO_PASSWORD, PASSWORD, Server, demo_server,
                     scroll_login_to_menu, set_conf)

import test_community as tc

COLS, ROWS = 100, 50        # a module's page, or a thought record, whole
CTRL_S = "\x13"
CTRL_U = "\x15"

DISTRESS = "Understanding emotional distress after cancer"
RELAXATION = "Relaxation and breathing"

# What people type: none of it may reach the database file in clear.
HARDEST = "The quiet evenings after the kids sleep feel longest"
SITUATION = "Waiting room before the scan"
THOUGHT = "They will find something new"
EMOTION = "Dread"
FOR = "My back has ached for a week"
AGAINST = "The last three scans were clear"
BALANCED = "An ache is common and gets checked"
FEEDBACK = "Well spotted, eva: let us look at the waiting room together"
PRIVATE = "Slept badly and told nobody about it"
SHARED = "Walked by the river with my sister today"


# ---------------------------------------------------------------- helpers

def session(s, name, password=PASSWORD):
    """Log name in, on a screen tall enough for a whole page."""
    t = scroll_login_to_menu(s, name, password, COLS, ROWS)
    t.wait(re.escape(name) + r" \(")
    return t


def account(s, name):
    return s.sql("SELECT id FROM accounts WHERE pseudonym = ?", (name,))[0][0]


def logout(t):
    """From the main menu, log out and see the connection end."""
    tc.main_menu(t)
    t.send("x")
    tc.answer(t, "y", "Do you want to log out of Mirall?")
    t.wait_exit()


def esc_to(t, title, pattern):
    """Go back with Esc to the screen titled title that shows pattern
    (a module's page and its sessions share the module's title), and
    wait for it before the next key can run into the Esc."""
    t.key("esc")
    tc.title(t, title)
    t.wait(pattern)


def patient_programme(t, patient):
    """From a professional's main menu, a patient's programme through
    My patients and her view."""
    t.send("p")
    tc.title(t, "My patients")
    tc.pick(t, r"^ %s " % re.escape(patient))
    t.key("enter")
    tc.title(t, "Patient: " + patient)
    t.wait(r"Self-help: ")
    t.send("p")
    tc.title(t, "Programme: " + patient)
    t.wait(r"Sessions \d+ of \d+ done · |No module assigned yet")


def assign(t, patient, title, every=None):
    """In a patient's programme, assign module title: as she goes, or
    one session every `every` days."""
    t.send("a")
    tc.title(t, "Assign a module")
    t.wait(r"Choose a module for %s\." % re.escape(patient))
    tc.pick(t, r"^  \d  " + re.escape(title))
    t.key("enter")
    tc.title(t, "Unlock sessions")
    t.wait(r"One every N days")
    if every is None:
        tc.pick(t, r"All as she goes")
        t.key("enter")
        sched = "at her own pace"
    else:
        tc.pick(t, r"One every N days")
        t.key("enter")
        t.wait(r"Every how many days")
        # Out of range first: the reason, then the form again.
        t.send(CTRL_U + "61\r")
        tc.dismiss(t, "Give a number of days from 1 to 60.")
        t.wait(r"Every how many days")
        t.send(CTRL_U + str(every) + "\r")
        sched = "one session every %d days" % every
    tc.answer(t, "y", "Assign “%s” to %s, %s?" % (title, patient, sched))
    tc.title(t, "Programme: " + patient)
    t.wait(r"The module is assigned\.")
    t.wait(r"1\. " + re.escape(title))
    t.wait(r"Schedule: " + re.escape(sched))


def my_programme(t):
    """From a patient's main menu, My programme."""
    t.send("o")
    tc.title(t, "My programme")
    t.wait(r"Self-help modules chosen with your professional")


def module_page(t, title, by="rosa"):
    """From My programme, open its first (only) module's page."""
    t.key("enter")
    tc.title(t, title)
    t.wait(r"Added to your programme by %s on " % by)
    t.wait(r"This module complements your care")


def open_session(t, n, page, pages):
    """On a module's page, open session n; it shows page (1-based)."""
    t.send(str(n))
    t.wait(r"Session %d of 3 · page %d of %d" % (n, page, pages))


def next_page(t, n, page, pages):
    t.send("n")
    t.wait(r"Session %d of 3 · page %d of %d" % (n, page, pages))


def exercise(t, i):
    """On a session's page, open its exercise number i."""
    t.send(str(i))
    tc.title(t, "Exercise")
    t.wait(r"s submit · Esc back")


def submit(t):
    """Say yes to submitting and see it done."""
    tc.answer(t, "y", "Submit this to your professional?")
    t.wait(r"Submitted to your professional\.")


def rate(t, n):
    """On a rating exercise, type n and Enter, and submit it."""
    t.wait(r"Type a number from 0 to 10, then Enter\.")
    t.send(str(n) + "\r")
    submit(t)
    t.wait(r"Your rating: %d" % n)
    t.wait(r"\[%d\]" % n)


def write_text(t, text):
    """On a free-text exercise, write text in the editor and submit it."""
    t.send("e")
    t.wait(r"Ctrl-S save · Esc cancel")
    t.send(text)
    t.wait(re.escape(text[:40]))
    t.send(CTRL_S)
    submit(t)
    tc.title(t, "Exercise")
    t.wait(r"Your answer:\s+" + re.escape(text))


def raw_files(s):
    """The bytes of the database file and its WAL."""
    out = b""
    for name in ("mirall.db", "mirall.db-wal"):
        path = os.path.join(s.dir, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                out += f.read()
    return out


def session_state(t, n):
    """The state line under session n on a module's page."""
    lines = t.screen.display
    for y, line in enumerate(lines):
        if re.match(r"^  [✓▸x> ] ?%d\. " % n, line) and y + 1 < len(lines):
            return lines[y + 1].strip()
    raise AssertionError("no session %d on screen:\n%s" % (n, t.text()))


def care_server():
    """A small community (not started): rosa, a professional, cares for
    eva, a patient."""
    s = Server()
    s.add_user("rosa", role="professional")
    s.add_user("eva")
    s.ctl_ok("care", "assign", "eva", "rosa")
    return s


# ------------------------------------------------------------------ tests

def test_assign_complete_resume_feedback():
    s = care_server()
    s.start()
    try:
        eva_id, rosa_id = account(s, "eva"), account(s, "rosa")

        # Rosa assigns the module through her screens.
        rosa = session(s, "rosa")
        patient_programme(rosa, "eva")
        rosa.wait(r"No module assigned yet\. Press a to assign one\.")
        assign(rosa, "eva", DISTRESS)
        rosa.wait(r"Sessions 0 of 3 done · next: session 1, What distress "
                  r"is and why it is common")
        rosa.close()
        asg = s.sql("SELECT id, module, every_days, assigned_by FROM "
                    "module_assignments WHERE patient_id = ?", (eva_id,))
        assert [a[1:] for a in asg] == [("distress", 0, rosa_id)], asg
        asg = asg[0][0]

        # Eva finds it in her menu and starts the first session.
        eva = session(s, "eva")
        assert tc.menu_count(eva, "My programme") == 0, eva.text()
        my_programme(eva)
        eva.wait(r"session 1 of 3 · 0 of 3 sessions done · 0 of \d+ "
                 r"exercises submitted")
        module_page(eva, DISTRESS)
        assert session_state(eva, 1) == "open · 0 of 3 exercises submitted"
        assert session_state(eva, 2) == "opens when you finish session 1"
        open_session(eva, 1, 1, 4)
        eva.wait(r"A word for what you feel")

        next_page(eva, 1, 2, 4)
        exercise(eva, 1)
        eva.wait(r"0 = No distress")
        rate(eva, 6)
        esc_to(eva, DISTRESS, r"page 2 of 4")
        eva.key("end")
        eva.wait(r"Rating 0-10 · submitted")

        next_page(eva, 1, 3, 4)
        exercise(eva, 1)
        eva.wait(r"Tick what applies")
        eva.send("2")
        eva.wait(r"\[x\] 2\. Worrying a lot")
        eva.send("4")
        eva.wait(r"\[x\] 4\. Feeling low")
        eva.send("s")
        submit(eva)
        esc_to(eva, DISTRESS, r"page 3 of 4")

        next_page(eva, 1, 4, 4)
        exercise(eva, 1)
        eva.wait(r"\(nothing written yet\)")
        write_text(eva, HARDEST)
        esc_to(eva, DISTRESS, r"page 4 of 4")
        eva.wait(r"f finish")

        # She leaves in the middle of the session, and logs out.
        esc_to(eva, DISTRESS, r"Added to your programme by rosa")
        esc_to(eva, "My programme", r"Self-help modules chosen")
        esc_to(eva, "Main menu", r"Log out")
        logout(eva)
        assert s.sql("SELECT session, last_page, completed_at FROM "
                     "module_sessions WHERE assignment_id = ?",
                     (asg,)) == [(0, 3, 0)]

        # Back again: the page where she stopped; she finishes.
        eva = session(s, "eva")
        my_programme(eva)
        module_page(eva, DISTRESS)
        assert session_state(eva, 1) == ("open · you stopped at page 4 of "
                                         "4 · 3 of 3 exercises submitted")
        open_session(eva, 1, 4, 4)
        eva.wait(r"When to ask for more help")
        eva.send("f")
        tc.dismiss(eva, "Well done: you have finished this session.")
        tc.title(eva, DISTRESS)
        eva.wait(r"Added to your programme by rosa")
        eva.wait(r"done on \d{4}-\d\d-\d\d")
        assert session_state(eva, 1).startswith("done on "), eva.text()
        assert session_state(eva, 2) == "open · 0 of 1 exercise submitted"

        # Session 2: a thought record, an intensity out of range first.
        open_session(eva, 2, 1, 3)
        next_page(eva, 2, 2, 3)
        next_page(eva, 2, 3, 3)
        eva.wait(r"A first thought record")
        exercise(eva, 1)
        eva.wait(r"» Fill in the thought record")
        eva.key("enter")
        tc.title(eva, "Thought record")
        eva.wait(r"Fill in a thought record about a recent moment")
        eva.send("\t".join((SITUATION, THOUGHT, EMOTION, "101", FOR,
                            AGAINST, BALANCED, "40")))
        eva.wait(re.escape(BALANCED))
        eva.send(CTRL_S)
        tc.dismiss(eva, "Intensity is a number from 0 to 100.")
        tc.title(eva, "Thought record")
        for text in (SITUATION, THOUGHT, EMOTION, FOR, AGAINST, BALANCED):
            eva.wait(re.escape(text))           # as she typed it
        assert s.sql("SELECT count(*) FROM exercise_answers WHERE "
                     "exercise = 'first-thought-record'") == [(0,)]
        eva.send("\t\t\t" + CTRL_U + "80" + CTRL_S)
        submit(eva)
        tc.title(eva, "Exercise")
        eva.wait(r"Submitted \d{4}-\d\d-\d\d \d\d:\d\d\.")
        eva.wait(r"Intensity \(0-100\)\s+80\s")
        eva.wait(r"New intensity \(0-100\)\s+40\s")
        eva.wait(r"Balanced thought\s+" + re.escape(BALANCED))
        esc_to(eva, DISTRESS, r"page 3 of 3")
        eva.key("end")
        eva.wait(r"Thought record · submitted")
        eva.close()

        # Rosa reads the thought record, all its fields, and answers.
        rosa = session(s, "rosa")
        patient_programme(rosa, "eva")
        rosa.wait(r"Sessions 1 of 3 done · 4 exercises submitted · modules "
                  r"0 of 1 completed")
        rosa.wait(r"next: session 2, Thoughts, feelings and the body")
        rosa.send("x")
        tc.title(rosa, "Exercises: eva")
        rosa.wait(r"Module +Exercise +Submitted +Feedback")
        rosa.wait(r"(?s)(no feedback yet.*){4}")
        rows = [l for l in rosa.screen.display if "no feedback yet" in l]
        assert len(rows) == 4, rosa.text()
        assert "Fill in a thought" in rows[0], rows     # newest first
        tc.pick(rosa, r"Fill in a thought")
        rosa.key("enter")
        tc.title(rosa, "Exercise: eva")
        rosa.wait(DISTRESS + r" · session 2, Thoughts, feelings and the "
                  r"body")
        rosa.wait(r"Her answer:")
        for label, value in (("Situation", SITUATION),
                             ("Automatic thought", THOUGHT),
                             ("Emotion", EMOTION),
                             ("Intensity", "80 of 100"),
                             ("Evidence for", FOR),
                             ("Evidence against", AGAINST),
                             ("Balanced thought", BALANCED),
                             ("New intensity", "40 of 100")):
            rosa.wait(r"(?m)^  %s: %s\s*$" % (label, re.escape(value)))
        rosa.wait(r"No feedback yet\. Press f to write some\.")
        rosa.send("f")
        tc.editor(rosa, "Feedback for eva")
        rosa.send(FEEDBACK)
        rosa.wait(re.escape(FEEDBACK[:40]))
        rosa.send(CTRL_S)
        tc.title(rosa, "Exercise: eva")
        rosa.wait(r"Your feedback is sent\. She sees it marked new\.")
        rosa.wait(r"rosa, \d{4}-\d\d-\d\d \d\d:\d\d · not seen by her yet")
        rosa.wait(re.escape(FEEDBACK))
        esc_to(rosa, "Exercises: eva", r"feedback given")

        # Eva is told, reads it, and the count goes.
        eva = session(s, "eva")
        tc.main_menu(eva)
        eva.wait(r"Your professional has answered an exercise\.")
        assert tc.menu_count(eva, "My programme") == 1, eva.text()
        eva.wait(r"o  My programme \(1 new feedback\)")
        my_programme(eva)
        eva.wait(r"session 2 of 3 · 1 of 3 sessions done")
        eva.wait(r"(?m)^    new feedback\s*$")
        module_page(eva, DISTRESS)
        assert session_state(eva, 2) == ("open · you stopped at page 3 of "
                                         "3 · 1 of 1 exercise submitted")
        open_session(eva, 2, 3, 3)
        eva.key("end")
        eva.wait(r"Thought record · submitted · feedback: new")
        exercise(eva, 1)
        eva.wait(r"Feedback from your professional")
        eva.wait(r"rosa · \d{4}-\d\d-\d\d \d\d:\d\d · new")
        eva.wait(re.escape(FEEDBACK))
        esc_to(eva, DISTRESS, r"page 3 of 3")
        eva.key("end")
        eva.wait(r"Thought record · submitted · feedback: seen")
        esc_to(eva, DISTRESS, r"Added to your programme by rosa")
        esc_to(eva, "My programme", r"Self-help modules chosen")
        assert "new feedback" not in eva.text(), eva.text()
        esc_to(eva, "Main menu", r"Log out")
        tc.main_menu(eva)
        assert tc.menu_count(eva, "My programme") == 0, eva.text()
        assert "answered an exercise" not in eva.text(), eva.text()
        eva.close()

        # Rosa sees it read.
        rosa.key("enter")
        tc.title(rosa, "Exercise: eva")
        rosa.wait(r"rosa, [-\d: ]+ · seen by her \d{4}-\d\d-\d\d")
        rosa.close()

        # The database: every step an event, the reading audited.
        ev = s.sql("SELECT kind, session, exercise FROM module_events "
                   "WHERE patient_id = ? ORDER BY id", (eva_id,))
        kinds = [e[0] for e in ev]
        assert kinds[0] == "assigned", ev
        for kind in ("session.open", "exercise.submit", "session.complete",
                     "feedback", "feedback.seen"):
            assert kind in kinds, (kind, ev)
        assert [e[2] for e in ev if e[0] == "exercise.submit"] == [
            "distress-week", "distress-signs", "hardest-part",
            "first-thought-record"], ev
        assert [e[1] for e in ev if e[0] == "session.complete"] == [0], ev
        assert ("feedback", 1, "first-thought-record") in ev, ev
        assert kinds.index("feedback") < kinds.index("feedback.seen"), ev
        assert s.sql("SELECT count(*) FROM exercise_feedback f JOIN "
                     "exercise_answers a ON a.id = f.answer_id WHERE "
                     "a.assignment_id = ? AND f.author_id = ? AND "
                     "f.seen_at > 0", (asg, rosa_id)) == [(1,)]
        audit = s.sql("SELECT action, detail FROM audit WHERE actor_id = ? "
                      "AND patient = 'eva'", (rosa_id,))
        assert ("module.answer_read", "first-thought-record") in audit, audit
        assert "module.assign" in [a[0] for a in audit], audit
        assert "module.feedback" in [a[0] for a in audit], audit

        # Nothing typed is in the database file, its WAL or the log.
        raw = raw_files(s)
        assert raw
        log = s.log_text()
        for text in (HARDEST, SITUATION, THOUGHT, FOR, AGAINST, BALANCED,
                     FEEDBACK):
            assert text.encode() not in raw, text
            assert text not in log, text
    finally:
        s.cleanup()


def test_other_patient_sees_nothing():
    """In the demo, ana (laia's patient) has a programme with answers,
    feedback, a draft and a journal; sofia is oriol's patient."""
    s = demo_server()
    s.start()
    try:
        ana_id, oriol_id = account(s, "ana"), account(s, "oriol")
        assert s.sql("SELECT count(*) FROM exercise_answers e JOIN "
                     "module_assignments a ON a.id = e.assignment_id "
                     "WHERE a.patient_id = ?", (ana_id,))[0][0] >= 4
        assert s.sql("SELECT count(*) FROM journal_entries WHERE "
                     "patient_id = ?", (ana_id,)) == [(2,)]
        assert s.sql("SELECT count(*) FROM care_team c JOIN accounts a ON "
                     "a.id = c.patient_id WHERE a.pseudonym = 'ana' AND "
                     "c.professional_id = ?", (oriol_id,)) == [(0,)]

        # Sofia: nothing in her programme, nothing in her journal.
        sofia = session(s, "sofia", DEMO_PASSWORD)
        assert tc.menu_count(sofia, "My programme") == 0, sofia.text()
        assert "answered an exercise" not in sofia.text()
        my_programme(sofia)
        sofia.wait(r"Nothing in your programme yet\. Your professional can "
                   r"add self-help modules to it\.")
        for word in ("distress", "Relaxation", "session"):
            assert word not in sofia.text(), (word, sofia.text())
        esc_to(sofia, "Main menu", r"Log out")
        sofia.send("j")
        tc.title(sofia, "My journal")
        sofia.wait(r"Your journal is empty\. Press n to write your first "
                   r"entry\.")
        for word in ("market", "Bad night", "[shared]"):
            assert word not in sofia.text(), (word, sofia.text())
        sofia.close()

        # Oriol: ana is not among his patients.
        oriol = session(s, "oriol", DEMO_PASSWORD)
        oriol.send("p")
        tc.title(oriol, "My patients")
        oriol.wait(r"(?m)^ sofia ")
        assert not re.search(r"(?m)^ ana ", oriol.text()), oriol.text()
        oriol.close()
        # And nothing of hers was read in his name.
        assert s.sql("SELECT action FROM audit WHERE actor_id = ? AND "
                     "patient = 'ana'", (oriol_id,)) == []
    finally:
        s.cleanup()


def test_journal_private_and_shared():
    s = care_server()
    s.start()
    try:
        eva_id, rosa_id = account(s, "eva"), account(s, "rosa")
        eva = session(s, "eva")
        eva.send("j")
        tc.title(eva, "My journal")
        eva.wait(r"Your journal is empty\.")
        for text in (PRIVATE, SHARED):
            eva.send("n")
            tc.editor(eva, "New journal entry")
            eva.send(text)
            eva.wait(re.escape(text))
            eva.send(CTRL_S)
            tc.answer(eva, "n", "Share this entry with your professional?")
            tc.title(eva, "My journal")
            eva.wait(r"Saved\. Only you can read it\.")
            eva.wait(re.escape(text))
        # She shares the second one from the entry itself.
        tc.pick(eva, re.escape(SHARED))
        eva.key("enter")
        tc.title(eva, "Journal entry")
        eva.wait(r"Private: only you can read it\.")
        eva.send("s")
        tc.answer(eva, "y", "Share this entry with your professional?")
        eva.wait(r"Shared with your professional\.")
        eva.wait(r"e edit · s stop sharing")
        esc_to(eva, "My journal", re.escape(SHARED))
        shared = [l for l in eva.screen.display if "[shared]" in l]
        assert len(shared) == 1 and SHARED in shared[0], eva.text()
        eva.close()
        assert sorted(s.sql("SELECT shared FROM journal_entries WHERE "
                            "patient_id = ?", (eva_id,))) == [(0,), (1,)]

        rosa = session(s, "rosa")
        patient_programme(rosa, "eva")
        rosa.send("j")
        tc.title(rosa, "Shared journal: eva")
        rosa.wait(r"The entries she chose to share with you")
        rosa.wait(re.escape(SHARED))
        assert PRIVATE not in rosa.text(), rosa.text()
        rosa.close()
        assert s.sql("SELECT count(*) FROM audit WHERE actor_id = ? AND "
                     "action = 'journal.read' AND patient = 'eva'",
                     (rosa_id,)) == [(1,)]
        raw = raw_files(s)
        for text in (PRIVATE, SHARED):
            assert text.encode() not in raw, text
    finally:
        s.cleanup()


def test_locked_and_scheduled():
    """One session every 7 days: session 2 waits for session 1 and then
    for its day, local midnight of the assignment's day plus a week, in
    the service's time zone (one far from UTC, so a date worked out in
    UTC would show)."""
    tz = "Pacific/Auckland"
    s = care_server()
    set_conf(s, timezone=tz)
    s.start()
    try:
        eva_id = account(s, "eva")
        rosa = session(s, "rosa")
        patient_programme(rosa, "eva")
        assign(rosa, "eva", RELAXATION, every=7)
        rosa.close()
        at, every = s.sql("SELECT assigned_at, every_days FROM "
                          "module_assignments WHERE patient_id = ?",
                          (eva_id,))[0]
        assert every == 7
        day = (datetime.datetime.fromtimestamp(at, zoneinfo.ZoneInfo(tz))
               .date() + datetime.timedelta(days=7)).isoformat()

        eva = session(s, "eva")
        # Session 1's homework is due when session 2 opens: within a week.
        assert tc.menu_count(eva, "My programme") == 1, eva.text()
        eva.wait(r"Homework in your programme is due soon\.")
        my_programme(eva)
        eva.wait(r"due " + day)
        module_page(eva, RELAXATION)
        assert session_state(eva, 1) == ("open · due %s · 0 of 2 exercises "
                                         "submitted" % day), eva.text()
        assert session_state(eva, 2) == "opens when you finish session 1", \
            eva.text()
        # A locked session says why when she tries it.
        eva.send("2")
        tc.dismiss(eva, "This session opens when you finish session 1.")
        tc.title(eva, RELAXATION)

        open_session(eva, 1, 1, 3)
        next_page(eva, 1, 2, 3)
        exercise(eva, 1)
        rate(eva, 7)
        esc_to(eva, RELAXATION, r"page 2 of 3")
        next_page(eva, 1, 3, 3)
        exercise(eva, 1)
        rate(eva, 3)
        esc_to(eva, RELAXATION, r"page 3 of 3")
        eva.send("f")
        tc.dismiss(eva, "Well done: you have finished this session.")
        tc.title(eva, RELAXATION)
        eva.wait(r"Added to your programme by rosa")
        eva.wait(r"opens on " + day)
        assert session_state(eva, 1).startswith("done on "), eva.text()
        assert session_state(eva, 2) == "opens on " + day, eva.text()
        eva.send("2")
        tc.dismiss(eva, "This session opens on %s." % day)
        tc.title(eva, RELAXATION)
        esc_to(eva, "My programme", r"Self-help modules chosen")
        eva.wait(r"session 2 opens on %s · 1 of 3 sessions done" % day)
        eva.close()
        assert s.sql("SELECT session FROM module_sessions WHERE "
                     "assignment_id = (SELECT id FROM module_assignments "
                     "WHERE patient_id = ?) AND started_at > 0",
                     (eva_id,)) == [(0,)]
    finally:
        s.cleanup()
