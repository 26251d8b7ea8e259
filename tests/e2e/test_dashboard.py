"""The outcome dashboard end to end, on the demo community of "bbsctl
demo" (its synthetic patients and the study mirall_pilot).

The researcher recerca opens Research, the study and its dashboard at
80x24: the sections are there with real figures ("k of n" and their 95%
intervals), 'a' draws the charts in ASCII and 'r' computes them again,
and no screen names a patient (the demo's pseudonyms, or a synthetic
one).  The study's exports list is empty until the operator exports,
then shows who exported (the operator), the counts and the directory.
The last row of the study list is every consenting participant.

laia, a clinical lead by the configuration, has "Service outcomes" in her
main menu and sees the whole service's figures; oriol, a professional who
is not a lead, and ana, a patient, have neither entry, and nor does the
researcher have the service's.
"""
import os
import re

from harness import DEMO_PASSWORD, demo_server, scroll_login_to_menu

import test_community as tc

STUDY = "mirall_pilot"
STUDY_TITLE = "Mirall pilot: distress and quality of life"

# The demo's people and its synthetic patients: none may be on a screen.
PSEUDONYMS = re.compile(r"\b(ana|pere|nuria|sofia|marta|laia|oriol)\b|"
                        r"synthetic-")
FIGURE = r"\d+ of \d+, \d+% \(95% CI \d+–\d+%\)"
LINES = re.compile(r"Lines (\d+)–(\d+) of (\d+)")


def member(s, name):
    """Log a demo account in at 80x24 and wait for its main menu."""
    t = scroll_login_to_menu(s, name, DEMO_PASSWORD, 80, 24)
    t.wait(re.escape(name) + r" \(")
    tc.main_menu(t)
    return t


def anonymous(text, what):
    """Assert that a screen names nobody above its status line (which
    names whoever is signed in)."""
    m = PSEUDONYMS.search("\n".join(text.splitlines()[:-1]))
    assert m is None, "%s shows %r:\n%s" % (what, m.group(0), text)


def pages(t):
    """Read a pager from its first line to its last, a page at a time;
    return every page's text (each checked for names)."""
    seen = []
    while True:
        m = t.wait(LINES.pattern)
        text = t.text()
        anonymous(text, "the dashboard")
        seen.append(text)
        m = LINES.search(text)
        if m.group(2) == m.group(3):
            return seen
        t.send(" ")
        t.wait_gone(re.escape(m.group(0)))


def open_research(t):
    """From the main menu, open Research and wait for the study list."""
    t.send("r")
    tc.title(t, "Research")
    t.wait(r"Study +Title +Protocol +Status +People")
    t.wait(re.escape(STUDY))
    return t.text()


def open_study(t):
    """From the study list, open the demo study's menu."""
    tc.pick(t, re.escape(STUDY))
    t.key("enter")
    tc.title(t, STUDY_TITLE)
    t.wait(r"Outcome dashboard")
    return t.text()


def dashboard(t, heading, scope):
    """Wait for a dashboard titled heading about scope; read it whole and
    check its sections and figures."""
    tc.title(t, heading)
    t.wait(re.escape(scope))
    t.wait(r"Reduced distress")
    text = "\n".join(pages(t))
    for section in ("Reduced distress", "Quality of life (WHO-5)",
                    "Adherence", "Engagement (per patient)",
                    "Service quality (medians)", "Definitions"):
        assert section in text, section
    assert re.search(r"Reliable improvement, intention to treat:\s+" + FIGURE,
                     text), text
    assert re.search(r"Started a programme above caseness: \d+", text), text
    assert "95% CI" in text
    assert "█" in text and "●" in text      # a bar and its whisker
    return text


def test_dashboard_researcher():
    """recerca: the study, its dashboard with figures and no names, ASCII
    and refresh, the exports before and after one, and every consenting
    participant."""
    with demo_server() as s:
        s.start()
        t = member(s, "recerca")
        assert "Service outcomes" not in t.text()
        studies = open_research(t)
        anonymous(studies, "the study list")
        row = next(l for l in studies.splitlines() if STUDY in l)
        assert re.search(r"recruiting +\d+\s*$", row), row
        assert "All consenting participants" in studies

        menu = open_study(t)
        anonymous(menu, "the study's menu")
        assert re.search(r"Consenting participants: \d+", menu), menu
        t.send("d")
        dashboard(t, "Outcome dashboard", STUDY_TITLE)

        # Plain ASCII, then block characters again; r computes again.
        t.send("a")
        t.wait(r"\[#+ *\] \d+%")
        assert "█" not in t.text()
        t.send("a")
        t.wait("█")
        t.send(" ")
        t.wait_gone(r"Lines 1–")
        t.send("r")
        t.wait(r"Lines 1–")
        t.wait(r"Reduced distress")
        tc.back(t, STUDY_TITLE)

        # No exports yet; the operator writes one; it is listed.
        t.send("e")
        tc.title(t, "Exports")
        t.wait(r"No exports of this study yet")
        out = os.path.join(s.dir, "export1")
        s.ctl_ok("export", "--study", STUDY, "--out", out)
        tc.back(t, STUDY_TITLE)
        t.send("e")
        tc.title(t, "Exports")
        t.wait(r"When \(UTC\) +By +People +Rows +Events +Directory")
        t.wait(r"operator +\d+ +\d+ +\d+ +/")
        # The directory is the operator's path: its letters are not names.
        anonymous(re.sub(r"/\S*", "", t.text()), "the exports")
        t.key("enter")
        tc.title(t, "Export")
        t.wait(r"By: operator")
        t.wait(r"Participants: [1-9]\d*")
        t.wait(r"Directory: /")
        tc.back(t, "Exports")
        tc.back(t, STUDY_TITLE)
        tc.back(t, "Research")

        # Every consenting participant, whatever the study.
        tc.pick(t, r"All consenting participants")
        t.key("enter")
        dashboard(t, "Outcome dashboard",
                  "All participants consenting to a study")
        tc.back(t, "Research")
        tc.back(t, "Main menu")


def test_dashboard_clinical_lead():
    """laia (a clinical lead) sees the service's outcomes; oriol (not a
    lead) and ana (a patient) have no way to them."""
    with demo_server(clinical_leads="laia") as s:
        s.start()
        t = member(s, "laia")
        assert "Research" not in t.text()
        t.wait(r"Service outcomes")
        t.send("u")
        dashboard(t, "Service outcomes", "Every patient of the service")
        tc.back(t, "Main menu")

        for name in ("oriol", "ana"):
            t = member(s, name)
            menu = t.text()
            assert "Service outcomes" not in menu, menu
            assert "Research" not in menu, menu
            # The hotkey leads nowhere either: the menu's help, asked
            # for after it, comes up over the main menu.
            t.send("u")
            t.send("?")
            tc.dismiss(t, "Menu keys")
            tc.title(t, "Main menu")
            assert "Outcome" not in t.text()
