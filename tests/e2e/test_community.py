"""The community end to end: boards, threads and posts, unread counts,
moderation, the anonymity and risk checks on text, the library and
search, through the system's OpenSSH client against a real bbsd.

Each test starts a server holding the demo community of "bbsctl demo"
(content/demo/forum.txt: accounts admin, ana, pere, nuria, sofia
(patients), marta (expert), laia (professional), jordi (moderator) and
recerca (researcher), boards from "Introductions" to the pre-moderated
"Ask a professional"), so the screens have real content to show.

"Guessing an id": the interface never asks for a board, thread or post
id, so ids reach the domain layer only from lists and search results the
member was given.  These tests check that what a member may not see never
reaches those lists (thread lists, board lists, search, unread counts);
the unit tests (tests/unit/test_forum.c) check that forum_post,
forum_thread and board_get refuse such ids with ST_NOTFOUND.
"""
import re
import time

from harness import (DEMO_PASSWORD, TIMEOUT, demo_server,
                     scroll_login_to_menu, set_conf, wait_for)

CTRL_S = "\x13"     # saves in the editor
CTRL_U = "\x15"     # clears a form field


# ---------------------------------------------------------------- helpers

def member(s, name, cols=80, rows=24):
    """Log a demo account in and wait for its main menu."""
    t = scroll_login_to_menu(s, name, DEMO_PASSWORD, cols, rows)
    t.wait(re.escape(name) + r" \(")
    return t


def title(t, name, timeout=TIMEOUT):
    """Wait for the screen whose title bar reads "Mirall · name"."""
    return t.wait(r"(?m)^ Mirall · " + re.escape(name) + r" *$", timeout)


def highlighted(t, y):
    """Whether screen row y is drawn in the selection colour."""
    row = t.screen.buffer[y]
    cells = [row[x] for x in range(1, min(8, t.screen.columns))]
    return any(c.bg == "white" or c.reverse for c in cells)


def highlighted_rows(t):
    return [y for y in range(1, t.screen.lines - 1) if highlighted(t, y)]


def rows_matching(t, pattern):
    rx = re.compile(pattern)
    return [y for y, line in enumerate(t.screen.display) if rx.search(line)]


def pick(t, pattern, steps=60):
    """Move the highlight of the list or menu on screen to the first row
    matching pattern, one Up or Down at a time (an entry may take more
    than one row), waiting for each move to show."""
    def state():
        t.pump(0.05)
        rows, sel = rows_matching(t, pattern), highlighted_rows(t)
        return (rows, sel) if rows and sel else None
    for _ in range(steps):
        found = wait_for(state, what="a row matching %r and a highlight"
                         % pattern)
        rows, sel = found
        if rows[0] in sel:
            return rows[0]
        t.key("down" if rows[0] > sel[0] else "up")
        wait_for(lambda: state() not in (None, found),
                 what="the highlight to move")
    raise AssertionError("the highlight never reached %r; screen:\n%s"
                         % (pattern, t.text()))


def dialog_text(t):
    """The title and text of the dialog box on screen, whitespace
    collapsed (the text is wrapped inside the box), or None."""
    sc = t.screen
    rows = [[sc.buffer[y][x].data for x in range(sc.columns)]
            for y in range(sc.lines)]
    for y, row in enumerate(rows):
        if "┌" not in row or "┐" not in row:
            continue
        x0 = row.index("┌")
        x1 = max(i for i, c in enumerate(row) if c == "┐")
        parts = ["".join(row[x0 + 1:x1]).replace("─", " ")]
        for r in rows[y + 1:]:
            if r[x0] == "└":
                break
            parts.append("".join(r[x0 + 1:x1]))
        return " ".join(" ".join(parts).split())
    return None


def wait_dialog(t, *phrases, timeout=TIMEOUT):
    """Wait for a dialog box holding every phrase; return its text."""
    deadline = time.monotonic() + timeout
    while True:
        d = dialog_text(t)
        if d is not None and all(p in d for p in phrases):
            return d
        if time.monotonic() > deadline:
            raise AssertionError("no dialog with %r; screen:\n%s"
                                 % (phrases, t.text()))
        if not t.pump(0.1) and not t.child.isalive():
            raise AssertionError("program ended before a dialog with %r; "
                                 "screen:\n%s" % (phrases, t.text()))


def dismiss(t, *phrases):
    """Wait for a message dialog with phrases, press a key, see it go."""
    text = wait_dialog(t, *phrases)
    t.send(" ")

    def closed():
        t.pump(0.05)
        d = dialog_text(t)
        return d is None or not all(p in d for p in phrases)
    wait_for(closed, what="the dialog to close")
    return text


def answer(t, key, *phrases):
    """Wait for a yes/no dialog with phrases and answer it with key."""
    text = wait_dialog(t, *phrases)
    t.send(key)

    def closed():
        t.pump(0.05)
        d = dialog_text(t)
        return d is None or not all(p in d for p in phrases)
    wait_for(closed, what="the question to close")
    return text


def back(t, then_title):
    """Go back with Esc and wait for the screen it leads to (Esc must not
    run into the next key, or the two would read as Alt-key)."""
    t.key("esc")
    title(t, then_title)


def boards(t):
    """From the main menu, open the board list."""
    t.send("b")
    title(t, "Boards")
    t.wait(r"Board +Threads +New")
    return t


def board_row(t, name):
    """The Threads and New cells of a board's row in the board list
    ("" when nothing is new), or None when the board is not listed.  A
    name longer than its column is cut with an ellipsis."""
    rx = re.compile(r"^ (.{28}) (\S+) +(\d+\+?)? ")
    for line in t.screen.display:
        m = rx.match(line)
        if m and name.startswith(m.group(1).rstrip().rstrip("\u2026")):
            return m.group(2), m.group(3) or ""
    return None


def open_board(t, name):
    """From the main menu, open a board by name."""
    boards(t)
    pick(t, r"^ " + re.escape(name[:27]))
    t.key("enter")
    title(t, name)
    t.wait(r"Thread +Started by|No threads yet")
    return t


