"""Questionnaires and risk alerts end to end: a new patient's enrolment
forms are announced at login; she answers PHQ-9 one keystroke per item,
with item 9 = 2, and sees the crisis card before anything else; the
professional caring for her finds the urgent alert at the top of her menu,
acknowledges it, records an action and closes it, every step in the audit
log.  A professional outside her care sees the alert in the shared queue
but cannot open her record.
"""
import re

from harness import Server, demo_server, login_to_menu, wait_for

import test_community as tc


def setup(s):
    s.add_user("eva", "patient")
    s.add_user("laia", "professional")
    s.add_user("oriol", "professional")
    s.ctl_ok("care", "assign", "eva", "laia")


def answer_phq9(t, item9):
    """From the questionnaire list, answer the PHQ-9 with 1 ("Not at
    all") everywhere but item 9, skip nothing, and submit."""
    tc.pick(t, r"Patient Health Questionnaire")
    t.key("enter")
    for n in range(1, 11):
        t.wait(r"Question %d of 10" % n)
        if n == 9:
            t.wait(r"Thoughts that you would be better off dead")
            t.send(str(item9 + 1))
        else:
            t.send("1")
    tc.title(t, "Check your answers")
    t.wait(r"Submit my answers")
    t.key("enter")


def test_phq9_item9_crisis_card_and_alert_lifecycle():
    with Server() as s:
        setup(s)
        eva = login_to_menu(s, "eva")
        text = tc.main_menu(eva)
        assert "Questionnaires (4 to answer)" in text, text
        assert "questionnaire" in text.lower()
        eva.send("q")
        tc.title(eva, "Questionnaires")
        answer_phq9(eva, 2)
        # The crisis card comes first, before any score or thanks.
        tc.title(eva, "Help now")
        eva.wait(r"112")
        assert "Thank you" not in eva.text()
        eva.key("esc")
        tc.title(eva, "Thank you")
        eva.wait(r"will contact you by")
        assert "risk" not in eva.text().lower()
        eva.key("esc")
        tc.title(eva, "Questionnaires")
        wait_for(lambda: eva.pump(0.05) is not None and
                 "Patient Health Questionnaire" not in eva.text(),
                 what="PHQ-9 gone from the due list")
        assert s.sql("SELECT rule, priority FROM alerts") == [("R2", 3)]
        assert s.sql("SELECT count(*) FROM form_answers a JOIN forms f ON "
                     "f.id = a.form_id WHERE f.instrument = 'phq9'") == \
            [(10,)]
        eva.close()

        # Outside her care: the shared queue shows it, her record stays shut.
        oriol = login_to_menu(s, "oriol")
        assert tc.menu_count(oriol, "Alerts") == 1
        oriol.send("r")
        tc.title(oriol, "Alerts")
        oriol.wait(r"URGENT +eva")
        oriol.key("enter")
        tc.title(oriol, "Alert")
        oriol.send("p")
        tc.dismiss(oriol, "not in your care")
        oriol.close()
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'patient.view'") == [(0,)]

        laia = login_to_menu(s, "laia")
        text = tc.main_menu(laia)
        first = re.search(r"(?m)^  (\w)  (\S.*?) *$", text)
        assert first and first.group(2) == "Alerts (1 open, 1 urgent)", text
        laia.send("r")
        tc.title(laia, "Alerts")
        laia.wait(r"URGENT +eva")
        laia.key("enter")
        tc.title(laia, "Alert")
        laia.wait(r"PHQ-9 item 9 = 2")
        laia.wait(r"Not acknowledged yet")
        laia.send("k")
        laia.wait(r"Acknowledged by laia")
        laia.send("r")
        tc.title(laia, "Record an action")
        laia.send("1")                      # Called the patient
        laia.wait(r"Note")
        laia.line("Spoke with her; she is safe tonight, follow-up tomorrow.")
        laia.wait(r"Called the patient")
        laia.send("c")
        laia.wait(r"Closed by laia")
        laia.key("esc")
        tc.title(laia, "Alerts")
        laia.wait(r"No open alerts")
        row = s.sql("SELECT state, acknowledged_at > 0, closed_at > 0 FROM "
                    "alerts WHERE rule = 'R2'")
        assert row == [(3, 1, 1)], row
        acts = [r[0] for r in s.sql("SELECT action FROM audit WHERE action "
                                    "LIKE 'alert.%' ORDER BY id")]
        for a in ("alert.raise", "alert.view", "alert.acknowledge",
                  "alert.action", "alert.close"):
            assert a in acts, acts
        laia.close()


