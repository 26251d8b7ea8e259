/*
 * ui.c: terminal set-up, key reading, the layer stack and the frame.
 *
 * Everything is drawn on stdscr and sent with one doupdate() per change of
 * screen: ncurses then sends only the cells that changed, which is what a
 * slow link needs.  Nothing here calls clear(), which would repaint the
 * whole terminal.
 *
 * ui_getkey is also where the session's clocks live: signals, the idle
 * warning and sign-out, and the absolute session limit are checked on
 * every pass of its one-second input timeout.
 */
#include <sys/types.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "ui.h"

#define UI_MAX_LAYERS		16
#define UI_INPUT_TIMEOUT	1000	/* ms */
#define UI_IDLE_WARNING		60	/* without a config: seconds of warning */
#define UI_ESCDELAY		25	/* ms, when there is no configuration */
#define UI_DEAD_INPUT		50	/* errors a second: input is gone */
#define UI_NOTICE_WIDTH		56	/* text columns of a notice */

/* GNU gettext's catalogue cache counter; bumping it drops the cache. */
extern int	_nl_msg_cat_cntr;

struct ui_layer {
	void	(*draw)(void *);
	void	 *arg;
};

static SCREEN			*ui_screen;
static WINDOW			*ui_backdrop;	/* the screen under layer 0 */
static struct ui_layer		 ui_layers[UI_MAX_LAYERS];
static size_t			 ui_nlayers;
static volatile sig_atomic_t	 ui_got_term;
static volatile sig_atomic_t	 ui_got_hup;
static char			*ui_message;	/* shown until the next key */
static attr_t			 ui_message_attr;
static const char		*ui_goodbye;	/* printed after endwin */
static time_t			 ui_err_time;
static int			 ui_err_count;

/* ui_signal records SIGTERM and SIGHUP; ui_getkey acts on them. */
static void
ui_signal(int sig)
{
	if (sig == SIGTERM)
		ui_got_term = 1;
	else if (sig == SIGHUP)
		ui_got_hup = 1;
}

/* ui_init_signals installs the handlers, without SA_RESTART. */
static void
ui_init_signals(void)
{
	struct sigaction	sa;

	/*
	 * Why no SA_RESTART: an interrupted read makes get_wch return at
	 * once, so the flag is seen without waiting for the timeout.
	 */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* ui_init_screen opens the terminal, falling back to xterm then vt100. */
static int
ui_init_screen(void)
{
	const char	*names[3];
	size_t		 i;

	/*
	 * Why: every client of ours must be a UTF-8 terminal, and some (PuTTY
	 * by default) ignore the VT100 line-drawing switch in UTF-8 mode and
	 * show "lqqk".  Unicode box characters draw everywhere.
	 */
	setenv("NCURSES_NO_UTF8_ACS", "1", 1);
	names[0] = getenv("TERM");
	names[1] = "xterm";
	names[2] = "vt100";
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i] == NULL || *names[i] == '\0')
			continue;
		if ((ui_screen = newterm(names[i], stdout, stdin)) != NULL) {
			set_term(ui_screen);
			return 0;
		}
	}
	return -1;
}

/*
 * ui_init_flow turns off XON/XOFF flow control, so Ctrl-S (save) and
 * Ctrl-Q reach the program, and makes that part of ncurses' program mode.
 */
static void
ui_init_flow(void)
{
	struct termios	tio;

	if (tcgetattr(STDIN_FILENO, &tio) != 0)
		return;
	tio.c_iflag &= ~(IXON | IXOFF);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) != 0)
		return;
	def_prog_mode();
}