def thread_row(t, name):
    """The thread list's row for a thread title, or None."""
    for line in t.screen.display:
        if re.match(r"^ [* ] .*" + re.escape(name[:15]), line):
            return line
    return None


def open_thread(t, name):
    """From a board's thread list, open the thread called name."""
    pick(t, r"^ [* ] (\[\w[^\]]*\] )*" + re.escape(name[:15]))
    t.key("enter")
    title(t, name)
    t.wait(r"Page \d+ of \d+|No posts to show")
    return t


def current_post(t):
    """The number of the highlighted post header ("#12  name · ...")."""
    for y in highlighted_rows(t):
        m = re.match(r"^ #(\d+)  ", t.screen.display[y])
        if m:
            return int(m.group(1))
    return None


def wait_current(t, n):
    def ok():
        t.pump(0.05)
        return current_post(t) == n
    try:
        wait_for(ok, what="post #%d to be current" % n)
    except AssertionError:
        raise AssertionError("post #%d is not current (%r); screen:\n%s"
                             % (n, current_post(t), t.text()))


def editor(t, heading):
    """Wait for the editor under heading, drawn whole."""
    title(t, heading)
    t.wait(r"Ctrl-S save · Esc cancel")


def reply(t, text, quote=False):
    """In a thread, write a reply (r, or Q to quote) and save it."""
    t.send("Q" if quote else "r")
    editor(t, "Write a reply")
    t.send(text)
    t.send(CTRL_S)


def new_thread(t, name, text):
    """In a board's thread list, start a thread (n, title, text, save)."""
    t.send("n")
    title(t, "New thread")
    t.wait(r"Title")
    t.send(name + "\r")
    editor(t, "New thread: " + name)
    t.send(text)
    t.send(CTRL_S)


def search(t, words):
    """From the main menu (or the results: s), search for words; return
    the summary line's match: group 1 is the count or None."""
    t.send("f" if "Main menu" in t.screen.display[0] else "s")
    title(t, "Search")
    t.wait(r"Words")
    t.send(CTRL_U + words + "\r")
    return t.wait(r"(?:(\d+) results? for|No results for) \"" +
                  re.escape(words) + r"\"")


def no_error(t):
    """The screen shows no refusal or failure."""
    text = t.text()
    for bad in ("Not done", "Something went wrong", "That value is not "
                "valid", "You are not allowed", "Mirall is busy"):
        assert bad not in text, "%r on screen:\n%s" % (bad, text)


def screen_has_not(t, needle):
    assert needle not in t.text(), "%r is on screen:\n%s" % (needle,
                                                             t.text())


def post_id(s, needle):
    rows = s.sql("SELECT id FROM posts WHERE body LIKE ?",
                 ("%" + needle + "%",))
    assert len(rows) == 1, "posts with %r: %r" % (needle, rows)
    return rows[0][0]


def menu_count(t, entry):
    """The number in a main menu entry such as "Boards (28 new)", 0 when
    the entry shows none, None when it is not there."""
    m = re.search(r"(?m)^  \w  " + re.escape(entry) +
                  r"(?: \((\d+)[ +][^)]*\))? *$", t.text())
    if not m:
        return None
    return int(m.group(1)) if m.group(1) else 0


def main_menu(t):
    """Wait for the main menu drawn whole; return its text."""
    title(t, "Main menu")
    t.wait(r"Log out")
    t.wait(r"Enter choose · Esc back  \? help *$")
    return t.text()


# ------------------------------------------------------------------ tests

def test_post_and_reply():
    """A patient starts a thread; another patient finds it marked new and
    replies quoting it; the first sees the reply counted."""
    with demo_server() as s:
        ana = member(s, "ana")
        open_board(ana, "Introductions")
        new_thread(ana, "Chemo brain and crosswords",
                   "Does anyone else lose words since the treatment?\r"
                   "I used to finish the crossword every Sunday.")
        title(ana, "Chemo brain and crosswords")
        ana.wait(r"(?m)^ #1  ana · ")
        ana.wait(r"I used to finish the crossword every Sunday\.")
        ana.wait(r"posts 1–1 of 1")
        back(ana, "Introductions")
        row = thread_row(ana, "Chemo brain and crosswords")
        assert row and re.search(r"ana +0 ", row), row

        pere = member(s, "pere")
        open_board(pere, "Introductions")
        row = thread_row(pere, "Chemo brain and crosswords")
        assert row and row.startswith(" * "), "not marked new: %r" % row
        open_thread(pere, "Chemo brain and crosswords")
        wait_current(pere, 1)
        reply(pere, "Yes! I keep a notebook of the lost words.", quote=True)
        pere.wait(r"(?m)^ #2  pere · ")
        pere.wait(r"(?m)^  > Does anyone else lose words since the "
                  r"treatment\?")
        pere.wait(r"(?m)^  Yes! I keep a notebook of the lost words\. *$")
        pere.wait(r"posts 1–2 of 2")
        wait_current(pere, 2)

        # ana's list, shown again, counts the reply and marks it new.
        ana.send("q")
        title(ana, "Boards")
        pick(ana, r"^ Introductions")
        ana.key("enter")
        title(ana, "Introductions")
        ana.wait(r"(?m)^ \* Chemo brain and crosswords +ana +1 ")
        open_thread(ana, "Chemo brain and crosswords")
        ana.wait(r"(?m)^ #2  pere · ")
        ana.wait(r"Yes! I keep a notebook of the lost words\.")
        assert s.sql("SELECT t.posts, count(p.id) FROM threads t JOIN "
                     "posts p ON p.thread_id = t.id WHERE t.title = "
                     "'Chemo brain and crosswords'") == [(2, 2)]
        body = s.sql("SELECT body FROM posts p JOIN accounts a ON "
                     "a.id = p.author_id WHERE a.pseudonym = 'pere' "
                     "ORDER BY p.id DESC LIMIT 1")[0][0]
        assert body.startswith("Yes! I keep a notebook") and \
            "\n> Does anyone else lose words" in body, repr(body)