def test_due_form_announced_answered_and_gone():
    """A form due at login is answered and leaves the menu count."""
    with Server() as s:
        setup(s)
        eva = login_to_menu(s, "eva")
        assert tc.menu_count(eva, "Questionnaires") == 4
        eva.send("q")
        tc.title(eva, "Questionnaires")
        answer_phq9(eva, 0)
        tc.title(eva, "Thank you")
        eva.wait(r"Your answers are saved")
        eva.key("esc")
        tc.title(eva, "Questionnaires")
        eva.key("esc")
        tc.main_menu(eva)
        wait_for(lambda: eva.pump(0.05) is not None and
                 tc.menu_count(eva, "Questionnaires") == 3,
                 what="3 questionnaires left")
        assert s.sql("SELECT count(*) FROM alerts") == [(0,)]
        eva.close()


def test_resume_where_she_stopped():
    """Leaving mid-way keeps the answers; the form opens at the same item."""
    with Server() as s:
        setup(s)
        eva = login_to_menu(s, "eva")
        eva.send("q")
        tc.title(eva, "Questionnaires")
        tc.pick(eva, r"Patient Health Questionnaire")
        eva.key("enter")
        for n in range(1, 4):
            eva.wait(r"Question %d of 10" % n)
            eva.send("2")
        eva.wait(r"Question 4 of 10")
        eva.key("esc")
        tc.title(eva, "Questionnaires")
        eva.wait(r"\(PHQ-9\) +until \S+ · started")
        tc.pick(eva, r"Patient Health Questionnaire")
        eva.key("enter")
        eva.wait(r"Question 4 of 10")
        eva.key("left")
        eva.wait(r"Question 3 of 10")
        assert re.search(r">\s*2\s+Several days", eva.text()), eva.text()
        eva.close()


# ------------------------------------------------ with the demo community

def caseload_rows(t):
    """The pseudonyms of the caseload on screen, top to bottom."""
    names = []
    for line in t.screen.display[1:-1]:
        m = re.match(r"^ (\w+) {2,}(monitoring|psychoeducation|community|"
                     r"therapy) ", line)
        if m:
            names.append(m.group(1))
    return names


def test_caseload_sorted_by_need():
    """laia's caseload: an open alert first, then a score needing review,
    then missed forms, then nothing pending, each with its reason; her
    patient's view shows the course at a glance, audited."""
    with demo_server() as s:
        s.start()
        laia = tc.member(s, "laia")
        laia.send("p")
        tc.title(laia, "My patients")
        wait_for(lambda: laia.pump(0.05) is not None and
                 len(caseload_rows(laia)) == 4, what="four patients")
        assert caseload_rows(laia) == ["nuria", "pere", "ana", "marta"], \
            laia.text()
        text = laia.text()
        assert re.search(r"nuria .*Thoughts of death", text), text
        assert re.search(r"pere .*PHQ-9 12", text), text
        assert re.search(r"ana .*2 forms missed", text), text
        assert "sofia" not in text          # oriol's patient
        tc.pick(laia, r"^ ana ")
        laia.key("enter")
        laia.wait(r"Patient: ana")
        laia.wait(r"Care level: community")
        laia.wait(r"(?m)^  PHQ-9 +\d+ +-\d+ reliable +\d{4}-\d\d-\d\d +Mild")
        laia.send("g")
        tc.title(laia, "Progress: ana")
        laia.wait(r"Distress rating")
        laia.key("esc")
        laia.wait(r"Patient: ana")
        laia.send("s")                      # send a questionnaire
        tc.title(laia, "Send a questionnaire")
        assert "HADS" not in laia.text()    # no licensed text shipped
        tc.pick(laia, r"  GAD-7")
        laia.key("enter")
        tc.dismiss(laia, "Sent.")
        assert s.sql("SELECT count(*) FROM forms f JOIN accounts a ON "
                     "a.id = f.patient_id WHERE a.pseudonym = 'ana' AND "
                     "f.instrument = 'gad7' AND f.sent_by IS NOT NULL AND "
                     "f.state = 0")[0][0] == 1
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'patient.view' AND patient = 'ana'")[0][0] >= 1
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'caseload.view'")[0][0] >= 1
        laia.close()


def test_patient_sees_her_own_progress():
    """ana's due forms are announced; her chart marks the reliable
    improvement from her baseline, with no risk label anywhere."""
    with demo_server() as s:
        s.start()
        ana = tc.member(s, "ana")
        assert tc.menu_count(ana, "Questionnaires") == 2
        ana.send("q")
        tc.title(ana, "Questionnaires")
        tc.pick(ana, r"My progress")
        ana.key("enter")
        tc.title(ana, "My progress")
        ana.wait(r"Distress rating")

        def find(pattern):
            """Page down until pattern shows; each page waits for the
            pager's position line to move."""
            for _ in range(20):
                if re.search(pattern, ana.text()):
                    return
                where = re.search(r"Lines \d+–\d+", ana.text()).group(0)
                ana.key("pgdn")
                wait_for(lambda: ana.pump(0.05) is not None and
                         where not in ana.text(), what="the next page")
            raise AssertionError("never scrolled to %r" % pattern)
        find(r"(?m)^  PHQ-9 *$")
        find(r"reliable change \(better\)")
        assert "risk" not in ana.text().lower()
        ana.send("a")                       # plain ASCII
        ana.wait(r"a: block characters")
        ana.key("home")
        ana.wait(r"Distress rating")
        body = "\n".join(ana.screen.display[1:-2])
        assert all(ord(c) < 128 for c in body), body
        ana.close()