/* ui_init_colors sets up one colour pair per enum ui_color. */
static void
ui_init_colors(void)
{
	short	bg = -1, fg = -1;

	if (start_color() == ERR || COLOR_PAIRS <= UI_C_DIM)
		return;
	if (use_default_colors() == ERR) {
		fg = COLOR_WHITE;
		bg = COLOR_BLACK;
	}
	init_pair(UI_C_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_C_STATUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(UI_C_SELECT, COLOR_BLACK, COLOR_WHITE);
	init_pair(UI_C_HOTKEY, COLOR_YELLOW, bg);
	init_pair(UI_C_ERROR, COLOR_RED, bg);
	init_pair(UI_C_DIALOG, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_C_DIM, fg, bg);
	ui->color = true;
}

/* ui_init sets up the terminal; it returns 0, or -1 without a terminal. */
int
ui_init(void)
{
	time_t	now;

	if (ui_init_screen() != 0)
		return -1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	ui_init_flow();
	if (ui->conf != NULL && ui->conf->escape_delay_ms > 0)
		set_escdelay(ui->conf->escape_delay_ms);
	else
		set_escdelay(UI_ESCDELAY);
	curs_set(0);
	timeout(UI_INPUT_TIMEOUT);
	if (has_colors())
		ui_init_colors();
	ui_init_signals();
	/*
	 * ncurses 6.4 flushes its output after every cursor move until the
	 * screen has been through endwin() once (its "_endwin" state stays
	 * initial), so one screen update left in many small writes, each its
	 * own SSH packet.  One endwin()/doupdate() round at start puts it in
	 * the running state, where an update is one write.
	 */
	endwin();
	doupdate();
	now = time(NULL);
	if (ui->started == 0)
		ui->started = now;
	if (ui->last_input == 0)
		ui->last_input = now;
	return 0;
}

/* ui_end restores the terminal and says why the session ended, if known. */
void
ui_end(void)
{
	if (ui_screen == NULL)
		return;
	if (ui_backdrop != NULL)
		delwin(ui_backdrop);
	ui_backdrop = NULL;
	endwin();
	delscreen(ui_screen);
	ui_screen = NULL;
	free(ui_message);
	ui_message = NULL;
	/* After endwin, so it stays readable once the screen is restored. */
	if (ui_goodbye != NULL) {
		printf("%s\r\n", ui_goodbye);
		fflush(stdout);
	}
}

/* ui_attr returns the attributes of a colour, or its monochrome stand-in. */
attr_t
ui_attr(enum ui_color c)
{
	static const attr_t	mono[] = {
		A_NORMAL, A_REVERSE, A_REVERSE, A_REVERSE, A_BOLD, A_BOLD,
		A_REVERSE, A_DIM
	};
	static const attr_t	extra[] = {
		A_NORMAL, A_BOLD, A_NORMAL, A_NORMAL, A_BOLD, A_BOLD,
		A_NORMAL, A_DIM
	};

	if ((size_t)c >= sizeof mono / sizeof mono[0])
		return A_NORMAL;
	if (!ui->color || c == UI_C_NORMAL)
		return mono[c];
	return COLOR_PAIR(c) | extra[c];
}

/* ui_wcs_width returns the columns a wide character takes (0: not shown). */
static int
ui_wcs_width(wchar_t c)
{
	int	w;

	if ((w = wcwidth(c)) < 0)
		return 0;
	return w;
}

/*
 * ui_put_utf8 draws s at (y, x) with the current attributes, in at most
 * maxcols columns and never past the screen's edge, and returns the
 * columns used.  A wide character that does not fit is left out whole;
 * characters without a width (controls) are skipped.
 */
static int
ui_put_utf8(int y, int x, const char *s, int maxcols)
{
	wchar_t	*ws;
	size_t	 n, i, out;
	int	 cols, w;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (maxcols > COLS - x)
		maxcols = COLS - x;
	if (maxcols <= 0)
		return 0;
	ws = text_to_wcs(s, &n);
	cols = 0;
	out = 0;
	for (i = 0; i < n; i++) {
		if ((w = wcwidth(ws[i])) < 0)
			continue;
		if (cols + w > maxcols)
			break;
		if (w == 0 && out == 0)
			continue;	/* a combining mark needs a base */
		ws[out++] = ws[i];
		cols += w;
	}
	if (out > 0)
		mvaddnwstr(y, x, ws, (int)out);
	free(ws);
	return cols;
}

/* ui_put_text sanitises user text and draws it with the current attributes. */
int
ui_put_text(int y, int x, const char *utf8, int maxcols)
{
	char	*clean;
	int	 used;

	clean = text_sanitise(utf8 != NULL ? utf8 : "", false);
	used = ui_put_utf8(y, x, clean, maxcols);
	free(clean);
	return used;
}

/* ui_put_plain draws program text with attr, restoring the attributes. */
int
ui_put_plain(int y, int x, const char *s, int maxcols, int attr)
{
	attr_t	old;
	short	pair;
	int	used;

	attr_get(&old, &pair, NULL);
	attrset(attr);
	used = ui_put_utf8(y, x, s != NULL ? s : "", maxcols);
	attr_set(old, pair, NULL);
	return used;
}

/*
 * ui_put_wrapped sanitises text (keeping newlines), wraps it to width and
 * draws at most maxrows lines from (y, x) with attr.  It returns how many
 * lines the whole text takes, so maxrows 0 only measures.
 */
int
ui_put_wrapped(int y, int x, const char *text, int width, int maxrows,
    int attr)
{
	struct ui_line	*lines = NULL;
	char		*clean, *line;
	size_t		 n, i;

	clean = text_sanitise(text != NULL ? text : "", true);
	n = ui_wrap(clean, width, &lines);
	for (i = 0; i < n && (int)i < maxrows; i++) {
		line = xstrndup(clean + lines[i].start, lines[i].len);
		ui_put_plain(y + (int)i, x, line, width, attr);
		free(line);
	}
	free(lines);
	free(clean);
	return (int)n;
}

/* ui_text_width returns the display columns of a UTF-8 string. */
int
ui_text_width(const char *s)
{
	wchar_t	*ws;
	size_t	 n, i;
	int	 cols;

	ws = text_to_wcs(s != NULL ? s : "", &n);
	cols = 0;
	for (i = 0; i < n; i++)
		cols += ui_wcs_width(ws[i]);
	free(ws);
	return cols;
}

/* ui_fill paints a whole row with attr. */
static void
ui_fill(int y, attr_t attr)
{
	if (y < 0 || y >= LINES || COLS < 1)
		return;
	attrset(attr);
	mvhline(y, 0, ' ', COLS);
	attrset(A_NORMAL);
}

/*
 * ui_box draws a bordered box filled in dialog colours, with an optional
 * title on its top border, clipped to the screen.
 */
void
ui_box(int y, int x, int h, int w, const char *title)
{
	attr_t	a;
	int	i;

	if (y < 0)
		y = 0;
	if (x < 0)
		x = 0;
	if (h > LINES - y)
		h = LINES - y;
	if (w > COLS - x)
		w = COLS - x;
	if (h < 1 || w < 1)
		return;
	a = ui_attr(UI_C_DIALOG);
	attrset(a);
	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	if (h >= 2 && w >= 2) {
		mvhline(y, x + 1, ACS_HLINE, w - 2);
		mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
		mvvline(y + 1, x, ACS_VLINE, h - 2);
		mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
		mvaddch(y, x, ACS_ULCORNER);
		mvaddch(y, x + w - 1, ACS_URCORNER);
		mvaddch(y + h - 1, x, ACS_LLCORNER);
		mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	}
	if (title != NULL && *title != '\0' && w > 6) {
		attrset(a | A_BOLD);
		mvaddch(y, x + 2, ' ');
		i = ui_put_text(y, x + 3, title, w - 6);
		mvaddch(y, x + 3 + i, ' ');
	}
	attrset(A_NORMAL);
}

/* ui_announce draws a centered box of text over the screen and sends it. */
static void
ui_announce(const char *text)
{
	int	iw, n, h, w, y, x;

	iw = COLS - 6 < UI_NOTICE_WIDTH ? COLS - 6 : UI_NOTICE_WIDTH;
	if (iw < 1)
		iw = COLS > 2 ? COLS - 2 : 1;
	n = ui_put_wrapped(0, 0, text, iw, 0, 0);
	h = n + 4;
	w = iw + 4;
	if (h > LINES)
		h = LINES;
	if (w > COLS)
		w = COLS;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, h, w, NULL);
	ui_put_wrapped(y + 2, x + 2, text, iw, h - 4, ui_attr(UI_C_DIALOG));
	wnoutrefresh(stdscr);
	doupdate();
}