def test_unread_counts():
    """New posts are counted in the main menu, the board list and the
    thread list; a thread opens at the first unread post; reading brings
    the counts down, to nothing for a board read through."""
    with demo_server() as s:
        pere = member(s, "pere")
        menu0 = menu_count(pere, "Boards")
        assert menu0 and menu0 > 3, main_menu(pere)
        assert re.search(r"Hello, pere\. %d new posts in the boards\."
                         % menu0, pere.text()), pere.text()
        boards(pere)
        threads0, new0 = board_row(pere, "Living with treatment side "
                                   "effects")
        assert int(new0) >= 3, new0
        # pere wrote the last post of "Tiredness", so it has nothing new.
        pick(pere, r"^ Living with treatment")
        pere.key("enter")
        title(pere, "Living with treatment side effects")
        pere.wait(r"Tiredness that does not go away")
        assert thread_row(pere, "Tiredness that does not go away") \
            .startswith("   "), pere.text()
        replies0 = int(re.search(r"ana +(\d+) ", thread_row(
            pere, "Tiredness that does not go away")).group(1))
        back(pere, "Boards")
        back(pere, "Main menu")

        for name, text in (("ana", "Ginger tea in the afternoon helps me "
                            "more than another nap."),
                           ("sofia", "Ginger tea, noted. Thank you both.")):
            t = member(s, name)
            open_board(t, "Living with treatment side effects")
            open_thread(t, "Tiredness that does not go away")
            reply(t, text)
            t.wait(r"(?m)^ #%d  %s · " % (replies0 + 2 if name == "ana"
                                          else replies0 + 3, name))
            t.close()

        # The menu, read again, counts the two new posts.
        boards(pere)
        back(pere, "Main menu")
        pere.wait(r"Boards \(%d new\)" % (menu0 + 2))
        boards(pere)
        assert board_row(pere, "Living with treatment side effects") == \
            (threads0, str(int(new0) + 2)), pere.text()
        pick(pere, r"^ Living with treatment")
        pere.key("enter")
        title(pere, "Living with treatment side effects")
        pere.wait(r"(?m)^ \* Tiredness that does not go away +ana +%d "
                  % (replies0 + 2))

        # It opens at the first unread post, ana's, on the second page.
        open_thread(pere, "Tiredness that does not go away")
        total = replies0 + 3
        pere.wait(r"Page 2 of 2 · posts 21–%d of %d" % (total, total))
        wait_current(pere, total - 1)
        pere.wait(r"(?m)^ #%d  ana · " % (total - 1))
        pere.wait(r"Ginger tea, noted\. Thank you both\.")
        back(pere, "Living with treatment side effects")
        pere.wait(r"(?m)^   Tiredness that does not go away")

        # Reading the board's other thread leaves nothing new in it.
        open_thread(pere, "Everything tastes of metal")
        pere.wait(r"posts 1–3 of 3")
        pere.key("end")     # a post is read once its end was on screen
        pere.wait(r"(?m)^  does too\. *$")
        back(pere, "Living with treatment side effects")
        pere.wait(r"(?m)^   Everything tastes of metal")
        assert " * " not in "\n".join(pere.screen.display[3:-2]), pere.text()
        back(pere, "Boards")
        pere.wait(r"Introductions")
        assert board_row(pere, "Living with treatment side effects") == \
            (threads0, ""), pere.text()
        back(pere, "Main menu")
        pere.wait(r"Boards \(%d new\)" % (menu0 - int(new0)))


def test_edit_and_delete_own_post():
    """A member edits their post (marked edited, with the time) and
    deletes their reply (it shows "Deleted by its author"); the keys are
    refused on someone else's post."""
    with demo_server() as s:
        ana = member(s, "ana")
        open_board(ana, "Introductions")
        open_thread(ana, "Hello from Girona")
        ana.send("p")
        wait_current(ana, 1)
        ana.wait(r"(?m)^ #1  ana · [-0-9]+ [0-9:]+ *$")
        ana.send("e")
        title(ana, "Edit your post")
        ana.wait(r"Hello from Girona")      # the title, ready to change
        ana.key("enter")
        editor(ana, "Edit your post")
        ana.wait(r"(?m)^Hi everyone\. I'm Ana")
        ana.send("[Update] Back at school since Monday. ")
        ana.send(CTRL_S)
        title(ana, "Hello from Girona")
        ana.wait(r"(?m)^ #1  ana · [-0-9]+ [0-9:]+ · edited [-0-9]+ [0-9:]+")
        ana.wait(r"(?m)^  \[Update\] Back at school since Monday\. Hi "
                 r"everyone\.")

        # marta's post: neither e nor d does anything but say why.
        ana.send("n")
        wait_current(ana, 2)
        for key in "ed":
            ana.send(key)
            ana.wait(r"You can only change your own posts\.")
            title(ana, "Hello from Girona")
            ana.send("n")       # any key clears the message
            ana.wait_gone(r"You can only change your own posts\.")
            ana.send("p")
            wait_current(ana, 2)

        reply(ana, "A note I will take back.")
        title(ana, "Hello from Girona")
        ana.wait(r"(?m)^ #5  ana · ")
        wait_current(ana, 5)
        ana.send("d")
        answer(ana, "y", "Delete your post?", "Deleted by its author")
        ana.wait(r"Your post is deleted\.")
        ana.wait(r"(?m)^ #5  ana · [-0-9]+ [0-9:]+ *\n  Deleted by its "
                 r"author *$")
        screen_has_not(ana, "A note I will take back")
        row = s.sql("SELECT body, deleted_at > 0, edited_at FROM posts "
                    "WHERE id = (SELECT max(id) FROM posts)")[0]
        assert row[:2] == ("", 1), row

        # Another member sees the same: edited, and deleted by its author.
        pere = member(s, "pere")
        open_board(pere, "Introductions")
        open_thread(pere, "Hello from Girona")
        pere.key("home")
        pere.wait(r"(?m)^ #1  ana · [-0-9]+ [0-9:]+ · edited ")
        pere.wait(r"\[Update\] Back at school since Monday\.")
        pere.key("end")
        pere.wait(r"(?m)^ #5  ana · [-0-9]+ [0-9:]+ *\n  Deleted by its "
                  r"author *$")
        screen_has_not(pere, "A note I will take back")


