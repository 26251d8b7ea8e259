"""Consent per purpose end to end (ui/consent_screen.c, bbs/consent.c):
the screens of a first login after the community rules (care, community
and one per recruiting study), the main menu without community consent
and the domain refusing the community reached another way, changing a
decision in Account > Consent, what is stored and audited, declining
care, and withdrawing community (posts deleted) and care (account
closed).

A study is registered with a row in studies: the screens only need its
id, title and that it recruits (bbsctl study create has its own test).
"""
import hashlib
import os
import re
import time

from harness import (CONSENT_CARE, CONSENT_COMMUNITY, CONSENT_RESEARCH,
                     PASSWORD, ROOT, Server, answer_consents,
                     login, scroll_login_to_menu)
import test_community as tc

STUDY = ("e2e_sleep", "Sleep after treatment")
GATE = "Community: you have not agreed to take part; Account > Consent"


def title(t, name):
    return tc.title(t, name)


def add_study(s, study=STUDY, recruiting=1):
    s.sql("INSERT INTO studies(id, title, protocol, instruments, events, "
          "key_file, recruiting, created_by, created_at) VALUES (?, ?, "
          "'1.0', 'phq9', '', ?, ?, NULL, strftime('%s','now'))",
          (study[0], study[1], os.path.join(s.dir, study[0] + ".key"),
           recruiting))


def community_server():
    """A Server (not started) with one board open to everyone and a thread
    in it by the admin: the community to be let in or kept out of."""
    s = Server()
    s.sql("INSERT INTO boards(name, description, position, read_roles, "
          "post_roles, created_at) VALUES ('Introductions', 'Say hello', "
          "1, 63, 63, strftime('%s','now'))")
    s.sql("INSERT INTO threads(board_id, title, author_id, created_at) "
          "SELECT b.id, 'Welcome, everyone', a.id, strftime('%s','now') "
          "FROM boards b, accounts a WHERE a.pseudonym = 'admin'")
    s.sql("INSERT INTO posts(thread_id, board_id, author_id, author_role, "
          "body, created_at) SELECT t.id, t.board_id, t.author_id, 4, "
          "'This board is for saying hello.', strftime('%s','now') FROM "
          "threads t")
    return s


def accept_rules(t):
    title(t, "Community rules")
    t.wait(r"Lines 1–")
    t.send("q")
    t.wait(r"Do you accept the community rules")
    t.send("a")


def text_of(purpose):
    """(version, sha256 hex) of a purpose's English text as shipped."""
    d = os.path.join(ROOT, "content", "consent", purpose)
    with open(os.path.join(d, "version")) as f:
        version = int(f.read())
    with open(os.path.join(d, "en.txt"), "rb") as f:
        return version, hashlib.sha256(f.read()).hexdigest()


def consents(s, name):
    """(purpose, study, given, text_version, text_hash, language,
    recorded_by pseudonym or None) of name's consent rows, oldest first."""
    return s.sql("SELECT c.purpose, c.study, c.given, c.text_version, "
                 "c.text_hash, c.language, r.pseudonym FROM consents c "
                 "JOIN accounts a ON a.id = c.account_id LEFT JOIN "
                 "accounts r ON r.id = c.recorded_by WHERE a.pseudonym = ? "
                 "ORDER BY c.id", (name,))


def audits(s, name):
    return [r[0] for r in s.sql(
        "SELECT action FROM audit WHERE action LIKE 'consent.%' AND "
        "actor_name = ? ORDER BY id", (name,))]


def main_menu(t):
    title(t, "Main menu")
    t.wait(r"Log out")
    t.wait(r"\? help\s*$")
    return t.text()


def open_consent(t):
    """From the main menu, Account > Consent, drawn whole."""
    t.send("a")
    title(t, "Account")
    t.wait(r"Who has looked at my data")
    t.send("c")
    title(t, "Consent")
    t.wait(r"Purpose +Your decision +Text")


def consent_row(t, label):
    for line in t.screen.display:
        if line.startswith(" " + label):
            return line
    return None


def change(t, label, key):
    """In Account > Consent, open the line label, read the text, answer."""
    tc.pick(t, r"^ " + re.escape(label))
    t.key("enter")
    title(t, label)
    t.wait(r"q done reading")
    t.send("q")
    t.wait(r"Yes, I agree")
    t.wait(r"Your decision: ")
    t.send(key)


