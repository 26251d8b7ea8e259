"""Mirror experiences end to end, through the system's OpenSSH client
against a real bbsd holding the demo community (patients ana, pere,
nuria, sofia; expert patient marta; professionals laia and oriol).

The demo already has sofia's experience with marta under way (mediated
by oriol) and pere's request about returning to work waiting in the
queue, so every list below is read for the row it is about.

A full experience: ana asks for one; laia proposes a new expert patient,
who declines with a reason; laia sees who declined and why, proposes
marta, who accepts; the three write in the conversation; laia closes
it; ana and marta rate it; laia reads the ratings.  Every change is one
row of mirror_events with its time, and none of the texts typed is in
the database file or its WAL in clear.

"Guessing an id": the screens take request ids only from the lists
they show, so a patient who cannot see another's request in her lists
cannot open it; the unit tests (tests/unit/test_mirror.c) check that
mirror_get refuses such an id.
"""
import os
import re

from harness import (DEMO_PASSWORD, PASSWORD, demo_server,
                     scroll_login_to_menu)

import test_community as tc

COLS, ROWS = 100, 50        # a whole request, history and ratings on a page
CTRL_S = "\x13"

# enum mirror_state (storage/storage.h)
REQUESTED, PROPOSED, ACCEPTED, ACTIVE, CLOSED, DECLINED, CANCELLED = range(7)
# enum mirror_topic (bbs/bbs.h): bit t of an expert's topics
WORK, CHILDREN, BODY = 1, 3, 4

TOPICS = ("Breast reconstruction", "Returning to work", "Fear of recurrence",
          "Telling the children", "Body image and intimacy",
          "Tiredness and energy", "Life after treatment ends",
          "Something else")

# What people type: none of it may reach the database file in clear.
DETAILS = "How did others explain the hospital visits to curious young sons"
PREFERENCE = "Someone whose boys were also under ten"
REASON = "My own follow-up scans are next week, so not now"
SAYS_MARTA = "Hello ana, I told my two boys with a picture book about clinics."
SAYS_ANA = "A picture book sounds gentle. Which one did you read with them?"
SAYS_LAIA = "Thank you both. I will leave a list of such books in the library."
COMMENT_ANA = "Talking with marta made our evenings calmer"
COMMENT_MARTA = "Glad the picture book idea was of use"


# ---------------------------------------------------------------- helpers

def session(s, name, password=DEMO_PASSWORD):
    """Log name in, on a screen tall enough for a request's whole page."""
    t = scroll_login_to_menu(s, name, password, COLS, ROWS)
    t.wait(re.escape(name) + r" \(")
    return t


def account(s, name):
    return s.sql("SELECT id FROM accounts WHERE pseudonym = ?", (name,))[0][0]


def mirror_menu(t):
    """From the main menu, a patient's (or expert's) Mirror experiences."""
    t.send("e")
    tc.title(t, "Mirror experiences")
    t.wait(r"Sometimes it helps to talk")
    t.wait(r"r  My requests")


def queue(t):
    """From the main menu, a professional's request queue."""
    t.send("e")
    tc.title(t, "Mirror experiences: requests")
    t.wait(r"Topic +Patient +State +Waiting")


def open_row(t, pattern):
    """Open the list row matching pattern and wait for the request."""
    tc.pick(t, pattern)
    t.key("enter")
    tc.title(t, "Mirror experience")
    t.wait(r"History:")


def list_rows(t):
    """The rows of a request list on screen: lines that start with a
    topic label."""
    return [l.strip() for l in t.screen.display
            if any(l.startswith(" " + topic + " ") for topic in TOPICS)]


def ask(t, topic, details, preference):
    """From the mirror menu, ask for an experience about topic (its
    number in the menu) and come back to the menu."""
    t.send("n")
    tc.title(t, "Ask for a mirror experience")
    t.wait(r"Choose the topic")
    t.send(str(topic))
    tc.editor(t, "What would you like to talk about?")
    t.send(details)
    t.wait(re.escape(details[:40]))
    t.send(CTRL_S)
    t.wait(r"Any preference\?")
    t.line(preference)
    tc.dismiss(t, "Request sent", "look for someone who has lived")
    tc.title(t, "Mirror experiences")


