"""Research export end to end, through the real bbsctl.

The operator registers a study (its key file 0600 outside the database's
directory), two patients answer their enrolment questionnaires, one
gives research consent and one declines (bbsctl consent, a decision
given on paper), and `bbsctl export` writes the files.  The data
dictionary has REDCap's 18 columns; the consenting patient is there
under her record id, the other is not; a phrase written into a post, a
message and an exercise answer is in no exported file, and neither is a
pseudonym.  The long file loads with Python's csv module (and pandas
when it is installed), as researchers' tools would.  She withdraws, the
next export (into a new directory) no longer has her, and each export
left its audit row; an export never overwrites an older one.
"""
import base64
import csv
import hashlib
import hmac
import json
import os
import stat

from harness import CONSENT_RESEARCH, Server

PHRASE = "marmalade-lighthouse-9182-unique"
HEADER = [
    "Variable / Field Name", "Form Name", "Section Header", "Field Type",
    "Field Label", "Choices, Calculations, OR Slider Labels", "Field Note",
    "Text Validation Type OR Show Slider Number", "Text Validation Min",
    "Text Validation Max", "Identifier?",
    "Branching Logic (Show field only if...)", "Required Field?",
    "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
    "Matrix Ranking?", "Field Annotation",
]
FILES = ["wellbeing_datadictionary.csv", "wellbeing_long.csv",
         "wellbeing_wide.csv", "wellbeing_engagement.csv", "manifest.json"]