def test_first_login_consents_and_community_gate():
    """A new patient: the rules, then care, community and the study; she
    declines community: the menu explains, the boards are not offered and
    a post reached from a notification is refused; she agrees in Account
    > Consent and the boards appear.  Every decision is stored with the
    text's version, hash and language, and audited."""
    s = community_server()
    add_study(s)
    add_study(s, ("e2e_closed", "A study that no longer recruits"), 0)
    s.add_user("rosa", "patient", accept_rules=False, consent=False)
    # A note about a visible post: the community reached another way.
    post = s.sql("SELECT min(id) FROM posts WHERE state = 0")[0][0]
    s.sql("INSERT INTO notifications(account_id, kind, object_id, "
          "created_at) SELECT id, 2, ?, strftime('%s','now') FROM "
          "accounts WHERE pseudonym = 'rosa'", (post,))
    with s:
        t = login(s, "rosa")
        accept_rules(t)
        # Care first, with its text, then the question.
        t.wait(r"(?m)^ Mirall · Care participation \(1 of \d+\) *$")
        t.wait(r"TAKING PART IN YOUR CARE")
        t.wait(r"q done reading")
        t.send("q")
        t.wait(r"Mirall cannot be used without\s+it\.")
        t.send("y")
        t.wait(r"(?m)^ Mirall · Community participation \(2 of \d+\) *$")
        t.wait(r"q done reading")
        t.send("q")
        t.wait(r"No, I do not agree")
        t.send("n")
        # Then one screen per recruiting study (ours, and any other the
        # content brings): agree to ours, decline the others.
        seen = []
        i = 3
        while True:
            m = t.wait(r"(?m)^ Mirall · (Main menu|(Research: .*) \(%d of "
                       r"\d+\)) *$" % i)
            if m.group(1) == "Main menu":
                break
            seen.append(m.group(2))
            t.wait(r"q done reading")
            if m.group(2) == "Research: " + STUDY[1]:
                t.wait(re.escape(STUDY[1]))
            t.send("q")
            t.wait(r"Yes, I agree")
            t.send("y" if m.group(2) == "Research: " + STUDY[1] else "n")
            i += 1
        assert "Research: " + STUDY[1] in seen, seen
        assert not [x for x in seen if "no longer recruits" in x], seen

        # No community: one line explains, no boards, search or mirror.
        text = main_menu(t)
        assert GATE in text, text
        for entry in ("Boards", "Search", "Mirror experiences"):
            assert not re.search(r"(?m)^  \w  " + entry, text), text
        assert re.search(r"(?m)^  \w  Library", text), text

        # The post of the notification is refused by the domain.
        t.send("n")
        title(t, "Notifications")
        t.wait(r"approved")
        t.send("o")
        tc.dismiss(t, "That post can no longer be opened.")
        tc.back(t, "Main menu")

        # The stored decisions: version, hash, language, who recorded.
        care_v, care_h = text_of("care")
        comm_v, comm_h = text_of("community")
        res_v, res_h = text_of("research")
        rows = consents(s, "rosa")
        assert rows[:2] == [
            (CONSENT_CARE, "", 1, care_v, care_h, "en", "rosa"),
            (CONSENT_COMMUNITY, "", 0, comm_v, comm_h, "en", "rosa")], rows
        assert (CONSENT_RESEARCH, STUDY[0], 1, res_v, res_h, "en",
                "rosa") in rows, rows
        assert len(rows) == 2 + len(seen), rows

        # Account > Consent lists each with its state; she agrees.
        open_consent(t)
        today = time.strftime("%Y-%m-%d", time.gmtime())
        row = consent_row(t, "Care participation")
        assert row and "given on " + today in row and \
            "version %d" % care_v in row, row
        row = consent_row(t, "Community participation")
        assert row and "declined on " + today in row, row
        change(t, "Community participation", "y")
        tc.dismiss(t, "Thank you: your consent has been recorded.")
        title(t, "Consent")
        t.wait(r"(?m)^ Community participation +given on " + today)
        tc.back(t, "Account")
        tc.back(t, "Main menu")
        text = main_menu(t)
        assert GATE not in text, text
        assert re.search(r"(?m)^  b  Boards", text), text
        assert re.search(r"(?m)^  \w  Search", text), text

        # The same notification now opens the thread.
        t.send("n")
        title(t, "Notifications")
        t.send("o")
        t.wait(r"Page \d+ of \d+")
        t.close()

        assert consents(s, "rosa")[-1] == (CONSENT_COMMUNITY, "", 1, comm_v,
                                           comm_h, "en", "rosa")
        acts = audits(s, "rosa")
        assert acts.count("consent.give") == 3, acts
        assert acts.count("consent.withdraw") == len(seen), acts
        assert s.sql("SELECT count(*) FROM audit WHERE action LIKE "
                     "'consent.%' AND object_type = 'account' AND "
                     "patient = 'rosa'")[0][0] == len(acts)