def test_report_then_moderator_hides():
    """A member reports a post: it leaves the thread, search and the
    unread counts of other members at once, and a search hit for it shown
    before no longer opens it.  The moderator finds it in the queue with
    the report and hides it with a reason; members still do not see it
    anywhere, and its author is told why, privately."""
    living = "Living with treatment side effects"
    with demo_server() as s:
        nuria = member(s, "nuria")
        assert menu_count(nuria, "Moderation queue") is None, nuria.text()
        new0 = int(board_row(boards(nuria), living)[1])
        back(nuria, "Main menu")

        sofia = member(s, "sofia")
        open_board(sofia, living)
        open_thread(sofia, "Tiredness that does not go away")
        reply(sofia, "Just stop the hormone tablets for a month, the doctors "
                     "exaggerate the risks.")
        sofia.wait(r"(?m)^ #23  sofia · ")
        sofia.close()
        pid = post_id(s, "exaggerate the risks")

        # Visible: nuria counts it as new, and pere finds it (he stays on
        # the search results).
        assert board_row(boards(nuria), living)[1] == str(new0 + 1), \
            nuria.text()
        back(nuria, "Main menu")
        pere = member(s, "pere")
        m = search(pere, "exaggerate")
        assert m.group(1) == "1", pere.text()

        # ana finds it by search, opens it in its thread and reports it.
        ana = member(s, "ana")
        m = search(ana, "exaggerate")
        assert m.group(1) == "1", ana.text()
        ana.wait(r"post: Tiredness that does not go away\W+Living with "
                 r"treatment side effects")
        ana.wait(r"the doctors exaggerate the")
        ana.key("enter")
        title(ana, "Tiredness that does not go away")
        wait_current(ana, 23)
        ana.send("!")
        title(ana, "Report a post")
        ana.wait(r"It gives misleading medical information")
        ana.send("4")
        title(ana, "Report a post")
        ana.wait(r"Anything to add")
        ana.send("This could make someone stop their treatment\r")
        dismiss(ana, "Report sent", "Thank you for telling us")
        title(ana, "Tiredness that does not go away")
        ana.wait(r"posts 21–22 of 22")
        screen_has_not(ana, "exaggerate")
        back(ana, "Search")
        ana.wait(r'No results for "exaggerate"\.')
        assert s.sql("SELECT state FROM posts WHERE id = ?", (pid,)) == \
            [(3,)]      # POST_REPORTED

        # pere's hit, from before the report, opens the thread without it.
        pere.wait(r"post: Tiredness that does not go away")
        pere.key("enter")
        title(pere, "Tiredness that does not go away")
        pere.wait(r"That post is not there any more\.")
        screen_has_not(pere, "exaggerate")
        pere.send("]")
        pere.wait(r"Page 2 of 2 · posts 21–22 of 22")
        pere.key("end")
        pere.wait(r"(?m)^ #22  ")
        screen_has_not(pere, "exaggerate")
        back(pere, "Search")
        pere.wait(r'No results for "exaggerate"\.')

        # nuria no longer counts it, nor finds it.
        assert board_row(boards(nuria), living)[1] == str(new0), nuria.text()
        back(nuria, "Main menu")
        search(nuria, "exaggerate")
        nuria.wait(r'No results for "exaggerate"\.')
        back(nuria, "Main menu")

        # The moderator: the queue comes first in the menu, with the count.
        jordi = member(s, "jordi")
        menu = main_menu(jordi)
        assert re.search(r"(?m)^  m  Moderation queue \(1 waiting\) *$",
                         menu), menu
        first = [l for l in menu.splitlines() if re.match(r"^  \w  ", l)][0]
        assert "Moderation queue" in first, menu
        jordi.send("m")
        title(jordi, "Moderation queue")
        jordi.wait(r"(?m)^ +1 report +< 1 min +Tiredness that do.* sofia *$")
        jordi.key("enter")
        title(jordi, "Moderation · post")
        jordi.wait(r"h  Hide it, with a reason for the author")
        text = " ".join(jordi.text().split())
        for want in ('In "Tiredness that does not go away"', "by sofia",
                     "State: reported, hidden from others (1 report)",
                     "Just stop the hormone tablets",
                     "- It gives misleading medical information, by ana",
                     '"This could make someone stop their treatment"'):
            assert want in text, (want, jordi.text())
        jordi.send("h")
        title(jordi, "Hide post")
        jordi.wait(r"5  misleading or false medical information")
        jordi.send("5")
        title(jordi, "Hide post")
        jordi.wait(r"Note")
        jordi.send("Please talk to your team before changing treatment.\r")
        dismiss(jordi, "The post is hidden")
        title(jordi, "Moderation queue")
        jordi.wait(r"Nothing is waiting for a moderator\.")

        # The monthly report counts the hide, its reason and the report.
        month = time.strftime("%Y-%m", time.gmtime())
        jordi.send("r")
        title(jordi, "Moderation report")
        jordi.wait(r"(?m)^ " + month + r" +\d+ +1 +1 +")
        jordi.key("enter")
        jordi.wait(r"Moderation report for " + month + r" \(UTC\)")
        jordi.wait(r"(?m)^    hidden +1 *$")
        jordi.wait(r"(?m)^    misleading or false medical information +1 *$")
        jordi.wait(r"(?m)^    It gives misleading medical information +1 *$")
        jordi.wait(r"Waiting in the queue now: 0")
        jordi.key("esc")
        title(jordi, "Moderation report")
        jordi.key("esc")
        title(jordi, "Moderation queue")
        assert s.sql("SELECT state, mod_reason, mod_note FROM posts WHERE "
                     "id = ?", (pid,)) == [(4, 4, "Please talk to your team "
                                            "before changing treatment.")]
        assert s.sql("SELECT actor_name, object_id FROM audit WHERE action "
                     "LIKE '%hide%'") == [("jordi", pid)], \
            s.sql("SELECT action, actor_name, object_id FROM audit")

        # Staff still see it in the thread, marked.
        back(jordi, "Main menu")
        open_board(jordi, living)
        open_thread(jordi, "Tiredness that does not go away")
        jordi.send("]")
        jordi.wait(r"Page 2 of 2 · posts 21–23 of 23")
        jordi.key("end")
        jordi.wait(r"(?m)^ #23  sofia · [-0-9]+ [0-9:]+ *\n  \(hidden by a "
                   r"moderator: misleading or false medical information\)")

        # Still nowhere for members: counts, search and the thread.
        assert board_row(boards(nuria), living)[1] == str(new0), nuria.text()
        back(nuria, "Main menu")
        search(nuria, "exaggerate")
        nuria.wait(r'No results for "exaggerate"\.')
        back(nuria, "Main menu")
        open_board(nuria, living)
        open_thread(nuria, "Tiredness that does not go away")
        nuria.send("]")
        nuria.wait(r"Page 2 of 2 · posts 21–22 of 22")
        nuria.key("end")
        screen_has_not(nuria, "exaggerate")
        screen_has_not(nuria, "sofia · ")

        # The author is told, with the reason and the note.
        sofia = member(s, "sofia")
        assert menu_count(sofia, "Notifications") == 2, sofia.text()
        sofia.send("n")
        title(sofia, "Notifications")
        pick(sofia, r"new .*A moderator hid your post")
        sofia.key("enter")
        note = wait_dialog(sofia, "Notification", "Reason")
        for want in ('A moderator hid your post in "Tiredness that does not '
                     'go away".', "Reason: misleading or false medical "
                     "information.", "Please talk to your team before "
                     "changing treatment."):
            assert want in note, (want, note)
        sofia.send(" ")
        title(sofia, "Notifications")
        sofia.send("o")
        title(sofia, "Tiredness that does not go away")
        wait_current(sofia, 23)
        sofia.wait(r"(?m)^  \(hidden by a moderator: misleading or false "
                   r"medical information\)")


