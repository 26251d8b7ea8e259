""""Help now" end to end: Ctrl-G on any screen shows the crisis card at
once, raises one urgent R2 alert for a patient (never a second while one
is open), offers her own safety plan, and gives back the screen she was
on untouched, the editor's unsaved text included.  Professionals see the
card and raise nothing.
"""
import re

from harness import DEMO_PASSWORD, demo_server, scroll_login_to_menu, wait_for

import test_community as tc

CTRL_G = "\x07"     # Help now
CTRL_S = "\x13"     # saves in the editor


def member(s, name):
    t = scroll_login_to_menu(s, name, DEMO_PASSWORD)
    t.wait(re.escape(name) + r" \(")
    return t


def open_r2(s, name):
    """How many open R2 alerts the account has."""
    return s.sql("SELECT count(*) FROM alerts a JOIN accounts u ON "
                 "u.id = a.patient_id WHERE a.rule = 'R2' AND a.state = 0 "
                 "AND u.pseudonym = ?", (name,))[0][0]


def card(t):
    """Press Ctrl-G and wait for the whole crisis card."""
    t.send(CTRL_G)
    tc.title(t, "Help now")
    t.wait(r"Telèfon de l'Esperança")
    text = t.text()
    assert "112" in text and "024" in text, text
    return text


def leave_card(t):
    """Leave the card (Esc) and wait for it to go."""
    t.key("esc")
    t.wait_gone(r"Telèfon de l'Esperança")


def test_help_now_from_boards():
    """From the board list: the card at once, one open R2, the board list
    back exactly as it was; a second press adds no second alert."""
    with demo_server() as s:
        ana = member(s, "ana")
        status = ana.screen.display[-1]
        assert re.match(r"^ ana \(patient\) · \^G Help now .*\? help\s*$",
                        status), status
        tc.boards(ana)
        ana.pump(0.3)
        before = list(ana.screen.display)
        assert open_r2(s, "ana") == 0

        card(ana)
        wait_for(lambda: open_r2(s, "ana") == 1, what="one open R2")
        ana.send(CTRL_G)            # already open: nothing more happens
        ana.pump(0.3)
        assert "Telèfon de l'Esperança" in ana.text()
        leave_card(ana)
        tc.answer(ana, "n", "safety plan", "Your care team has been told")
        tc.title(ana, "Boards")
        wait_for(lambda: ana.pump(0.05) is not None and
                 list(ana.screen.display) == before,
                 what="the board list as it was")

        card(ana)                   # again, the R2 still open
        leave_card(ana)
        tc.answer(ana, "n", "safety plan")
        tc.title(ana, "Boards")
        assert open_r2(s, "ana") == 1
        assert s.sql("SELECT count(*) FROM alerts WHERE rule = 'R2'") == \
            [(1,)]


def test_help_now_shows_safety_plan():
    """ana writes her warning signs under Account, My safety plan; Help
    now then shows her plan after the card."""
    with demo_server() as s:
        ana = member(s, "ana")
        ana.send("a")
        tc.title(ana, "Account")
        ana.send("s")
        tc.title(ana, "My safety plan")
        ana.wait(r"My warning signs \(empty\)")
        ana.send("1")
        tc.dismiss(ana, "crisis may be starting")
        tc.editor(ana, "My safety plan · My warning signs")
        ana.send("I stop answering the phone.")
        ana.send(CTRL_S)
        tc.title(ana, "My safety plan")
        ana.wait(r"My warning signs \(written\)")
        ana.send("v")
        ana.wait(r"I stop answering the phone\.")
        ana.key("esc")
        ana.wait(r"My warning signs \(written\)")
        tc.back(ana, "Account")
        tc.back(ana, "Main menu")

        card(ana)
        leave_card(ana)
        tc.title(ana, "My safety plan")
        ana.wait(r"Your care team has been told")
        ana.wait(r"My warning signs")
        ana.wait(r"I stop answering the phone\.")
        assert "What helps me" not in ana.text()    # empty: left out
        ana.key("esc")
        tc.title(ana, "Main menu")
        assert open_r2(s, "ana") == 1


def test_help_now_keeps_editor_text():
    """Ctrl-G in the editor of a new thread loses nothing typed, and the
    key itself never reaches the text."""
    with demo_server() as s:
        ana = member(s, "ana")
        tc.open_board(ana, "Introductions")
        ana.send("n")
        tc.title(ana, "New thread")
        ana.wait(r"Title")
        ana.send("Hard evening\r")
        tc.editor(ana, "New thread: Hard evening")
        ana.send("Some days are heavier")
        ana.wait(r"Some days are heavier")
        card(ana)
        leave_card(ana)
        tc.answer(ana, "n", "safety plan")
        tc.editor(ana, "New thread: Hard evening")
        ana.wait(r"Some days are heavier")
        ana.send(" than others.")
        ana.send(CTRL_S)
        tc.title(ana, "Hard evening")
        body = s.sql("SELECT p.body FROM posts p JOIN threads t ON "
                     "t.id = p.thread_id WHERE t.title = 'Hard evening'")
        assert body == [("Some days are heavier than others.",)], body
        assert open_r2(s, "ana") == 1


def test_help_now_professional_raises_nothing():
    """A professional's Ctrl-G shows the card and raises no alert."""
    with demo_server() as s:
        before = s.sql("SELECT count(*) FROM alerts")[0][0]
        laia = member(s, "laia")
        assert re.search(r"· \^G Help now", laia.screen.display[-1])
        card(laia)
        leave_card(laia)
        tc.title(laia, "Main menu")
        assert s.sql("SELECT count(*) FROM alerts")[0][0] == before