def test_declining_care_ends_the_session():
    """Declining care says Mirall cannot be used without it, records the
    decision alone and logs out; the next login asks again."""
    with Server() as s:
        s.add_user("rosa", "patient", consent=False)
        t = login(s, "rosa")
        title(t, "Care participation (1 of 2)")
        t.wait(r"q done reading")
        t.send("q")
        t.wait(r"No, I do not agree")
        t.send("n")
        d = tc.wait_dialog(t, "Mirall cannot be used without it",
                           "log in again")
        assert "nothing else has been kept" in d, d
        t.send(" ")
        t.wait_exit()
        assert "Main menu" not in t.text()
        v, h = text_of("care")
        assert consents(s, "rosa") == [(CONSENT_CARE, "", 0, v, h, "en",
                                        "rosa")]

        # Next time she is asked about care again, then the community.
        t = login(s, "rosa")
        assert answer_consents(t) == ["Care participation",
                                      "Community participation"]
        t.close()
        assert [r[:3] for r in consents(s, "rosa")] == [
            (CONSENT_CARE, "", 0), (CONSENT_CARE, "", 1),
            (CONSENT_COMMUNITY, "", 1)]


def test_withdrawing_community_and_care():
    """Withdrawing community with "delete" deletes her post and takes the
    boards away; withdrawing care closes the account and logs out."""
    with community_server() as s:
        s.add_user("rosa", "patient")
        t = scroll_login_to_menu(s, "rosa", PASSWORD)
        tc.open_board(t, "Introductions")
        tc.new_thread(t, "Hello from rosa", "A unique line 7f3c about me.")
        title(t, "Hello from rosa")
        tc.back(t, "Introductions")
        tc.back(t, "Boards")
        tc.back(t, "Main menu")
        pid = tc.post_id(s, "unique line 7f3c")

        open_consent(t)
        change(t, "Community participation", "n")
        t.wait(r"What should happen\s+to the posts\s+you\s+wrote\?")
        t.send("d")
        tc.answer(t, "y", "Delete every post you wrote")
        tc.dismiss(t, "your 1 post deleted")
        title(t, "Consent")
        tc.back(t, "Account")
        tc.back(t, "Main menu")
        assert GATE in main_menu(t)
        assert s.sql("SELECT body, deleted_at > 0 FROM posts WHERE id = ?",
                     (pid,)) == [("", 1)]
        assert s.sql("SELECT count(*) FROM posts WHERE body LIKE "
                     "'%7f3c%'") == [(0,)]
        assert consents(s, "rosa")[-1][:3] == (CONSENT_COMMUNITY, "", 0)
        assert audits(s, "rosa")[-1] == "consent.withdraw"

        # Care: a confirmation, then the account is closed.
        open_consent(t)
        change(t, "Care participation", "n")
        tc.answer(t, "y", "closes your account")
        tc.wait_dialog(t, "Your account is closed")
        t.send(" ")
        t.wait_exit()
        assert s.sql("SELECT disabled FROM accounts WHERE pseudonym = "
                     "'rosa'") == [(1,)]
        assert consents(s, "rosa")[-1][:3] == (CONSENT_CARE, "", 0)
        assert s.sql("SELECT count(*) FROM audit WHERE action = "
                     "'account.close' AND patient = 'rosa'") == [(1,)]