def test_premoderated_board_holds_until_approved():
    """In "Ask a professional" a member's new thread waits for a
    moderator: others do not see it, in the board or in search, until a
    professional approves it from the queue."""
    with demo_server() as s:
        ana = member(s, "ana")
        notes = menu_count(ana, "Notifications")
        open_board(ana, "Ask a professional")
        new_thread(ana, "Sleeping with the light on",
                   "Since the diagnosis I sleep with a nightlight on. "
                   "Do others feel this too?")
        dismiss(ana, "Thank you", "It will appear once a moderator has "
                "looked at it.")
        title(ana, "Sleeping with the light on")
        ana.wait(r"(?m)^  \(awaiting approval\) *$")
        ana.wait(r"I sleep with a nightlight on")
        back(ana, "Ask a professional")
        ana.wait(r"\[awaiting approval\] Sleeping with\u2026 +ana +0 ")
        assert s.sql("SELECT state FROM posts WHERE body LIKE "
                     "'%nightlight%'") == [(1,)]        # POST_PENDING

        pere = member(s, "pere")
        open_board(pere, "Ask a professional")
        pere.wait(r"Scan anxiety")
        screen_has_not(pere, "Sleeping with the light on")
        back(pere, "Boards")
        back(pere, "Main menu")
        search(pere, "nightlight")
        pere.wait(r'No results for "nightlight"\.')
        back(pere, "Main menu")

        laia = member(s, "laia")
        menu = main_menu(laia)
        assert re.search(r"(?m)^  m  Moderation queue \(1 waiting\) *$",
                         menu), menu
        laia.send("m")
        title(laia, "Moderation queue")
        laia.wait(r"(?m)premoderated +< 1 min +Sleeping with the.* ana *$")
        laia.key("enter")
        title(laia, "Moderation · post")
        laia.wait(r"a  Approve: publish it")
        laia.wait(r"State: awaiting approval \(premoderated\)")
        laia.send("a")
        answer(laia, "y", "Approve", "Publish this post?")
        title(laia, "Moderation queue")
        laia.wait(r"Nothing is waiting for a moderator\.")
        assert s.sql("SELECT state FROM posts WHERE body LIKE "
                     "'%nightlight%'") == [(0,)]

        # Now everyone sees it, in the board and in search.
        open_board(pere, "Ask a professional")
        pere.wait(r"(?m)^ \* Sleeping with the light on +ana +0 ")
        back(pere, "Boards")
        back(pere, "Main menu")
        m = search(pere, "nightlight")
        assert m.group(1) == "1", pere.text()
        pere.key("enter")
        title(pere, "Sleeping with the light on")
        pere.wait(r"(?m)^ #1  ana · ")
        pere.wait(r"I sleep with a nightlight on")

        # The author is told.
        back(ana, "Boards")
        back(ana, "Main menu")
        assert menu_count(ana, "Notifications") == notes + 1, ana.text()
        ana.send("n")
        title(ana, "Notifications")
        ana.wait(r'new .*Your post in "Sleeping with the light on" has been')