/* ui_signout shows why the session ends and marks it as ending. */
static void
ui_signout(const char *why)
{
	ui_announce(why);
	ui_goodbye = why;
	ui->quit = true;
}

/* ui_idle_warning tells the user the idle logout is near. */
static void
ui_idle_warning(int secs)
{
	char	*msg = NULL;

	if (secs >= 60)
		xasprintf(&msg, ngettext("You have been inactive for a while. "
		    "For your privacy you will be signed out in %d minute. "
		    "Press any key to stay.", "You have been inactive for a "
		    "while. For your privacy you will be signed out in %d "
		    "minutes. Press any key to stay.", secs / 60), secs / 60);
	else
		xasprintf(&msg, ngettext("You have been inactive for a while. "
		    "For your privacy you will be signed out in %d second. "
		    "Press any key to stay.", "You have been inactive for a "
		    "while. For your privacy you will be signed out in %d "
		    "seconds. Press any key to stay.", secs), secs);
	ui_announce(msg);
	free(msg);
}

/*
 * ui_check acts on signals and the session's clocks; it returns true when
 * the session must end.
 */
static bool
ui_check(time_t now)
{
	int	idle = 0, limit = 0, warn;

	if (ui->quit)
		return true;
	if (ui_got_hup) {
		/* The connection is gone: nobody is left to read a notice. */
		ui->quit = true;
		return true;
	}
	if (ui_got_term) {
		ui_signout(_("Mirall is going down for maintenance. You are "
		    "being signed out now. Please come back a little later."));
		return true;
	}
	if (ui->conf != NULL) {
		idle = ui->conf->idle_timeout;
		limit = ui->conf->session_limit;
	}
	if (limit > 0 && ui->started + limit <= now) {
		ui_signout(_("You have reached the maximum session length, so "
		    "you have been signed out. You are welcome to sign in "
		    "again."));
		return true;
	}
	if (idle > 0 && now - ui->last_input >= idle) {
		ui_signout(_("You were signed out after a period of "
		    "inactivity."));
		return true;
	}
	warn = ui->conf != NULL ? ui->conf->idle_warning : UI_IDLE_WARNING;
	if (idle > warn && !ui->idle_warned &&
	    now - ui->last_input >= idle - warn) {
		ui->idle_warned = true;
		ui_idle_warning(warn);
	}
	return false;
}

