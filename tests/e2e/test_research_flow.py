"""Consent decisions taken on the screens decide what a research export
holds (issue 8, privacy-research.md "Consent" and "Research exports"),
end to end through the system's OpenSSH client and the real bbsctl.

Two new patients log in for the first time, read the community rules and
answer the consent screens themselves: sol agrees to the study "Flow
study", lluna declines it; both answer their enrolment PHQ-9 on the
questionnaire screens.  `bbsctl export` then holds sol under one record
id, with her answers, and nothing of lluna.  sol withdraws in Account >
Consent: the next export holds nobody, the decision is stored and
audited, and the export already made is left as it was (exports are not
recalled).  On the demo community, ana writes a unique phrase into a
post, a message to her care team, her thought record and her journal,
all through her screens; no file of the study's export holds it, and
the export counts exactly the patients whose latest decision is "given".
"""
import base64
import csv
import hashlib
import hmac
import json
import os
import re
import secrets

from harness import (CONSENT_RESEARCH, DEMO_PASSWORD, PASSWORD, Server,
                     demo_server, login, scroll_login_to_menu)

import test_community as tc
import test_conversations as tcv
import test_modules as tm

STUDY, STUDY_TITLE = "flowstudy", "Flow study"
INSTRUMENTS = "phq9 gad7 who5"
FILES = ["%s_datadictionary.csv", "%s_long.csv", "%s_wide.csv",
         "%s_engagement.csv", "manifest.json"]
# PHQ-9 keys on the questionnaire screen: 1 is the first answer (0).
SOL_KEYS = "2213213212"        # values 1 1 0 2 1 0 2 1 0 (item 10: 1)
SOL_TOTAL = 8
LLUNA_KEYS = "3331111112"      # values 2 2 2 0 0 0 0 0 0 (item 10: 1)
LLUNA_TOTAL = 6
DISTRESS = "Understanding emotional distress after cancer"


# ---------------------------------------------------------------- helpers

def files(study):
    return [f % study if "%" in f else f for f in FILES]


def account_id(s, name):
    return s.sql("SELECT id FROM accounts WHERE pseudonym = ?", (name,))[0][0]


def key_file(s, study):
    """The study's key, where bbsctl study create puts it by default:
    keys/studies beside the config."""
    return os.path.join(s.dir, "keys", "studies", study + ".key")


def record_id(s, study, name):
    """The record id of name in study, as the spec defines it."""
    with open(key_file(s, study)) as f:
        key = bytes.fromhex(f.read().strip())
    mac = hmac.new(key, str(account_id(s, name)).encode(),
                   hashlib.sha256).digest()
    return base64.b32encode(mac).decode()[:10]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def export(s, study, name):
    """bbsctl export of study into a new directory name under the
    server's; its path, what bbsctl printed, the long file's rows as
    dicts and the manifest."""
    out = os.path.join(s.dir, name)
    printed = s.ctl_ok("export", "--study", study, "--out", out)
    assert sorted(os.listdir(out)) == sorted(files(study)), os.listdir(out)
    rows = read_csv(os.path.join(out, study + "_long.csv"))
    long_rows = [dict(zip(rows[0], r)) for r in rows[1:]]
    with open(os.path.join(out, "manifest.json")) as f:
        manifest = json.load(f)
    return out, printed, long_rows, manifest


def snapshot(d):
    """Every file of directory d and the SHA-256 of its bytes."""
    out = {}
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def latest_research(s, study):
    """pseudonym -> given (0/1) of the latest research decision of each
    account for study."""
    rows = s.sql("SELECT a.pseudonym, c.given FROM consents c JOIN "
                 "accounts a ON a.id = c.account_id WHERE c.purpose = ? "
                 "AND c.study = ? AND c.id = (SELECT max(c2.id) FROM "
                 "consents c2 WHERE c2.account_id = c.account_id AND "
                 "c2.purpose = c.purpose AND c2.study = c.study)",
                 (CONSENT_RESEARCH, study))
    return dict(rows)