def test_rating_and_checklist():
    """The distress rating: a 0-10 scale answered by typing the number and
    Enter, a checklist ticked with number keys; both stored as given."""
    with Server() as s:
        setup(s)
        s.sql("INSERT INTO forms (patient_id, instrument, window, opens_at, "
              "closes_at, sent_by) SELECT e.id, 'distress', 'sent 1', "
              "strftime('%s','now') - 60, strftime('%s','now') + 604800, "
              "l.id FROM accounts e, accounts l WHERE e.pseudonym = 'eva' "
              "AND l.pseudonym = 'laia'")
        eva = login_to_menu(s, "eva")
        eva.send("q")
        tc.title(eva, "Questionnaires")
        eva.wait(r"Distress rating \(0 to 10\) +until \S+ · from your team")
        tc.pick(eva, r"Distress rating")
        eva.key("enter")
        eva.wait(r"Question 1 of 2")
        eva.wait(r"10 +10 – Extreme distress")
        eva.send("1")
        eva.send("0")
        eva.wait(r"Your answer: 10_")
        eva.key("backspace")
        eva.wait(r"Your answer: 1_")
        eva.send("\x7f")
        eva.send("7")
        eva.wait(r"Your answer: 7_")
        eva.key("enter")
        eva.wait(r"Question 2 of 2")
        eva.send("2")                       # emotional
        eva.wait(r"\[x\] 2 ")
        eva.send("4")
        eva.send("4")                       # ticked and unticked
        eva.wait(r"\[ \] 4 ")
        eva.key("enter")
        tc.title(eva, "Check your answers")
        eva.key("enter")
        tc.title(eva, "Thank you")
        rows = s.sql("SELECT a.item, a.value FROM form_answers a JOIN forms "
                     "f ON f.id = a.form_id WHERE f.instrument = 'distress' "
                     "ORDER BY a.item")
        assert rows == [(1, 7), (2, 2)], rows
        assert s.sql("SELECT state FROM forms WHERE instrument = "
                     "'distress'") == [(2,)]
        eva.close()


def test_admin_assigns_care_team():
    """An administrator puts a patient in a professional's care from the
    account screen; the professional then finds her in My patients."""
    import test_accounts as ta
    with Server() as s:
        setup(s)
        t = ta.admin_to_menu(s)
        ta.admin_open_account(t, "eva")
        t.send("c")
        tc.title(t, "Care team: eva")
        t.wait(r"\[x\] laia")
        tc.pick(t, r"\[ \] oriol")
        t.key("enter")
        t.wait(r"\[x\] oriol")
        assert s.sql("SELECT count(*) FROM care_team") == [(2,)]
        assert s.sql("SELECT detail FROM audit WHERE action = "
                     "'care.assign' AND actor_name = 'admin'") == \
            [("oriol",)]
        t.close()
        oriol = login_to_menu(s, "oriol")
        oriol.send("p")
        tc.title(oriol, "My patients")
        oriol.wait(r"(?m)^ eva +monitoring")
        oriol.close()


def test_sweep_records_missed_forms_and_escalates():
    """bbsctl sweep, for cron: forms that closed unanswered become missed,
    and an alert nobody acknowledged by its target is escalated (R8)."""
    with Server() as s:
        setup(s)
        out = s.ctl_ok("sweep")
        assert out.strip() == "sweep: 1 patient up to date", out
        assert s.sql("SELECT count(*) FROM forms WHERE state = 0") == [(4,)]
        s.sql("UPDATE forms SET opens_at = opens_at - 864000, "
              "closes_at = strftime('%s','now') - 60")
        s.sql("INSERT INTO alerts (rule, priority, patient_id, source_type, "
              "created_at, due_at) SELECT 'R4', 1, id, 'form', "
              "strftime('%s','now') - 7200, strftime('%s','now') - 60 "
              "FROM accounts WHERE pseudonym = 'eva'")
        s.ctl_ok("sweep")
        assert s.sql("SELECT count(*) FROM forms WHERE state = 3") == [(4,)]
        assert s.sql("SELECT rule, source_type FROM alerts WHERE rule = "
                     "'R8'") == [("R8", "alert")]
        s.ctl_ok("sweep")                   # nothing twice
        assert s.sql("SELECT count(*) FROM alerts WHERE rule = 'R8'") == \
            [(1,)]
        acts = [r[0] for r in s.sql("SELECT actor_role FROM audit WHERE "
                                    "action = 'alert.raise'")]
        assert acts == ["operator"], acts