/*
 * ui_check_input notices input that keeps failing at once (the terminal
 * went away without a SIGHUP) and ends the session instead of spinning.
 */
static void
ui_check_input(time_t now)
{
	if (now != ui_err_time) {
		ui_err_time = now;
		ui_err_count = 0;
	}
	if (++ui_err_count > UI_DEAD_INPUT)
		ui->quit = true;
}

/* ui_take_key records a key; it returns false when the key is consumed. */
static bool
ui_take_key(int rc, wint_t ch, time_t now)
{
	bool	resize;

	resize = rc == KEY_CODE_YES && ch == KEY_RESIZE;
	ui->last_input = now;
	if (!resize) {
		free(ui_message);
		ui_message = NULL;
	}
	if (ui->idle_warned) {
		/* The key that dismisses the warning does nothing else. */
		ui->idle_warned = false;
		ui_redraw();
		return resize;
	}
	if (resize)
		ui_redraw();
	return true;
}

/*
 * ui_help_now runs "Help now" over whatever screen is waiting for a key,
 * then puts that screen back exactly as it was.  It returns -1 when the
 * session is ending.  Why the copies: help_now_run's screens push their
 * own layers; when the waiting screen had none, the first of them would
 * take the help screens' picture as the backdrop, so the picture of the
 * screen underneath is kept here and given back.
 */
static int
ui_help_now(void)
{
	static bool	 open;
	WINDOW		*back, *shot;
	int		 rc, cursor;

	if (open)
		return 0;	/* already showing: the key does nothing */
	open = true;
	back = ui_backdrop != NULL ? dupwin(ui_backdrop) : NULL;
	shot = dupwin(stdscr);
	cursor = curs_set(0);
	rc = help_now_run();
	if (cursor != ERR)
		curs_set(cursor);
	open = false;
	if (ui_backdrop != NULL)
		delwin(ui_backdrop);
	if (ui_nlayers == 0) {
		ui_backdrop = shot;
		if (back != NULL)
			delwin(back);
	} else {
		ui_backdrop = back;
		if (shot != NULL)
			delwin(shot);
	}
	ui_redraw();
	return rc == -1 ? -1 : 0;
}