def set_profile(t, ticks, available):
    """From the mirror menu, tick the topics numbered in ticks, set the
    availability and save the expert profile."""
    t.send("p")
    tc.title(t, "My expert profile")
    t.wait(r"v  Available now: (yes|no)")
    for n in ticks:
        mark = re.search(r"(?m)^ %d  \[(.)\]" % n, t.text()).group(1)
        t.send(str(n))
        t.wait(r"(?m)^ %d  \[%s\]" % (n, " " if mark == "x" else "x"))
    now = re.search(r"Available now: (yes|no)", t.text()).group(1)
    if (now == "yes") != available:
        t.send("v")
        t.wait(r"Available now: %s" % ("yes" if available else "no"))
    t.send("s")
    tc.dismiss(t, "Your expert profile is saved")
    tc.title(t, "Mirror experiences")


def propose(t, expert):
    """In a request a professional is looking at, propose expert."""
    t.send("p")
    t.wait(r"Mirall · Propose an expert: ")
    t.wait(r"Expert +Topic +Under way")
    tc.pick(t, r"^ %s +" % re.escape(expert))
    t.key("enter")
    tc.answer(t, "y", "Propose this mirror experience to %s?" % expert)
    tc.dismiss(t, "Proposed to %s." % expert)
    tc.title(t, "Mirror experience")
    t.wait(r"proposed to %s by" % re.escape(expert))


def write(t, text):
    """In a conversation, write text and see it sent."""
    t.send("r")
    tc.editor(t, "Write a reply")
    t.send(text)
    t.wait(re.escape(text[:40]))
    t.send(CTRL_S)
    t.wait(r"(?m)^ +" + re.escape(text) + r"\s*$")


def rate(t, score, comment):
    """In a closed request, rate it score with comment."""
    t.send("r")
    tc.title(t, "Rate this experience")
    t.wait(r"5  Very helpful")
    t.send(str(score))
    t.wait(r"If you like, add a few words")
    t.line(comment)
    tc.dismiss(t, "Thank you for your rating.")
    tc.title(t, "Mirror experience")