def test_locked_thread_refuses_replies():
    """A moderator locks a thread from the board: members can read it but
    a reply gets the locked message and no editor; unlocked, it takes
    replies again."""
    with demo_server() as s:
        jordi = member(s, "jordi")
        open_board(jordi, "Returning to work")
        pick(jordi, r"^ [* ] Back at work")
        jordi.send("l")
        jordi.wait(r"The thread is locked\.")
        jordi.wait(r"(?m)^ [* ] \[locked\] Back at work")
        assert s.sql("SELECT locked FROM threads WHERE title LIKE "
                     "'Back at work%'") == [(1,)]
        posts0 = s.sql("SELECT count(*) FROM posts")[0][0]

        nuria = member(s, "nuria")
        open_board(nuria, "Returning to work")
        nuria.wait(r"(?m)^ [* ] \[locked\] Back at work")
        open_thread(nuria, "Back at work: what actually helped me")
        nuria.wait(r"This thread is locked: you can read it, but it takes "
                   r"no new replies\.")
        for key in "rQ":
            nuria.send(key)
            dismiss(nuria, "This thread is locked", "takes no new replies")
            title(nuria, "Back at work: what actually helped me")
        screen_has_not(nuria, "Write a reply")
        assert s.sql("SELECT count(*) FROM posts")[0][0] == posts0

        # Unlocked, the same member may reply.
        jordi.send("l")
        jordi.wait(r"The thread is open again\.")
        jordi.wait(r"(?m)^ [* ] Back at work")
        back(nuria, "Returning to work")
        open_thread(nuria, "Back at work: what actually helped me")
        screen_has_not(nuria, "This thread is locked")
        reply(nuria, "Thank you for opening it again.")
        nuria.wait(r"(?m)^  Thank you for opening it again\.")
        assert s.sql("SELECT count(*) FROM posts")[0][0] == posts0 + 1


def test_risk_language_reaches_urgent_queue():
    """Risk language does not block the post: its author sees a kind word
    and the crisis card at once and still sees the post; other members do
    not; it waits in the queue marked urgent, with an R3 alert."""
    with demo_server() as s:
        sofia = member(s, "sofia")
        open_board(sofia, "Living with treatment side effects")
        open_thread(sofia, "Everything tastes of metal")
        reply(sofia, "Some nights I just want to die. Only the greenhouse "
                     "feels calm.")
        dismiss(sofia, "Thank you for sharing", "a professional of the team "
                "will read it")
        title(sofia, "Help now")
        sofia.wait(r"call 112")
        sofia.wait(r"112 +Emergencies\. 24 hours, free\.")
        sofia.wait(r"024 +Suicidal behaviour helpline")
        screen_has_not(sofia, "risk")       # never a risk label for them
        back(sofia, "Everything tastes of metal")
        wait_current(sofia, 4)
        sofia.wait(r"(?m)^  \(held for review\) *$")
        sofia.wait(r"Only the greenhouse")
        pid = post_id(s, "greenhouse")
        assert s.sql("SELECT state, urgent FROM posts WHERE id = ?",
                     (pid,)) == [(2, 1)]        # POST_HELD, urgent
        assert s.sql("SELECT rule, a.pseudonym, source_id FROM alerts JOIN "
                     "accounts a ON a.id = patient_id WHERE rule = 'R3'") == \
            [("R3", "sofia", pid)], s.sql("SELECT * FROM alerts")

        # Another member sees nothing of it.
        pere = member(s, "pere")
        open_board(pere, "Living with treatment side effects")
        open_thread(pere, "Everything tastes of metal")
        pere.key("end")
        pere.wait(r"posts 1–3 of 3")
        screen_has_not(pere, "greenhouse")
        back(pere, "Living with treatment side effects")
        back(pere, "Boards")
        back(pere, "Main menu")
        search(pere, "greenhouse")
        pere.wait(r'No results for "greenhouse"\.')

        # The professional: urgent, first in the menu and in the queue.
        laia = member(s, "laia")
        menu = main_menu(laia)
        assert re.search(r"(?m)^  m  Moderation queue \(1 waiting, 1 urgent\)"
                         r" *$", menu), menu
        assert "An urgent post waits for a moderator." in \
            " ".join(menu.split()), menu
        laia.send("m")
        title(laia, "Moderation queue")
        laia.wait(r"(?m)^ +URGENT +risk language +< 1 min +Everything tastes"
                  r".* sofia *$")
        laia.key("enter")
        title(laia, "Moderation · post")
        laia.wait(r"URGENT: someone may not be safe\.")
        laia.wait(r"Some nights I just want to die")


def test_contact_details_warn_and_hold():
    """An e-mail address in a post: the composer says the community is
    anonymous and offers to edit, keeping the text; posted anyway, the
    post waits for a moderator and others do not see it."""
    with demo_server() as s:
        ana = member(s, "ana")
        open_board(ana, "Introductions")
        open_thread(ana, "Hello from Girona")
        reply(ana, "If anyone wants to talk, write to me at "
                   "ana.garcia@example.com")
        title(ana, "Before you post")
        ana.wait(r"Post anyway")
        intro = " ".join(ana.text().split())
        assert "This community is anonymous" in intro and \
            "contact details" in intro and "wait for a moderator" in intro, \
            ana.text()
        ana.send("e")
        editor(ana, "Write a reply")
        ana.wait(r"write to me at ana\.garcia@example\.com")
        assert s.sql("SELECT count(*) FROM posts WHERE body LIKE "
                     "'%example.com%'") == [(0,)]
        ana.send(CTRL_S)
        title(ana, "Before you post")
        ana.wait(r"Post anyway")
        ana.send("p")
        dismiss(ana, "Thank you", "It will appear once a moderator has "
                "looked at it.")
        title(ana, "Hello from Girona")
        ana.wait(r"(?m)^ #5  ana · ")
        ana.wait(r"(?m)^  \(awaiting approval\) *$")
        assert s.sql("SELECT state, hold & 2 FROM posts WHERE body LIKE "
                     "'%example.com%'") == [(1, 2)]   # pending, contact

        pere = member(s, "pere")
        open_board(pere, "Introductions")
        open_thread(pere, "Hello from Girona")
        pere.key("end")
        pere.wait(r"posts 1–4 of 4")
        screen_has_not(pere, "example.com")

        jordi = member(s, "jordi")
        jordi.send("m")
        title(jordi, "Moderation queue")
        jordi.wait(r"(?m)^ +contact details +< 1 min +Hello from Girona +ana"
                   r" *$")