def first_login(s, name, research):
    """name's first login: the community rules, then every consent
    screen answered on the screen (yes to care and community, research
    for our study as research says, no to any other study); then the
    enrolment PHQ-9 answered with her keys.  Returns the Term at the
    main menu and the consent screens' titles."""
    t = login(s, name)
    tc.title(t, "Community rules")
    t.wait(r"Lines 1–")
    t.send("q")
    t.wait(r"Do you accept the community rules")
    t.send("a")
    seen = []
    i = 1
    while True:
        m = t.wait(r"(?m)^ Mirall · (Main menu|(.*) \(%d of \d+\)) *$" % i)
        if m.group(1) == "Main menu":
            break
        label = m.group(2)
        seen.append(label)
        t.wait(r"q done reading")
        if label == "Research: " + STUDY_TITLE:
            t.wait(re.escape(STUDY_TITLE))      # the text names the study
        t.send("q")
        t.wait(r"Yes, I agree")
        if label.startswith("Research: "):
            t.send("y" if research and label == "Research: " + STUDY_TITLE
                   else "n")
        else:
            t.send("y")
        i += 1
    tc.main_menu(t)
    return t, seen


def answer_phq9(s, t, name, keys):
    """From the main menu, the due PHQ-9 answered one key an item, and
    submitted; back at the main menu."""
    t.send("q")
    tc.title(t, "Questionnaires")
    tc.pick(t, r"Patient Health Questionnaire")
    t.key("enter")
    for n, k in enumerate(keys, 1):
        t.wait(r"Question %d of 10" % n)
        t.send(k)
    tc.title(t, "Check your answers")
    t.wait(r"Submit my answers")
    t.key("enter")
    tc.title(t, "Thank you")
    t.wait(r"Your answers are saved")
    t.key("esc")
    tc.title(t, "Questionnaires")
    t.key("esc")
    tc.main_menu(t)
    done = s.sql("SELECT f.window, f.state FROM forms f JOIN accounts a "
                 "ON a.id = f.patient_id WHERE a.pseudonym = ? AND "
                 "f.instrument = 'phq9' AND f.completed_at > 0", (name,))
    assert [w for w, st in done] == ["enrolment"], done


def flow_server():
    """A Server (started) with Flow study registered by bbsctl, and sol
    and lluna, new patients in rosa's care who have decided nothing
    yet (not even the rules)."""
    s = Server()
    try:
        out = s.ctl_ok("study", "create", STUDY, "--title", STUDY_TITLE,
                       "--protocol", "1", "--instruments", INSTRUMENTS)
        assert key_file(s, STUDY) in out, out
        s.add_user("rosa", "professional")
        for name in ("sol", "lluna"):
            s.add_user(name, accept_rules=False, consent=False)
            s.ctl_ok("care", "assign", name, "rosa")
        s.start()
    except BaseException:
        s.cleanup()
        raise
    return s


def enrol(s):
    """sol agrees to Flow study, lluna declines it, both on their first
    login's screens; each answers her enrolment PHQ-9.  Returns sol's
    Term, at the main menu."""
    lluna, seen = first_login(s, "lluna", research=False)
    assert seen == ["Care participation", "Community participation",
                    "Research: " + STUDY_TITLE], seen
    answer_phq9(s, lluna, "lluna", LLUNA_KEYS)
    lluna.close()
    sol, seen = first_login(s, "sol", research=True)
    assert seen == ["Care participation", "Community participation",
                    "Research: " + STUDY_TITLE], seen
    answer_phq9(s, sol, "sol", SOL_KEYS)
    assert latest_research(s, STUDY) == {"sol": 1, "lluna": 0}
    return sol


def export_one(s, name):
    """The export holding sol alone: one record id (hers, with her
    PHQ-9), none of lluna's.  Returns the directory."""
    out, printed, rows, manifest = export(s, STUDY, name)
    assert "1 participants" in printed, printed
    assert manifest["participants"] == 1, manifest
    assert manifest["study"] == STUDY and manifest["protocol_version"] == "1"
    sol, lluna = record_id(s, STUDY, "sol"), record_id(s, STUDY, "lluna")
    assert {r["record_id"] for r in rows} == {sol}, rows
    base = [r for r in rows if r["redcap_event_name"] == "baseline_arm_1"]
    assert len(base) == 1, rows
    assert base[0]["phq9_total"] == str(SOL_TOTAL), base
    assert base[0]["phq9_complete"] == "2", base
    assert base[0]["phq9_1"] == "1" and base[0]["phq9_4"] == "2", base
    assert str(LLUNA_TOTAL) != base[0]["phq9_total"]
    for f in files(STUDY):
        with open(os.path.join(out, f), "rb") as fh:
            data = fh.read()
        assert lluna.encode() not in data, f
        for who in (b"sol", b"lluna", b"rosa"):
            assert not re.search(rb"\b" + who + rb"\b", data), (f, who)
    return out