def raw_files(s):
    """The bytes of the database file and its WAL."""
    out = b""
    for name in ("mirall.db", "mirall.db-wal"):
        path = os.path.join(s.dir, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                out += f.read()
    return out


# ------------------------------------------------------------------ tests

def test_mirror_full_flow_with_a_decline():
    s = demo_server()
    s.add_user("rosa", role="expert")
    s.start()
    try:
        ana_id, marta_id, laia_id, rosa_id = (
            account(s, n) for n in ("ana", "marta", "laia", "rosa"))

        # A new expert patient sets her profile: telling the children.
        rosa = session(s, "rosa", PASSWORD)
        mirror_menu(rosa)
        rosa.wait(r"e  Proposals for you\s")
        set_profile(rosa, [CHILDREN + 1], True)
        rosa.close()
        assert s.sql("SELECT topics, available FROM expert_profiles WHERE "
                     "account_id = ?", (rosa_id,)) == [(1 << CHILDREN, 1)]

        # Ana asks for one.
        ana = session(s, "ana")
        mirror_menu(ana)
        ask(ana, CHILDREN + 1, DETAILS, PREFERENCE)
        ana.send("r")
        tc.title(ana, "My requests")
        ana.wait(r"Telling the children +requested ")
        ana.close()
        req = s.sql("SELECT id, state FROM mirror_requests WHERE "
                    "patient_id = ?", (ana_id,))
        assert len(req) == 1 and req[0][1] == REQUESTED, req
        req = req[0][0]

        # Laia reads it and proposes rosa, first of the two who match
        # (she has no experience under way, marta has sofia's).
        laia = session(s, "laia")
        queue(laia)
        laia.wait(r"Returning to work +pere +requested")
        open_row(laia, r"^ Telling the children +ana +requested")
        laia.wait(r"Asked by: ana")
        laia.wait(re.escape(DETAILS))
        laia.wait(re.escape(PREFERENCE))
        laia.send("p")
        laia.wait(r"Mirall · Propose an expert: Telling the children")
        laia.wait(r"marta +matches +1 active experience")
        experts = [l.split()[0] for l in laia.screen.display
                   if re.match(r"^ \w+ +matches ", l)]
        assert experts == ["rosa", "marta"], laia.text()
        laia.key("esc")
        tc.title(laia, "Mirror experience")
        propose(laia, "rosa")
        tc.back(laia, "Mirror experiences: requests")
        laia.wait(r"Telling the children +ana +proposed to rosa ")
        laia.close()

        # Rosa declines, with a reason.
        rosa = session(s, "rosa", PASSWORD)
        mirror_menu(rosa)
        rosa.send("e")
        tc.title(rosa, "Proposals for you")
        open_row(rosa, r"^ Telling the children +ana +waiting for your answer")
        rosa.wait(re.escape(DETAILS))
        assert PREFERENCE not in rosa.text()     # for the professionals only
        rosa.wait(r"a accept · d decline")
        rosa.send("d")
        tc.title(rosa, "Decline")
        rosa.wait(r"Please say briefly why you decline")
        rosa.line(REASON)
        tc.dismiss(rosa, "Thank you for letting us know.")
        tc.title(rosa, "Proposals for you")
        rosa.wait(r"No proposals for you just now")
        rosa.close()

        # Ana is told someone else is being looked for: not who, not why.
        ana = session(s, "ana")
        mirror_menu(ana)
        ana.send("r")
        tc.title(ana, "My requests")
        open_row(ana, r"^ Telling the children +declined ")
        ana.wait(r"cannot take this on just now")
        text = ana.text()
        assert "rosa" not in text and REASON not in text, text
        ana.close()

        # Laia sees who declined and why, and proposes marta.
        laia = session(s, "laia")
        queue(laia)
        open_row(laia, r"^ Telling the children +ana +declined by rosa ")
        laia.wait(r"State: declined")
        laia.wait(r"proposed to rosa by laia")
        laia.wait(r"declined, by rosa")
        laia.wait(r"Reason: " + re.escape(REASON))
        propose(laia, "marta")
        laia.close()

        # Marta accepts and opens the conversation: the first message
        # makes the experience active.
        marta = session(s, "marta")
        mirror_menu(marta)
        marta.send("e")
        tc.title(marta, "Proposals for you")
        marta.wait(r"Fear of recurrence +sofia +under way")
        open_row(marta, r"^ Telling the children +ana +waiting for your answer")
        marta.send("a")
        tc.answer(marta, "y", "Accept this mirror experience?")
        tc.answer(marta, "y", "The conversation is open. Open it now?")
        tc.title(marta, "Telling the children")
        marta.wait(r"Conversation \d+ with ")
        marta.wait(r"No messages yet\.")
        write(marta, SAYS_MARTA)
        marta.wait(r"Your message is sent\.")
        tc.back(marta, "Mirror experience")
        marta.wait(r"State: under way")
        marta.wait(r"under way, by marta")
        marta.close()
        assert s.sql("SELECT state FROM mirror_requests WHERE id = ?",
                     (req,)) == [(ACTIVE,)]

        # Ana reads marta and answers; she knows the others by their
        # pseudonyms only.
        ana = session(s, "ana")
        mirror_menu(ana)
        ana.send("r")
        tc.title(ana, "My requests")
        open_row(ana, r"^ Telling the children +under way ")
        ana.wait(r"Your conversation is open: press o")
        ana.wait(r"Expert: marta")
        ana.wait(r"Professional: laia")
        assert "rosa" not in ana.text() and REASON not in ana.text()
        ana.send("o")
        tc.title(ana, "Telling the children")
        m = ana.wait(r"Conversation \d+ with ([^\n]*?) *\n")
        assert sorted(m.group(1).split(", ")) == ["laia", "marta"], m.group(0)
        ana.wait(r"(?m)^ +marta — ")
        ana.wait(re.escape(SAYS_MARTA))
        write(ana, SAYS_ANA)
        ana.close()

        # Laia reads both, writes, and closes.
        laia = session(s, "laia")
        queue(laia)
        open_row(laia, r"^ Telling the children +ana +under way ")
        laia.send("o")
        tc.title(laia, "Telling the children")
        laia.wait(re.escape(SAYS_MARTA))
        laia.wait(re.escape(SAYS_ANA))
        write(laia, SAYS_LAIA)
        tc.back(laia, "Mirror experience")
        laia.wait(r"c close")
        laia.send("c")
        tc.answer(laia, "y", "Close this mirror experience?")
        laia.wait(r"State: closed")
        laia.wait(r"closed, by laia")
        # laia stays on the request to read the ratings when they come.

        # Ana reads laia's message in the closed conversation and rates.
        ana = session(s, "ana")
        mirror_menu(ana)
        ana.send("r")
        tc.title(ana, "My requests")
        open_row(ana, r"^ Telling the children +closed ")
        ana.wait(r"Press r to say how it was for you")
        ana.send("o")
        tc.title(ana, "Telling the children")
        ana.wait(r"Closed .*: it takes no new messages")
        ana.wait(re.escape(SAYS_LAIA))
        ana.wait(re.escape(SAYS_ANA))
        assert "r reply" not in ana.text()
        tc.back(ana, "Mirror experience")
        rate(ana, 4, COMMENT_ANA)
        ana.wait(r"Thank you for your rating\.")
        ana.wait(r"ana: 4 of 5")
        assert "r rate" not in ana.text()
        ana.close()

        # Marta reads what the others wrote and rates.
        marta = session(s, "marta")
        mirror_menu(marta)
        marta.send("e")
        tc.title(marta, "Proposals for you")
        open_row(marta, r"^ Telling the children +ana +closed")
        marta.send("o")
        tc.title(marta, "Telling the children")
        marta.wait(re.escape(SAYS_ANA))
        marta.wait(re.escape(SAYS_LAIA))
        tc.back(marta, "Mirror experience")
        marta.wait(r"r rate")
        rate(marta, 5, COMMENT_MARTA)
        marta.wait(r"marta: 5 of 5")
        marta.close()

        # Laia sees both ratings (the view reads the request again when
        # she comes back from the conversation).
        laia.send("o")
        tc.title(laia, "Telling the children")
        tc.back(laia, "Mirror experience")
        laia.wait(r"Ratings:")
        laia.wait(r"ana: 4 of 5")
        laia.wait(re.escape(COMMENT_ANA))
        laia.wait(r"marta: 5 of 5")
        laia.wait(re.escape(COMMENT_MARTA))
        laia.close()

        # The database: the request, one event per change in order, the
        # ratings, the three messages.
        row = s.sql("SELECT state, professional_id, expert_id, "
                    "conversation_id IS NOT NULL FROM mirror_requests "
                    "WHERE id = ?", (req,))
        assert row == [(CLOSED, laia_id, marta_id, 1)], row
        ev = s.sql("SELECT id, state, by_id, expert_id, at, note IS NOT NULL "
                   "FROM mirror_events WHERE request_id = ? ORDER BY id",
                   (req,))
        assert [e[1] for e in ev] == [REQUESTED, PROPOSED, DECLINED, PROPOSED,
                                      ACCEPTED, ACTIVE, CLOSED], ev
        assert [e[2] for e in ev] == [ana_id, laia_id, rosa_id, laia_id,
                                      marta_id, marta_id, laia_id], ev
        assert ev[1][3] == rosa_id and ev[2][3] == rosa_id and \
            ev[3][3] == marta_id, ev
        assert all(a[4] <= b[4] for a, b in zip(ev, ev[1:])), ev
        assert ev[0][4] > 0
        assert [e[5] for e in ev].count(1) == 1 and ev[2][5] == 1, ev
        ratings = s.sql("SELECT account_id, rating, comment IS NOT NULL "
                        "FROM mirror_ratings WHERE request_id = ? "
                        "ORDER BY account_id", (req,))
        assert sorted(ratings) == sorted([(ana_id, 4, 1), (marta_id, 5, 1)])
        authors = s.sql("SELECT m.author_id FROM messages m JOIN "
                        "mirror_requests r ON r.conversation_id = "
                        "m.conversation_id WHERE r.id = ? ORDER BY m.id",
                        (req,))
        assert [a[0] for a in authors] == [marta_id, ana_id, laia_id]

        # No text typed is in the database file or its WAL.
        raw = raw_files(s)
        assert raw
        for text in (DETAILS, PREFERENCE, REASON, SAYS_MARTA, SAYS_ANA,
                     SAYS_LAIA, COMMENT_ANA, COMMENT_MARTA):
            assert text.encode() not in raw, text
    finally:
        s.cleanup()


def test_patient_cannot_see_another_patients_request():
    s = demo_server()
    s.start()
    try:
        pere_id = account(s, "pere")
        ana = session(s, "ana")
        mirror_menu(ana)
        ask(ana, CHILDREN + 1, DETAILS, PREFERENCE)
        ana.close()

        pere = session(s, "pere")
        mirror_menu(pere)
        # A patient's menu: ask, and her own requests; nothing else.
        keys = re.findall(r"(?m)^  (\w)  \S", pere.text())
        assert keys == ["n", "r"], pere.text()
        pere.send("r")
        tc.title(pere, "My requests")
        pere.wait(r"Topic +State +Asked +Last change")
        pere.wait(r"Returning to work +requested ")
        shown = list_rows(pere)
        mine = s.sql("SELECT topic, state FROM mirror_requests WHERE "
                     "patient_id = ? ORDER BY created_at DESC, id DESC",
                     (pere_id,))
        others = s.sql("SELECT count(*) FROM mirror_requests WHERE "
                       "patient_id != ?", (pere_id,))[0][0]
        assert others == 2          # sofia's and ana's
        assert len(shown) == len(mine) == 1, shown
        assert shown[0].startswith(TOPICS[mine[0][0]]), shown
        assert "Telling the children" not in pere.text()
        # Through the list, his own request is all he can open.
        open_row(pere, r"^ Returning to work +requested ")
        assert "Asked by" not in pere.text()
        assert DETAILS not in pere.text()
        assert not re.search(r"\bana\b", pere.text()), pere.text()
        tc.back(pere, "My requests")
        tc.back(pere, "Mirror experiences")
        tc.back(pere, "Main menu")
        # Sofia's mirror conversation is not among his messages, and its
        # number, typed in, is "not found".
        conv = s.sql("SELECT conversation_id FROM mirror_requests r JOIN "
                     "accounts a ON a.id = r.patient_id WHERE a.pseudonym = "
                     "'sofia'")[0][0]
        assert conv
        pere.send("c")
        tc.title(pere, "Messages")
        pere.wait(r"No conversations here\.")
        assert "Fear of recurrence" not in pere.text(), pere.text()
        pere.send("g")
        tc.title(pere, "Open a conversation")
        pere.wait(r"Number")
        pere.line(str(conv))
        tc.dismiss(pere, "Conversation not found.")
        tc.title(pere, "Messages")
        assert "Fear of recurrence" not in pere.text(), pere.text()
        pere.close()
        assert s.sql("SELECT count(*) FROM conversation_members WHERE "
                     "conversation_id = ? AND account_id = ?",
                     (conv, pere_id)) == [(0,)]
    finally:
        s.cleanup()


def test_expert_profile_and_unavailable_expert_not_suggested():
    s = demo_server()
    s.add_user("rosa", role="expert")
    s.add_user("iris", role="expert")
    s.start()
    try:
        marta_id, rosa_id, iris_id = (account(s, n) for n in
                                      ("marta", "rosa", "iris"))
        # Iris is available for another topic only (set up directly).
        s.sql("INSERT INTO expert_profiles (account_id, topics, available, "
              "updated_at) VALUES (?, ?, 1, strftime('%s', 'now'))",
              (iris_id, 1 << BODY))
        # Rosa, through her profile: returning to work, available.
        rosa = session(s, "rosa", PASSWORD)
        mirror_menu(rosa)
        set_profile(rosa, [WORK + 1], True)
        rosa.send("p")
        tc.title(rosa, "My expert profile")
        rosa.wait(r"(?m)^ 2  \[x\] Returning to work")
        rosa.wait(r"(?m)^ 1  \[ \] Breast reconstruction")
        rosa.wait(r"Available now: yes")
        rosa.close()
        assert s.sql("SELECT topics, available FROM expert_profiles WHERE "
                     "account_id = ?", (rosa_id,)) == [(1 << WORK, 1)]

        # Marta says she is not available now; her topics stay.
        topics = s.sql("SELECT topics FROM expert_profiles WHERE "
                       "account_id = ?", (marta_id,))[0][0]
        assert topics & (1 << WORK)
        marta = session(s, "marta")
        mirror_menu(marta)
        set_profile(marta, [], False)
        marta.close()
        assert s.sql("SELECT topics, available FROM expert_profiles WHERE "
                     "account_id = ?", (marta_id,)) == [(topics, 0)]

        # Laia, matching pere's request: rosa matches, iris is offered
        # after her, marta not at all.
        laia = session(s, "laia")
        queue(laia)
        open_row(laia, r"^ Returning to work +pere +requested")
        laia.send("p")
        laia.wait(r"Mirall · Propose an expert: Returning to work")
        laia.wait(r"(?m)^ rosa +matches +0 active experiences")
        laia.wait(r"(?m)^ iris +0 active experiences")
        experts = [l.split()[0] for l in laia.screen.display
                   if re.match(r"^ \w+ +(matches +)?\d+ active experience", l)]
        assert experts == ["rosa", "iris"], laia.text()
        assert "marta" not in laia.text()
        tc.back(laia, "Mirror experience")

        # Available again: marta is offered again.
        marta = session(s, "marta")
        mirror_menu(marta)
        set_profile(marta, [], True)
        marta.close()
        laia.send("p")
        laia.wait(r"Mirall · Propose an expert: Returning to work")
        laia.wait(r"(?m)^ marta +matches +1 active experience")
        experts = [l.split()[0] for l in laia.screen.display
                   if re.match(r"^ \w+ +(matches +)?\d+ active experience", l)]
        assert experts == ["rosa", "marta", "iris"], laia.text()
        laia.close()
    finally:
        s.cleanup()