def test_length_limits_say_the_limit_and_keep_the_text():
    """With max_title_length 30 and max_post_length 500: the title field
    and the editor stop at the limit and say so; a quote that makes the
    reply too long is refused with the limit and the text stays."""
    s = demo_server()       # the demo posts are longer than 500
    set_conf(s, max_title_length=30, max_post_length=500)
    with s:
        ana = member(s, "ana")
        open_board(ana, "Introductions")
        ana.send("n")
        title(ana, "New thread")
        ana.wait(r"Title")
        ana.send("Things I wish someone had told me before")
        ana.wait(r"This field is full: it takes at most 30 characters\.")
        ana.wait(r"Things I wish someone had told")
        screen_has_not(ana, "told me")
        ana.key("enter")
        editor(ana, "New thread: Things I wish someone had told")
        ana.wait(r"0/500 characters")
        words = ("Rest is not laziness, and asking for help is not weakness. "
                 * 10)[:520]
        ana.send(words)
        ana.wait(r"The text has reached its maximum length\.")
        ana.key("left")     # any key clears the message; the count shows
        ana.wait(r"500/500 characters")
        ana.wait(r"(?m)^not weakness\. Rest is not laziness, and as *$")
        ana.send(CTRL_S)
        title(ana, "Things I wish someone had told")
        ana.wait(r"(?m)^ #1  ana · ")
        assert s.sql("SELECT length(t.title), length(p.body) FROM threads t "
                     "JOIN posts p ON p.id = t.first_post_id WHERE t.title "
                     "LIKE 'Things I wish%'") == [(30, 500)]
        back(ana, "Introductions")

        # Quoting a 551-character post makes a reply over the limit.
        posts0 = s.sql("SELECT count(*) FROM posts")[0][0]
        open_thread(ana, "Hello from Girona")
        ana.send("p")
        wait_current(ana, 1)
        ana.send("Q")
        editor(ana, "Write a reply")
        n = int(ana.wait(r"(\d+)/500 characters").group(1))
        assert n > 500, n
        ana.wait(r"(?m)^> Hi everyone\. I'm Ana")
        ana.send(CTRL_S)
        text = dismiss(ana, "Not done", "Posts can be at most 500 "
                       "characters;")
        assert re.search(r"yours has %d\." % n, text), text
        editor(ana, "Write a reply")
        ana.wait(r"%d/500 characters" % n)
        ana.wait(r"(?m)^> Hi everyone\. I'm Ana")
        ana.key("esc")
        answer(ana, "n", "Leave without posting?")
        editor(ana, "Write a reply")
        ana.wait(r"(?m)^> Hi everyone\. I'm Ana")
        ana.key("esc")
        answer(ana, "y", "Leave without posting?")
        title(ana, "Hello from Girona")
        assert s.sql("SELECT count(*) FROM posts")[0][0] == posts0


def test_board_closed_to_patients():
    """The administrator creates a board for staff only from the board
    list; patients never see it, its threads or its posts (board list,
    unread counts, search), while a professional does."""
    with demo_server() as s:
        ana = member(s, "ana")
        unread0 = menu_count(ana, "Boards")

        admin = member(s, "admin")
        boards(admin)
        admin.wait(r"n new · e edit")
        admin.send("n")
        title(admin, "New board")
        admin.wait(r"Description")
        admin.send(CTRL_U + "Staff room\r")
        admin.send(CTRL_U + "Rotas and news for the team.\r")
        title(admin, "New board")
        admin.wait(r"r  Who may read: patient, expert patient, professional, "
                   r"moderator, admin")
        for entry in ("r", "w"):
            admin.send(entry)
            title(admin, "Who may read" if entry == "r" else "Who may post")
            admin.wait(r"\[x\] patient")
            admin.send("p")
            admin.wait(r"\[ \] patient")
            admin.send("e")
            admin.wait(r"\[ \] expert patient")
            back(admin, "New board")
        admin.wait(r"r  Who may read: professional, moderator, administrator")
        admin.wait(r"w  Who may post: professional, moderator, administrator")
        admin.send("s")
        title(admin, "Boards")
        admin.wait(r"The board is saved\.")
        admin.wait(r"(?m)^ Staff room +0 +Rotas and news for the team\.")
        assert s.sql("SELECT read_roles, post_roles, premoderated FROM "
                     "boards WHERE name = 'Staff room'") == [(28, 28, 0)]
        pick(admin, r"^ Staff room")
        admin.key("enter")
        title(admin, "Staff room")
        new_thread(admin, "December rota", "The zeppelin meeting moves to "
                   "Thursday.")
        title(admin, "December rota")
        admin.wait(r"(?m)^ #1  admin \[ADMIN\] · ")

        # The patient: no such board, nothing new, nothing found.
        boards(ana)
        ana.wait(r"Ask a professional")
        screen_has_not(ana, "Staff room")
        assert len(rows_matching(ana, r"^ \S.{27} \d+ ")) == 6, ana.text()
        back(ana, "Main menu")
        assert menu_count(ana, "Boards") == unread0, ana.text()
        search(ana, "zeppelin")
        ana.wait(r'No results for "zeppelin"\.')
        search(ana, "rota")
        screen_has_not(ana, "December rota")

        # A professional reads it.
        laia = member(s, "laia")
        open_board(laia, "Staff room")
        laia.wait(r"(?m)^ \* December rota +admin \[ADMIN\] +0 ")
        back(laia, "Boards")
        back(laia, "Main menu")
        m = search(laia, "zeppelin")
        assert m.group(1) == "1", laia.text()
        laia.wait(r"December rota\W+Staff room")


def underlined(t, word):
    """Whether some occurrence of word on screen is drawn underlined (the
    search draws matched words so)."""
    for y, line in enumerate(t.screen.display):
        x = line.find(word)
        while x != -1:
            if all(t.screen.buffer[y][i].underscore
                   for i in range(x, x + len(word))):
                return True
            x = line.find(word, x + 1)
    return False