# ------------------------------------------------------------------ tests

def test_first_login_decisions_decide_the_export():
    s = flow_server()
    try:
        sol = enrol(s)
        sol.close()
        export_one(s, "D1")
    finally:
        s.cleanup()


def test_withdrawing_in_account_leaves_the_next_export():
    s = flow_server()
    try:
        sol = enrol(s)
        d1 = export_one(s, "D1")
        before = snapshot(d1)

        # Account > Consent: the study's line, its text, then withdraw.
        sol.send("a")
        tc.title(sol, "Account")
        sol.wait(r"Who has looked at my data")
        sol.send("c")
        tc.title(sol, "Consent")
        sol.wait(r"Purpose +Your decision +Text")
        label = "Research: " + STUDY_TITLE
        sol.wait(r"(?m)^ %s +given on " % re.escape(label))
        tc.pick(sol, r"^ " + re.escape(label))
        sol.key("enter")
        tc.title(sol, label)
        sol.wait(r"q done reading")
        sol.send("q")
        sol.wait(r"Your decision: ")
        sol.wait(r"No, I do not agree")
        sol.send("n")
        tc.answer(sol, "y", "left out of this study's future exports",
                  "cannot be recalled")
        tc.dismiss(sol, "Your consent has been withdrawn.")
        tc.title(sol, "Consent")
        sol.wait(r"(?m)^ %s +declined on " % re.escape(label))
        sol.close()

        assert latest_research(s, STUDY) == {"sol": 0, "lluna": 0}
        rows = s.sql("SELECT c.given, r.pseudonym FROM consents c JOIN "
                     "accounts a ON a.id = c.account_id LEFT JOIN accounts "
                     "r ON r.id = c.recorded_by WHERE a.pseudonym = 'sol' "
                     "AND c.purpose = ? AND c.study = ? ORDER BY c.id",
                     (CONSENT_RESEARCH, STUDY))
        assert rows == [(1, "sol"), (0, "sol")], rows
        acts = [r[0] for r in s.sql(
            "SELECT action FROM audit WHERE action LIKE 'consent.%' AND "
            "actor_name = 'sol' AND patient = 'sol' ORDER BY id")]
        assert acts[-1] == "consent.withdraw", acts
        assert acts.count("consent.give") == 3, acts

        out, printed, rows, manifest = export(s, STUDY, "D2")
        assert "0 participants" in printed, printed
        assert manifest["participants"] == 0, manifest
        assert rows == [], rows
        sol_id = record_id(s, STUDY, "sol")
        for f in files(STUDY):
            with open(os.path.join(out, f), "rb") as fh:
                assert sol_id.encode() not in fh.read(), f

        # What was exported before stays as it was.
        assert snapshot(d1) == before
        assert s.sql("SELECT count(*) FROM study_exports WHERE study = ?",
                     (STUDY,)) == [(2,)]
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'export.study'") == [(2,)]
    finally:
        s.cleanup()