/*
 * ui_getkey reads one key like get_wch: OK with a character in *ch, or
 * KEY_CODE_YES with a KEY_* code.  When the session must end it returns
 * KEY_CODE_YES with UI_KEY_QUIT, then and on every later call.  The
 * "Help now" key never reaches the caller: it opens Help now wherever the
 * user is, forms and the editor included.
 */
int
ui_getkey(wint_t *ch)
{
	time_t	now;
	bool	taken;
	int	rc;

	for (;;) {
		if (ui_check(time(NULL))) {
			*ch = UI_KEY_QUIT;
			return KEY_CODE_YES;
		}
		rc = get_wch(ch);
		now = time(NULL);
		if (rc == ERR) {
			ui_check_input(now);
			continue;
		}
		ui_err_count = 0;
		taken = ui_take_key(rc, *ch, now);
		/* Help now even when the key also dismissed a warning. */
		if (rc == OK && *ch == UI_KEY_HELP_NOW) {
			if (ui_help_now() == -1) {
				*ch = UI_KEY_QUIT;
				return KEY_CODE_YES;
			}
			continue;
		}
		if (taken)
			return rc;
	}
}

/*
 * ui_push adds a layer on top; ui_redraw draws it after those below.
 *
 * Why the backdrop: a screen calls list_run, gets a key back (the list's
 * layer is gone by then) and asks dialog_confirm.  The picture it had is
 * kept, so the dialog opens over the list rather than a blank screen, and
 * closing it sends nothing but the box's cells.
 */
void
ui_push(void (*draw)(void *), void *arg)
{
	if (ui_nlayers >= UI_MAX_LAYERS)
		fatalx("%s: too many layers", __func__);
	if (ui_nlayers == 0) {
		if (ui_backdrop != NULL)
			delwin(ui_backdrop);
		ui_backdrop = dupwin(stdscr);
	}
	ui_layers[ui_nlayers].draw = draw;
	ui_layers[ui_nlayers].arg = arg;
	ui_nlayers++;
}

/* ui_pop removes the top layer. */
void
ui_pop(void)
{
	if (ui_nlayers == 0)
		fatalx("%s: no layer", __func__);
	ui_nlayers--;
}

/* ui_draw_message draws the pending message on the message row. */
static void
ui_draw_message(void)
{
	int	y, x;

	if (ui_message == NULL || LINES < 3)
		return;
	getyx(stdscr, y, x);
	move(LINES - 2, 0);
	clrtoeol();
	ui_put_plain(LINES - 2, 1, ui_message, COLS - 2, ui_message_attr);
	move(y, x);
}

/*
 * ui_redraw draws every layer, bottom to top, and sends one update.  Once
 * the session is ending the screen stays as it is, so the notice saying
 * why is not painted over while the screens unwind.
 */
void
ui_redraw(void)
{
	size_t	i;

	if (ui->quit)
		return;
	erase();
	if (ui_backdrop != NULL)
		overwrite(ui_backdrop, stdscr);
	for (i = 0; i < ui_nlayers; i++)
		ui_layers[i].draw(ui_layers[i].arg);
	ui_draw_message();
	wnoutrefresh(stdscr);
	doupdate();
}

/*
 * ui_status_help returns as much of a screen's key help as fits in cols,
 * cut at a " · " between two keys, or NULL when nothing fits.
 */
static char *
ui_status_help(const char *help, int cols)
{
	char	*s, *cut;

	if (help == NULL || *help == '\0' || cols <= 0)
		return NULL;
	s = xstrdup(help);
	while (ui_text_width(s) > cols) {
		if ((cut = strstr(s, " · ")) == NULL) {
			free(s);
			return NULL;
		}
		while (strstr(cut + 1, " · ") != NULL)
			cut = strstr(cut + 1, " · ");
		*cut = '\0';
	}
	return s;
}

/*
 * ui_frame_status draws the status line: who is signed in and the "Help
 * now" key on the left; the screen's key help and, at the very end, "?
 * help" on the right.  When they do not fit, the key help loses keys from
 * its end first, then the name is cut; "Help now" and "? help" stay.
 */