def record_id(key_file, account_id):
    """The record id, computed here from the key file, as the spec says."""
    with open(key_file) as f:
        key = bytes.fromhex(f.read().strip())
    mac = hmac.new(key, str(account_id).encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode()[:10]


def account_id(s, name):
    return s.sql("SELECT id FROM accounts WHERE pseudonym = ?", (name,))[0][0]


def answered(s, name, instrument, values, days_after=2):
    """A completed enrolment form of instrument for name."""
    pid = account_id(s, name)
    enrolled = s.sql("SELECT created_at FROM accounts WHERE id = ?", (pid,))[0][0]
    at = enrolled + days_after * 86400
    s.sql("INSERT INTO forms (patient_id, instrument, window, opens_at, "
          "closes_at, state, version, language, completed_at) VALUES "
          "(?, ?, 'enrolment', ?, ?, 2, 1, 'en', ?)",
          (pid, instrument, enrolled, at + 86400, at))
    fid = s.sql("SELECT max(id) FROM forms")[0][0]
    for item, value in enumerate(values, 1):
        s.sql("INSERT INTO form_answers (form_id, item, value, answered_at) "
              "VALUES (?, ?, ?, ?)", (fid, item, value, at))


def free_text(s, name):
    """The phrase in a post, a message and an exercise answer of name."""
    pid = account_id(s, name)
    now = s.sql("SELECT strftime('%s','now')")[0][0]
    board = s.sql("SELECT min(id) FROM boards")[0][0]
    s.sql("INSERT INTO threads (board_id, title, author_id, created_at) "
          "VALUES (?, ?, ?, ?)", (board, "About " + PHRASE, pid, now))
    thread = s.sql("SELECT max(id) FROM threads")[0][0]
    s.sql("INSERT INTO posts (thread_id, board_id, author_id, author_role, "
          "body, created_at) VALUES (?, ?, ?, 0, ?, ?)",
          (thread, board, pid, "Post " + PHRASE, now))
    s.sql("UPDATE threads SET first_post_id = (SELECT max(id) FROM posts) "
          "WHERE id = ?", (thread,))
    s.sql("INSERT INTO conversations (kind, patient_id, created_by, "
          "created_at, last_at) VALUES (0, ?, ?, ?, ?)", (pid, pid, now, now))
    conv = s.sql("SELECT max(id) FROM conversations")[0][0]
    s.sql("INSERT INTO messages (conversation_id, author_id, created_at, body) "
          "VALUES (?, ?, ?, ?)", (conv, pid, now, ("Message " + PHRASE).encode()))
    s.sql("INSERT INTO module_assignments (patient_id, module, assigned_at) "
          "VALUES (?, 'distress', ?)", (pid, now))
    assignment = s.sql("SELECT max(id) FROM module_assignments")[0][0]
    s.sql("INSERT INTO exercise_answers (assignment_id, exercise, kind, "
          "session, answer, created_at, updated_at, submitted_at) VALUES "
          "(?, 'e1', 0, 0, ?, ?, ?, ?)",
          (assignment, ("Exercise " + PHRASE).encode(), now, now, now))
    s.sql("INSERT INTO module_events (patient_id, assignment_id, kind, "
          "session, exercise, at) VALUES (?, ?, 'exercise.submit', 0, 'e1', ?)",
          (pid, assignment, now))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def check_no_text(out, names):
    for name in FILES:
        with open(os.path.join(out, name), "rb") as f:
            data = f.read()
        assert PHRASE.encode() not in data, name
        for who in names:
            assert who.encode() not in data, (name, who)


def test_research_export_consent_and_withdrawal():
    s = Server()
    try:
        for name in ("helena", "joaquim"):
            s.add_user(name, consent=False)
        board_rows = s.sql("SELECT count(*) FROM boards")[0][0]
        if board_rows == 0:
            s.sql("INSERT INTO boards (name, position, read_roles, post_roles, "
                  "created_at) VALUES ('General', 1, 63, 63, 0)")
        # A study: its key file is 0600 in a 0700 directory of its own.
        out = s.ctl_ok("study", "create", "wellbeing", "--title",
                       "Wellbeing after treatment", "--protocol", "2.1",
                       "--instruments", "phq9 gad7",
                       "--event", "enrolment=baseline_arm_1",
                       "--event", "followup+3mo=fu_03m_arm_1")
        key_file = os.path.join(s.dir, "keys", "studies", "wellbeing.key")
        assert key_file in out, out
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(os.path.dirname(key_file)).st_mode) == 0o700
        assert "wellbeing" in s.ctl_ok("study", "list")
        r = s.ctl("study", "create", "wellbeing", "--title", "Again",
                  "--protocol", "1", "--instruments", "phq9")
        assert r.returncode != 0 and "exists" in r.stderr, r.stderr

        answered(s, "helena", "phq9", [1, 2, 1, 0, 3, 1, 0, 2, 0, 1])
        answered(s, "helena", "gad7", [2, 2, 1, 1, 0, 0, 1])
        answered(s, "joaquim", "phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0, 2])
        free_text(s, "helena")
        free_text(s, "joaquim")

        s.ctl_ok("consent", "helena", "research", "give", "--study", "wellbeing")
        s.ctl_ok("consent", "joaquim", "research", "withdraw", "--study",
                 "wellbeing")

        out1 = os.path.join(s.dir, "export-1")
        printed = s.ctl_ok("export", "--study", "wellbeing", "--out", out1)
        assert out1 in printed and "1 participants" in printed, printed
        assert sorted(os.listdir(out1)) == sorted(FILES)
        assert stat.S_IMODE(os.stat(out1).st_mode) == 0o700

        helena = record_id(key_file, account_id(s, "helena"))
        joaquim = record_id(key_file, account_id(s, "joaquim"))
        dictionary = read_csv(os.path.join(out1, "wellbeing_datadictionary.csv"))
        assert dictionary[0] == HEADER
        assert all(len(row) == 18 for row in dictionary)
        assert dictionary[1][0] == "record_id"
        phq9_1 = [row for row in dictionary if row[0] == "phq9_1"][0]
        assert phq9_1[3] == "radio"
        assert phq9_1[5].startswith("0, Not at all | 1, Several days | "), phq9_1

        rows = read_csv(os.path.join(out1, "wellbeing_long.csv"))
        assert rows[0][:4] == ["record_id", "redcap_event_name",
                               "redcap_repeat_instrument", "redcap_repeat_instance"]
        assert [r[0] for r in rows[1:]] == [helena], rows
        row = dict(zip(rows[0], rows[1]))
        assert row["redcap_event_name"] == "baseline_arm_1"
        assert row["phq9_total"] == "10" and row["phq9_complete"] == "2", row
        assert row["gad7_total"] == "7" and row["phq9_day"] == "2", row
        check_no_text(out1, ["helena", "joaquim"])
        for name in FILES:
            with open(os.path.join(out1, name)) as f:
                assert joaquim not in f.read(), name
        engagement = read_csv(os.path.join(out1, "wellbeing_engagement.csv"))
        assert engagement[0] == ["record_id", "day", "event_type", "count"]
        kinds = {r[2] for r in engagement[1:] if r[0] == helena}
        assert {"post", "message_to_staff", "exercise_submit",
                "form_complete"} <= kinds, kinds
        with open(os.path.join(out1, "manifest.json")) as f:
            manifest = json.load(f)
        assert manifest["study"] == "wellbeing"
        assert manifest["protocol_version"] == "2.1"
        assert manifest["participants"] == 1
        assert manifest["rows"]["wellbeing_long.csv"] == 1
        assert manifest["exported_at"].endswith("Z")
        assert "NASK" in manifest["missing_codes"]

        # The tools researchers use.
        try:
            import pandas
        except ImportError:
            pandas = None
        if pandas is not None:
            frame = pandas.read_csv(os.path.join(out1, "wellbeing_long.csv"))
            assert list(frame["record_id"]) == [helena]
            assert int(frame["phq9_total"][0]) == 10
            pandas.read_csv(os.path.join(out1, "wellbeing_datadictionary.csv"))

        # Never over an older export.
        r = s.ctl("export", "--study", "wellbeing", "--out", out1)
        assert r.returncode != 0 and "export already" in r.stderr, r.stderr

        # She withdraws: the next export no longer has her.
        s.ctl_ok("consent", "helena", "research", "withdraw", "--study",
                 "wellbeing")
        out2 = os.path.join(s.dir, "export-2")
        printed = s.ctl_ok("export", "--study", "wellbeing", "--out", out2)
        assert "0 participants" in printed, printed
        for name in FILES:
            with open(os.path.join(out2, name)) as f:
                assert helena not in f.read(), name
        assert len(read_csv(os.path.join(out2, "wellbeing_long.csv"))) == 1

        audits = s.sql("SELECT actor_role, detail FROM audit WHERE action = "
                       "'export.study' ORDER BY id")
        assert len(audits) == 2, audits
        assert audits[0][0] == "operator" and "wellbeing" in audits[0][1]
        assert s.sql("SELECT count(*) FROM study_exports WHERE study = "
                     "'wellbeing'")[0][0] == 2
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'study.create'")[0][0] == 1
        assert s.sql("SELECT count(*) FROM consents WHERE purpose = ? AND "
                     "study = 'wellbeing'", (CONSENT_RESEARCH,))[0][0] >= 3
    finally:
        s.cleanup()
