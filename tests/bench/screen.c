/*
 * screen.c: a libvterm screen, and the conditions that say a screen of
 * Mirall is fully drawn.
 *
 * curses sends a change top to bottom, so each condition checks the last
 * thing the new screen draws, not only its title: the last entry of a
 * menu, the status line of a list, the row that becomes highlighted.
 *
 * The highlighted row is found by its cells' attributes, not its text: in
 * colour the selection is black on white, in monochrome (vt100) reverse
 * video.  Column 1 of each body row is compared; the row whose reverse
 * flag or background differs from the most common one is the highlight.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loadgen.h"

#define ROW_MAX		4096	/* bytes of one row's text */
#define FIRST_ROW	1	/* first body row (row 0 is the title) */
#define LIST_FIRST	3	/* first list row (row 2 is its header) */
#define HL_PREFIX	20	/* bytes of a name compared in a list */

/* The attributes that make a row stand out. */
struct sig {
	bool		rev;
	bool		defbg;
	VTermColor	bg;
};

/* screen_init makes a rows x cols UTF-8 screen. */
int
screen_init(struct screen *s, int rows, int cols)
{
	memset(s, 0, sizeof *s);
	if ((s->vt = vterm_new(rows, cols)) == NULL)
		return -1;
	vterm_set_utf8(s->vt, 1);
	s->vs = vterm_obtain_screen(s->vt);
	vterm_screen_reset(s->vs, 1);
	s->rows = rows;
	s->cols = cols;
	return 0;
}

/* screen_free releases the terminal. */
void
screen_free(struct screen *s)
{
	if (s->vt != NULL)
		vterm_free(s->vt);
	memset(s, 0, sizeof *s);
}

/* screen_feed passes bytes from the server to the terminal. */
void
screen_feed(struct screen *s, const char *buf, size_t len)
{
	vterm_input_write(s->vt, buf, len);
}

/* screen_reply takes what the terminal answers (queries), up to len. */
size_t
screen_reply(struct screen *s, char *buf, size_t len)
{
	return vterm_output_read(s->vt, buf, len);
}

/* screen_cell reads one cell. */
static void
screen_cell(struct screen *s, int row, int col, VTermScreenCell *cell)
{
	VTermPos	pos;

	pos.row = row;
	pos.col = col;
	if (vterm_screen_get_cell(s->vs, pos, cell) == 0)
		memset(cell, 0, sizeof *cell);
}