static void
ui_frame_status(const char *help)
{
	char		*name, *key, *keys;
	const char	*label, *qhelp;
	int		 y, qw, kw, lw, lmax, hx, used;

	y = LINES - 1;
	ui_fill(y, ui_attr(UI_C_STATUS));
	if (ui->me != NULL) {
		label = role_label(ui->me->role);
		xasprintf(&name, "%s (%s)", ui->me->pseudonym,
		    label != NULL ? _(label) : "?");
	} else
		name = xstrdup(MIRALL_NAME);
	xasprintf(&key, " · %s", _("^G Help now"));
	qhelp = _("? help");
	qw = ui_text_width(qhelp);
	kw = ui_text_width(key);
	lw = ui_text_width(name) + kw;
	lmax = COLS - qw - 4;		/* margins and the gap before ? help */
	if (lw > lmax)
		lw = lmax;
	ui_put_plain(y, COLS - 1 - qw, qhelp, qw, ui_attr(UI_C_STATUS));
	hx = 1 + lw + 2;
	if ((keys = ui_status_help(help, COLS - 1 - qw - 2 - hx)) != NULL)
		ui_put_plain(y, COLS - 1 - qw - 2 - ui_text_width(keys), keys,
		    COLS, ui_attr(UI_C_STATUS));
	attrset(ui_attr(UI_C_STATUS));
	used = 0;
	if (lw - kw > 0)
		used = ui_put_text(y, 1, name, lw - kw);
	if (lw - used > 0)
		ui_put_plain(y, 1 + used, used > 0 ? key : key +
		    strlen(" · "), lw - used, ui_attr(UI_C_STATUS));
	attrset(A_NORMAL);
	free(keys);
	free(name);
	free(key);
}

/* ui_frame erases the screen and draws the title bar and status line. */
void
ui_frame(const char *title, const char *help)
{
	char	*s;

	erase();
	if (LINES < 1 || COLS < 1)
		return;
	ui_fill(0, ui_attr(UI_C_TITLE));
	xasprintf(&s, "%s · %s", MIRALL_NAME,
	    title != NULL ? title : "");
	attrset(ui_attr(UI_C_TITLE));
	ui_put_text(0, 1, s, COLS - 2);
	attrset(A_NORMAL);
	free(s);
	if (LINES >= 2)
		ui_frame_status(help);
}

/* ui_set_message stores a message for the message row and shows it. */
static void
ui_set_message(const char *msg, attr_t attr)
{
	free(ui_message);
	ui_message = NULL;
	if (msg == NULL || *msg == '\0') {
		ui_redraw();
		return;
	}
	ui_message = text_sanitise(msg, false);
	ui_message_attr = attr;
	ui_draw_message();
	wnoutrefresh(stdscr);
	doupdate();
}

/* ui_status shows msg above the status line until the next key. */
void
ui_status(const char *msg)
{
	ui_set_message(msg, A_NORMAL);
}

/* ui_flash shows msg as an error above the status line until the next key. */
void
ui_flash(const char *msg)
{
	ui_set_message(msg, ui_attr(UI_C_ERROR));
}

/* ui_set_language switches gettext's language and drops its cache. */
void
ui_set_language(const char *code)
{
	if (code == NULL || *code == '\0')
		return;
	setenv("LANGUAGE", code, 1);
	++_nl_msg_cat_cntr;
}

/*
 * ui_language_name names a language the interface offers, in the user's
 * language ("Spanish" in English, "castellano" in Spanish...).
 */
const char *
ui_language_name(const char *code)
{
	if (code != NULL && strcmp(code, "es") == 0)
		return _("Spanish");
	if (code != NULL && strcmp(code, "ca") == 0)
		return _("Catalan");
	return _("English");
}

/* ui_key_is_back returns true for the keys that go back: Esc, q, Left. */
bool
ui_key_is_back(int rc, wint_t ch)
{
	if (rc == OK)
		return ch == 27 || ch == 'q';
	return rc == KEY_CODE_YES && ch == KEY_LEFT;
}

/* ui_key_is_enter returns true for Enter, however the terminal sends it. */
bool
ui_key_is_enter(int rc, wint_t ch)
{
	if (rc == OK)
		return ch == '\r' || ch == '\n';
	return rc == KEY_CODE_YES && ch == KEY_ENTER;
}