def test_search_folds_accents_and_takes_any_input():
    """Search finds the Catalan "quimioteràpia" when typed without the
    accent, highlights it and opens the post in its thread; input that
    would be FTS5 syntax gives results or "No results", never an error."""
    with demo_server() as s:
        ana = member(s, "ana")
        m = search(ana, "quimioterapia")
        assert m.group(1) and int(m.group(1)) >= 1, ana.text()
        ana.wait(r"quimioteràpia")
        assert underlined(ana, "quimioteràpia"), ana.text()
        pick(ana, r"post: Hola des del Vallès")
        ana.key("enter")
        title(ana, "Hola des del Vallès")
        wait_current(ana, 1)
        ana.wait(r"sis mesos de quimioteràpia")
        back(ana, "Search")

        # Upper case and accents typed where the text has none also fold.
        m = search(ana, "QUIMIOTERÀPIA")
        assert m.group(1) and int(m.group(1)) >= 1, ana.text()

        for words in ('"', "NEAR(", "*", "-", '"tired', "tired*", "-tired",
                      "NEAR(tired sleep", "tired AND", "OR", "^tired",
                      "title:tired", "tired'", "(", "{tired}", "a:b:c",
                      "\\"):
            search(ana, words)
            no_error(ana)
        # Plain words in the same session still work.
        m = search(ana, "tired")
        assert m.group(1) and int(m.group(1)) >= 1, ana.text()
        assert s.proc.poll() is None
        assert "ended by signal" not in s.log_text(), s.log_text()


def test_library_article_written_read_and_found():
    """A professional writes an article in the library; a patient reads
    it and finds it by search with an accent left out; a researcher has
    neither boards nor library."""
    with demo_server() as s:
        laia = member(s, "laia")
        laia.send("l")
        title(laia, "Library")
        laia.wait(r"n new · e edit")
        laia.send("n")
        title(laia, "New article")
        laia.wait(r"Category")
        laia.send(CTRL_U + "Everyday life\r")
        laia.send(CTRL_U + "Walking after treatment\r")
        editor(laia, "Text of “Walking after treatment”")
        laia.send("A short walk to the café each morning helps many people "
                  "with tiredness.\rStart small, and rest when you need to.")
        laia.send(CTRL_S)
        title(laia, "Library")
        laia.wait(r"The article is now in the library\.")
        laia.wait(r"(?m)^ Everyday life +\d{4}-\d\d-\d\d +Walking after "
                  r"treatment *$")
        assert s.sql("SELECT a.category, a.title, p.pseudonym FROM articles a"
                     " JOIN accounts p ON p.id = a.author_id WHERE a.title "
                     "LIKE 'Walking%'") == [("Everyday life",
                                             "Walking after treatment",
                                             "laia")]

        ana = member(s, "ana")
        ana.send("l")
        title(ana, "Library")
        ana.wait(r"Enter read")
        screen_has_not(ana, "n new")
        pick(ana, r"Walking after treatment")
        ana.key("enter")
        title(ana, "Walking after treatment")
        ana.wait(r"Written by laia")
        ana.wait(r"A short walk to the café each morning")
        back(ana, "Library")
        ana.send("n")           # not a writer: nothing happens
        title(ana, "Library")
        screen_has_not(ana, "New article")
        back(ana, "Main menu")
        m = search(ana, "cafe")
        assert m.group(1) == "1", ana.text()
        ana.wait(r"article: Walking after treatment")
        assert underlined(ana, "café"), ana.text()
        ana.key("enter")
        title(ana, "Walking after treatment")
        ana.wait(r"Start small, and rest when you need to\.")

        recerca = member(s, "recerca")
        menu = main_menu(recerca)
        for entry in ("Boards", "Library", "Search"):
            assert menu_count(recerca, entry) is None, menu
        # b, l and f open nothing: the help that follows is the menu's.
        recerca.send("blf?")
        wait_dialog(recerca, "Menu keys")
        title(recerca, "Main menu")


HOLA = ("Hola a tothom! Soc la Núria, visc al Vallès i escric en català, però "
        "us llegeixo en castellà i en anglès sense problemes. Fa dos anys em "
        "van diagnosticar un càncer de còlon: operació, sis mesos de "
        "quimioteràpia i ara revisions. Fa tres mesos que he tornat a la "
        "feina, a mitja jornada al principi i ara ja a jornada completa.")


def first_paragraph(t):
    """The lines of post #1's first paragraph as shown, without indent."""
    lines = t.screen.display
    for y, line in enumerate(lines):
        if line.startswith(" #1  nuria · "):
            out = []
            for l in lines[y + 1:]:
                if not l.strip():
                    break
                out.append(l.rstrip())
            return out
    return None


def wrapped_to(t, width):
    """Post #1's first paragraph, once it is all on screen and wrapped to
    the text width of a width-column screen (four columns less)."""
    def ok():
        t.pump(0.05)
        p = first_paragraph(t)
        if not p or len(t.screen.display[0]) != width:
            return None
        if " ".join(l.strip() for l in p) != HOLA:
            return None
        return p if max(len(l) for l in p) <= width - 2 and \
            max(len(l) for l in p) > width - 16 else None
    try:
        return wait_for(ok, what="the post wrapped to %d columns" % width)
    except AssertionError:
        raise AssertionError("not wrapped to %d columns:\n%s"
                             % (width, t.text()))


def test_resize_rewraps_a_post():
    """A post wraps to the terminal's width and wraps again when the
    terminal is resized while reading, losing nothing."""
    with demo_server() as s:
        ana = member(s, "ana")
        open_board(ana, "Introductions")
        open_thread(ana, "Hola des del Vallès")
        wait_current(ana, 1)
        wide = wrapped_to(ana, 80)
        ana.resize(50, 24)
        narrow = wrapped_to(ana, 50)
        assert len(narrow) > len(wide), (wide, narrow)
        assert all(l.startswith("  ") and not l.startswith("   ")
                   for l in narrow), narrow
        title(ana, "Hola des del Vallès")
        ana.wait(r"Page 1 of 1")
        ana.resize(100, 30)
        again = wrapped_to(ana, 100)
        assert len(again) < len(wide), (wide, again)
        # Still the same screen, and it still takes keys.
        ana.send("n")
        wait_current(ana, 2)
