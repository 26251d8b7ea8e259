/*
 * wrap.c: word wrapping of UTF-8 text by display columns.
 *
 * Lines break at a space where one fits, else inside the word; the space a
 * line breaks at belongs to neither line.  A '\n' always ends a line, and
 * a single newline at the very end adds no empty line.  Widths come from
 * wcwidth under the UI's C.UTF-8 locale, the measure ncurses draws with.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"

/* The lines found so far. */
struct wrap {
	struct ui_line	*lines;
	size_t		 n;
	size_t		 cap;
};

/* wrap_width returns the columns a code point takes (0 for controls). */
static int
wrap_width(uint32_t cp)
{
	int	w;

	if ((w = wcwidth((wchar_t)cp)) < 0)
		return 0;
	return w;
}

/* wrap_decode reads one code point, counting a bad byte as one U+FFFD. */
static size_t
wrap_decode(const char *s, size_t left, uint32_t *cp)
{
	size_t	n;

	n = text_utf8_decode(s, left, cp);
	if (n == 0 || n > left) {
		*cp = 0xfffd;
		n = 1;
	}
	return n;
}

/* wrap_columns returns the display columns of len bytes at s. */
static int
wrap_columns(const char *s, size_t len)
{
	size_t		pos;
	uint32_t	cp;
	int		cols;

	cols = 0;
	for (pos = 0; pos < len; ) {
		pos += wrap_decode(s + pos, len - pos, &cp);
		cols += wrap_width(cp);
	}
	return cols;
}

/* wrap_add appends a line of len bytes starting at start. */
static void
wrap_add(struct wrap *w, size_t start, size_t len)
{
	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 16 : w->cap * 2;
		w->lines = xreallocarray(w->lines, w->cap, sizeof *w->lines);
	}
	w->lines[w->n].start = start;
	w->lines[w->n].len = len;
	w->n++;
}

/*
 * ui_wrap splits text into lines of at most width columns and returns how
 * many (at least one).  *lines is allocated; the caller frees it.  Only a
 * character wider than the whole width can make a line wider.
 */
size_t
ui_wrap(const char *text, int width, struct ui_line **lines)
{
	struct wrap	 w = { NULL, 0, 0 };
	size_t		 size, pos, start, brk, n;
	uint32_t	 cp;
	int		 col, cw;
	bool		 have_brk;

	if (text == NULL)
		text = "";
	if (width < 1)
		width = 1;
	size = strlen(text);
	pos = start = brk = 0;
	col = 0;
	have_brk = false;
	while (pos < size) {
		n = wrap_decode(text + pos, size - pos, &cp);
		if (cp == '\n') {
			wrap_add(&w, start, pos - start);
			pos += n;
			start = pos;
			col = 0;
			have_brk = false;
			continue;
		}
		cw = wrap_width(cp);
		if (col > 0 && col + cw > width) {
			if (cp == ' ') {
				/* The line is full: the space is the break. */
				wrap_add(&w, start, pos - start);
				pos += n;
				start = pos;
			} else if (have_brk) {
				wrap_add(&w, start, brk - start);
				start = brk + 1;
			} else {
				wrap_add(&w, start, pos - start);
				start = pos;
			}
			col = wrap_columns(text + start, pos - start);
			have_brk = false;
			continue;
		}
		if (cp == ' ' && pos > start) {
			brk = pos;
			have_brk = true;
		}
		col += cw;
		pos += n;
	}
	if (start < size || w.n == 0)
		wrap_add(&w, start, size - start);
	*lines = w.lines;
	return w.n;
}
