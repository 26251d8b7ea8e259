"""Questionnaires and risk alerts end to end: a new patient's enrolment
forms are announced at login; she answers PHQ-9 one keystroke per item,
with item 9 = 2, and sees the crisis card before anything else; the
professional caring for her finds the urgent alert at the top of her menu,
acknowledges it, records an action and closes it, every step in the audit
log.  A professional outside her care sees the alert in the shared queue
but cannot open her record.
"""
import re

from harness import PASSWORD, Server, login_to_menu, wait_for

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
        eva.wait(r"started: continue")
        tc.pick(eva, r"Patient Health Questionnaire")
        eva.key("enter")
        eva.wait(r"Question 4 of 10")
        eva.key("left")
        eva.wait(r"Question 3 of 10")
        assert re.search(r">\s*2\s+Several days", eva.text()), eva.text()
        eva.close()