/* utf8_put encodes c at p (room for 4 bytes) and returns the bytes used. */
static size_t
utf8_put(char *p, uint32_t c)
{
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xc0 | c >> 6);
		p[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xe0 | c >> 12);
		p[1] = (char)(0x80 | (c >> 6 & 0x3f));
		p[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	if (c > 0x10ffff)
		c = 0xfffd;
	p[0] = (char)(0xf0 | c >> 18);
	p[1] = (char)(0x80 | (c >> 12 & 0x3f));
	p[2] = (char)(0x80 | (c >> 6 & 0x3f));
	p[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * screen_row writes the text of a row as UTF-8, every column included
 * (libvterm's own get_text drops trailing blanks, and a shell prompt ends
 * in one).
 */
static void
screen_row(struct screen *s, int row, char *buf, size_t len)
{
	VTermScreenCell	cell;
	size_t		n = 0;
	int		col, i;

	for (col = 0; col < s->cols; col++) {
		screen_cell(s, row, col, &cell);
		if (cell.chars[0] == (uint32_t)-1)
			continue;	/* right half of a wide character */
		if (n + 4 * VTERM_MAX_CHARS_PER_CELL + 1 > len)
			break;
		if (cell.chars[0] == 0) {
			buf[n++] = ' ';
			continue;
		}
		for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0;
		    i++)
			n += utf8_put(buf + n, cell.chars[i]);
	}
	buf[n] = '\0';
}

/* screen_row_has tells whether row shows text. */
static bool
screen_row_has(struct screen *s, int row, const char *text)
{
	char	buf[ROW_MAX];

	if (row < 0 || row >= s->rows)
		return false;
	screen_row(s, row, buf, sizeof buf);
	return strstr(buf, text) != NULL;
}

/* screen_has tells whether any row from first to last shows text. */
static bool
screen_has(struct screen *s, int first, int last, const char *text)
{
	int	row;

	for (row = first; row <= last; row++)
		if (screen_row_has(s, row, text))
			return true;
	return false;
}

/* screen_row_blank tells whether a row shows nothing but spaces. */
static bool
screen_row_blank(struct screen *s, int row)
{
	char	buf[ROW_MAX];

	screen_row(s, row, buf, sizeof buf);
	return buf[strspn(buf, " ")] == '\0';
}

/* sig_of reads the attributes of column 1 of a row. */
static void
sig_of(struct screen *s, int row, struct sig *g)
{
	VTermScreenCell	cell;

	screen_cell(s, row, s->cols > 1 ? 1 : 0, &cell);
	g->rev = cell.attrs.reverse;
	g->defbg = VTERM_COLOR_IS_DEFAULT_BG(&cell.bg);
	g->bg = cell.bg;
}

/* sig_eq compares two rows' attributes. */
static bool
sig_eq(const struct sig *a, const struct sig *b)
{
	if (a->rev != b->rev || a->defbg != b->defbg)
		return false;
	return a->defbg || vterm_color_is_equal(&a->bg, &b->bg);
}

/*
 * screen_hl returns the one highlighted body row, or -1 when no row or
 * more than one stands out (a move drawn halfway).
 */
static int
screen_hl(struct screen *s)
{
	struct sig	sigs[512];
	int		first = FIRST_ROW, last = s->rows - 3, n, i, j;
	int		best = -1, bestc = 0, c, hl = -1;

	if (last - first + 1 > (int)(sizeof sigs / sizeof sigs[0]))
		last = first + (int)(sizeof sigs / sizeof sigs[0]) - 1;
	n = last - first + 1;
	if (n < 2)
		return -1;
	for (i = 0; i < n; i++)
		sig_of(s, first + i, &sigs[i]);
	for (i = 0; i < n; i++) {
		for (c = 0, j = 0; j < n; j++)
			c += sig_eq(&sigs[i], &sigs[j]);
		if (c > bestc) {
			bestc = c;
			best = i;
		}
	}
	for (i = 0; i < n; i++) {
		if (sig_eq(&sigs[i], &sigs[best]))
			continue;
		if (hl != -1)
			return -1;
		hl = first + i;
	}
	return hl;
}

/*
 * screen_body returns the text of the rows between the title and the
 * status lines, one string (NULL when out of memory).
 */
static char *
screen_body(struct screen *s)
{
	char	*all, buf[ROW_MAX];
	size_t	 len = 0, n;
	int	 row;

	if ((all = malloc((size_t)s->rows * ROW_MAX)) == NULL)
		return NULL;
	all[0] = '\0';
	for (row = FIRST_ROW; row <= s->rows - 3; row++) {
		screen_row(s, row, buf, sizeof buf);
		n = strlen(buf);
		memcpy(all + len, buf, n);
		all[len + n] = '\n';
		len += n + 1;
	}
	all[len] = '\0';
	return all;
}

/* screen_state records what a condition compares with. */
void
screen_state(struct screen *s, struct cond_state *st)
{
	char	buf[ROW_MAX];

	st->hl = screen_hl(s);
	screen_row(s, LIST_FIRST, buf, sizeof buf);
	st->first = strdup(buf);
	st->body = screen_body(s);
	st->list_full = !screen_row_blank(s, s->rows - 3);
}

/* cond_state_free releases a recorded state. */
void
cond_state_free(struct cond_state *st)
{
	free(st->first);
	free(st->body);
	st->first = NULL;
	st->body = NULL;
}

/*
 * screen_hl_has tells whether the highlighted row shows the start of
 * text: lists cut long names to their column, so only the first
 * HL_PREFIX bytes are compared.
 */
bool
screen_hl_has(struct screen *s, const char *text)
{
	char	buf[ROW_MAX], want[HL_PREFIX + 1];
	int	hl;

	if ((hl = screen_hl(s)) == -1)
		return false;
	snprintf(want, sizeof want, "%s", text);
	screen_row(s, hl, buf, sizeof buf);
	return strstr(buf, want) != NULL;
}

/*
 * screen_body_differs tells whether the text between the title and the
 * status lines is not what it was.  A change arrives in one write of
 * curses, so a changed body is a whole new one.
 */
static bool
screen_body_differs(struct screen *s, const char *was)
{
	char	*now;
	bool	 differs;

	if (was == NULL || (now = screen_body(s)) == NULL)
		return false;
	differs = strcmp(now, was) != 0;
	free(now);
	return differs;
}

/*
 * screen_forum checks the screens of the reading walk.  The help line at
 * the bottom is drawn last and differs from screen to screen: the board
 * list's (an administrator's or a member's), the thread list's "Enter
 * read", the thread view's "r reply".  A page of a thread ends with its
 * "Page N of M" line.
 */
static bool
screen_forum(struct screen *s, enum lg_cond c, const struct cond_state *st)
{
	int	bottom = s->rows - 1;

	switch (c) {
	case COND_BOARDS:
		return screen_row_has(s, 0, "Boards") &&
		    screen_row_has(s, LIST_FIRST - 1, "Threads") &&
		    (screen_row_has(s, bottom, "a archive") ||
		    screen_row_has(s, bottom, "Enter open")) &&
		    screen_hl(s) != -1;
	case COND_THREADS:
		return screen_row_has(s, 0, lg.board) &&
		    screen_row_has(s, LIST_FIRST - 1, "Started by") &&
		    screen_row_has(s, bottom, "Enter read") &&
		    screen_hl(s) != -1;
	case COND_THREAD:
		return screen_row_has(s, 0, lg.thread) &&
		    screen_row_has(s, bottom - 1, "Page 1 of") &&
		    screen_row_has(s, bottom, "r reply");
	case COND_SCROLLED:
		return screen_row_has(s, 0, lg.thread) &&
		    screen_body_differs(s, st->body);
	case COND_THREAD_PAGE:
		return screen_row_has(s, 0, lg.thread) &&
		    screen_row_has(s, bottom - 1, "Page 2 of");
	default:
		return false;
	}
}

/* screen_paged tells whether the list shows another page than st. */
static bool
screen_paged(struct screen *s, const struct cond_state *st)
{
	char	buf[ROW_MAX];
	int	hl;

	if (!screen_row_has(s, 0, "Accounts") || (hl = screen_hl(s)) == -1)
		return false;
	screen_row(s, LIST_FIRST, buf, sizeof buf);
	if (st->first != NULL && strcmp(buf, st->first) != 0)
		return true;
	/* A list of one page: PgDn only moves the highlight to its end. */
	return !st->list_full && hl != st->hl;
}

/* screen_check tells whether the screen meets condition c. */
bool
screen_check(struct screen *s, enum lg_cond c, const struct cond_state *st)
{
	int	hl, last = s->rows - 3;

	switch (c) {
	case COND_READY:
		return screen_has(s, 0, s->rows - 1, lg.ready);
	case COND_MAIN:
		return screen_row_has(s, 0, "Main menu") &&
		    screen_has(s, FIRST_ROW, last, "Log out") &&
		    screen_hl(s) != -1;
	case COND_STAFF:
		return screen_row_has(s, 0, "Staff administration") &&
		    screen_has(s, FIRST_ROW, last, "Audit log") &&
		    screen_hl(s) != -1;
	case COND_LIST:
		return screen_row_has(s, 0, "Accounts") &&
		    screen_row_has(s, LIST_FIRST - 1, "Pseudonym") &&
		    screen_row_has(s, s->rows - 1, "/ search") &&
		    screen_hl(s) != -1;
	case COND_MOVED:
		hl = screen_hl(s);
		return hl != -1 && hl != st->hl;
	case COND_PAGED:
		return screen_paged(s, st);
	default:
		return screen_forum(s, c, st);
	}
}

/*
 * screen_chars returns the first code point of every cell, row by row
 * (blank cells as spaces, right halves of wide characters as 0); the
 * caller frees it.
 */
uint32_t *
screen_chars(struct screen *s)
{
	VTermScreenCell	 cell;
	uint32_t	*v;
	int		 row, col;

	if ((v = calloc((size_t)s->rows * (size_t)s->cols, sizeof *v)) ==
	    NULL)
		return NULL;
	for (row = 0; row < s->rows; row++) {
		for (col = 0; col < s->cols; col++) {
			screen_cell(s, row, col, &cell);
			if (cell.chars[0] == (uint32_t)-1)
				continue;
			v[row * s->cols + col] = cell.chars[0] == 0 ? ' ' :
			    cell.chars[0];
		}
	}
	return v;
}

/* screen_diff counts the cells whose character differs. */
size_t
screen_diff(const uint32_t *a, const uint32_t *b, size_t n)
{
	size_t	i, d = 0;

	for (i = 0; i < n; i++)
		d += a[i] != b[i];
	return d;
}

/* screen_dump prints the screen to fp, for a condition that never came. */
void
screen_dump(struct screen *s, FILE *fp)
{
	char	buf[ROW_MAX];
	int	row;

	for (row = 0; row < s->rows; row++) {
		screen_row(s, row, buf, sizeof buf);
		fprintf(fp, "  |%s|\n", buf);
	}
}