def test_no_free_text_in_any_export_file():
    s = demo_server()
    s.start()
    try:
        phrase = "zebra-quartz-" + secrets.token_hex(6)
        assert latest_research(s, "mirall_pilot").get("ana") == 1
        t = scroll_login_to_menu(s, "ana", DEMO_PASSWORD, tm.COLS, tm.ROWS)
        t.wait(r"ana \(")

        # A new thread on a board.
        tc.open_board(t, "Introductions")
        tc.new_thread(t, "Post " + phrase, "Board text " + phrase)
        tc.title(t, "Post " + phrase)
        t.wait(re.escape("Board text " + phrase))
        tc.back(t, "Introductions")
        tc.back(t, "Boards")
        tc.back(t, "Main menu")
        tc.main_menu(t)

        # A message to her care team.
        tcv.messages(t)
        tcv.write_new(t, "Subject " + phrase, "Message text " + phrase)
        tcv.to_menu(t)

        # Her half-done thought record: the phrase as evidence, submitted.
        tm.my_programme(t)
        tc.pick(t, re.escape(DISTRESS))
        tm.module_page(t, DISTRESS, by="laia")
        tm.open_session(t, 2, 3, 3)
        tm.exercise(t, 1)
        t.wait(r"» Fill in the thought record")
        t.key("enter")
        tc.title(t, "Thought record")
        t.wait(r"What if it is back\?")            # her draft
        t.send("\t\t\t\t" + "Evidence " + phrase + "\t" +
               "The last scans were clear\t" +
               "Balanced " + phrase + "\t" + "40")
        t.wait(re.escape("Balanced " + phrase))
        t.send(tm.CTRL_S)
        tm.submit(t)
        tc.title(t, "Exercise")
        t.wait(r"Evidence for\s+" + re.escape("Evidence " + phrase))
        t.wait(r"Balanced thought\s+" + re.escape("Balanced " + phrase))
        tm.esc_to(t, DISTRESS, r"page 3 of 3")
        tm.esc_to(t, DISTRESS, r"Added to your programme by laia")
        tm.esc_to(t, "My programme", r"Self-help modules chosen")
        tm.esc_to(t, "Main menu", r"Log out")

        # Her journal.
        t.send("j")
        tc.title(t, "My journal")
        t.wait(r"Walked to the market")
        t.send("n")
        tc.editor(t, "New journal entry")
        t.send("Journal " + phrase)
        t.wait(re.escape("Journal " + phrase))
        t.send(tm.CTRL_S)
        tc.answer(t, "y", "Share this entry with your professional?")
        tc.title(t, "My journal")
        t.wait(re.escape("Journal " + phrase))
        t.close()

        # Each text reached the database (posts in clear, the others
        # sealed), and counts as activity.
        ana = account_id(s, "ana")
        assert s.sql("SELECT count(*) FROM posts WHERE author_id = ? AND "
                     "body LIKE ?", (ana, "%" + phrase + "%")) == [(1,)]
        assert s.sql("SELECT count(*) FROM exercise_answers e JOIN "
                     "module_assignments m ON m.id = e.assignment_id WHERE "
                     "m.patient_id = ? AND e.exercise = "
                     "'first-thought-record' AND e.submitted_at > 0",
                     (ana,)) == [(1,)]
        assert s.sql("SELECT count(*) FROM journal_entries WHERE "
                     "patient_id = ?", (ana,)) == [(3,)]

        out, printed, rows, manifest = export(s, "mirall_pilot", "D")
        given = [n for n, g in latest_research(s, "mirall_pilot").items()
                 if g]
        assert "ana" in given
        assert manifest["participants"] == len(given) >= 1, \
            (manifest["participants"], given)
        assert "%d participants" % len(given) in printed, printed
        assert len({r["record_id"] for r in rows}) <= len(given)
        mine = [r for r in rows
                if r["record_id"] == record_id(s, "mirall_pilot", "ana")]
        assert mine, "ana's forms are not in the long file"
        # Today's writing is counted, never quoted.
        eng = read_csv(os.path.join(out, "mirall_pilot_engagement.csv"))
        assert eng[0] == ["record_id", "day", "event_type", "count"], eng[0]
        kinds = {r[2] for r in eng[1:]
                 if r[0] == record_id(s, "mirall_pilot", "ana")}
        assert {"post", "message_to_staff", "exercise_submit"} <= kinds, \
            kinds

        names = [n for (n,) in s.sql("SELECT pseudonym FROM accounts "
                                     "WHERE pseudonym NOT LIKE "
                                     "'synthetic-%'")]
        for f in os.listdir(out):
            with open(os.path.join(out, f), "rb") as fh:
                data = fh.read()
            assert phrase.encode() not in data, f
            assert b"zebra-quartz" not in data, f
            for word in (b"Walked to the market", b"What if it is back",
                         b"Sleeping badly"):
                assert word not in data, (f, word)
            for who in names:
                assert not re.search(rb"\b" + who.encode() + rb"\b", data), \
                    (f, who)
    finally:
        s.cleanup()
