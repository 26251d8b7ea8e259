/*
 * textbuf.c: the editor's model, a wide-character array and a cursor.
 *
 * Pure: no curses calls, so every edit and every cursor move is unit
 * tested.  The buffer holds whole code points, so a multibyte character is
 * inserted and deleted as one; s is always NUL-terminated.  Visual lines
 * (textbuf_wrap) break like ui_wrap, except that the space a line breaks
 * at stays at the end of that line, so every index has a place on screen,
 * and a newline at the end starts an empty last line for the cursor.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"

/* textbuf_width returns the columns a character takes (0 for controls). */
static int
textbuf_width(wchar_t c)
{
	int	w;

	if (c == L'\n' || (w = wcwidth(c)) < 0)
		return 0;
	return w;
}

/* textbuf_grow makes room for one more character and the NUL. */
static void
textbuf_grow(struct textbuf *tb)
{
	if (tb->len + 2 <= tb->cap)
		return;
	tb->cap = tb->cap < 32 ? 64 : tb->cap * 2;
	tb->s = xreallocarray(tb->s, tb->cap, sizeof *tb->s);
}

/*
 * textbuf_init fills tb from UTF-8 text (NULL is empty), allowing max
 * characters at most (0: no limit).  Text already longer is kept whole,
 * and only further insertions are refused.  The cursor starts at the top.
 */
void
textbuf_init(struct textbuf *tb, const char *utf8, size_t max)
{
	memset(tb, 0, sizeof *tb);
	tb->s = text_to_wcs(utf8 != NULL ? utf8 : "", &tb->len);
	tb->cap = tb->len + 1;
	tb->max = max == 0 ? SIZE_MAX : max;
}

/* textbuf_free releases the buffer; tb may be used again after init. */
void
textbuf_free(struct textbuf *tb)
{
	free(tb->s);
	memset(tb, 0, sizeof *tb);
}

/* textbuf_insert inserts c at the cursor; false when the text is full. */
bool
textbuf_insert(struct textbuf *tb, wchar_t c)
{
	if (tb->len >= tb->max)
		return false;
	textbuf_grow(tb);
	memmove(tb->s + tb->cursor + 1, tb->s + tb->cursor,
	    (tb->len - tb->cursor + 1) * sizeof *tb->s);
	tb->s[tb->cursor++] = c;
	tb->len++;
	return true;
}

/* textbuf_remove deletes the character at index i. */
static void
textbuf_remove(struct textbuf *tb, size_t i)
{
	memmove(tb->s + i, tb->s + i + 1, (tb->len - i) * sizeof *tb->s);
	tb->len--;
}

/* textbuf_backspace deletes before the cursor, joining lines at a start. */
bool
textbuf_backspace(struct textbuf *tb)
{
	if (tb->cursor == 0)
		return false;
	tb->cursor--;
	textbuf_remove(tb, tb->cursor);
	return true;
}

/* textbuf_delete deletes under the cursor, joining lines at an end. */
bool
textbuf_delete(struct textbuf *tb)
{
	if (tb->cursor >= tb->len)
		return false;
	textbuf_remove(tb, tb->cursor);
	return true;
}

/* textbuf_left moves the cursor back one character. */
void
textbuf_left(struct textbuf *tb)
{
	if (tb->cursor > 0)
		tb->cursor--;
}

/* textbuf_right moves the cursor forward one character. */
void
textbuf_right(struct textbuf *tb)
{
	if (tb->cursor < tb->len)
		tb->cursor++;
}

/* textbuf_home moves to the start of the current logical line. */
void
textbuf_home(struct textbuf *tb)
{
	while (tb->cursor > 0 && tb->s[tb->cursor - 1] != L'\n')
		tb->cursor--;
}

/* textbuf_end moves to the end of the current logical line. */
void
textbuf_end(struct textbuf *tb)
{
	while (tb->cursor < tb->len && tb->s[tb->cursor] != L'\n')
		tb->cursor++;
}

/* textbuf_line_of returns the visual line that shows index i. */
size_t
textbuf_line_of(const size_t *starts, size_t n, size_t i)
{
	size_t	line;

	for (line = 0; line + 1 < n && starts[line + 1] <= i; line++)
		continue;
	return line;
}

/*
 * textbuf_line_last returns the last index the cursor may take on a visual
 * line: the character ending it (the newline, the space it broke at, or
 * the last one before a hard break), or the end of the text on the last.
 */
static size_t
textbuf_line_last(const struct textbuf *tb, const size_t *starts, size_t n,
    size_t line)
{
	if (line + 1 >= n)
		return tb->len;
	return starts[line + 1] - 1;
}

/* textbuf_column returns the columns from index from up to index to. */
static int
textbuf_column(const struct textbuf *tb, size_t from, size_t to)
{
	int	col;

	for (col = 0; from < to; from++)
		col += textbuf_width(tb->s[from]);
	return col;
}

/* textbuf_move_line moves the cursor to the same column on another line. */
static void
textbuf_move_line(struct textbuf *tb, int width, bool down)
{
	size_t	*starts = NULL, n, line, i, last;
	int	 col, target, w;

	n = textbuf_wrap(tb, width, &starts);
	line = textbuf_line_of(starts, n, tb->cursor);
	if ((!down && line == 0) || (down && line + 1 >= n))
		goto out;
	target = textbuf_column(tb, starts[line], tb->cursor);
	line = down ? line + 1 : line - 1;
	last = textbuf_line_last(tb, starts, n, line);
	col = 0;
	for (i = starts[line]; i < last; i++) {
		w = textbuf_width(tb->s[i]);
		if (col + w > target)
			break;
		col += w;
	}
	tb->cursor = i;
out:
	free(starts);
}

/* textbuf_up moves the cursor up one visual line of the given width. */
void
textbuf_up(struct textbuf *tb, int width)
{
	textbuf_move_line(tb, width, false);
}

/* textbuf_down moves the cursor down one visual line of the given width. */
void
textbuf_down(struct textbuf *tb, int width)
{
	textbuf_move_line(tb, width, true);
}

/* textbuf_text returns the text as new UTF-8. */
char *
textbuf_text(const struct textbuf *tb)
{
	return text_from_wcs(tb->s, tb->len);
}

/* textbuf_add_start appends a visual line start. */
static void
textbuf_add_start(size_t **starts, size_t *n, size_t *cap, size_t start)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		*starts = xreallocarray(*starts, *cap, sizeof **starts);
	}
	(*starts)[(*n)++] = start;
}

/*
 * textbuf_wrap splits the text into visual lines of at most width columns
 * and returns how many (at least one); *starts, allocated for the caller to
 * free, holds the index each one starts at.
 */
size_t
textbuf_wrap(const struct textbuf *tb, int width, size_t **starts)
{
	size_t	n = 0, cap = 0, pos, start, brk;
	int	col, cw;
	bool	have_brk;

	*starts = NULL;
	if (width < 1)
		width = 1;
	textbuf_add_start(starts, &n, &cap, 0);
	start = brk = 0;
	col = 0;
	have_brk = false;
	for (pos = 0; pos < tb->len; ) {
		if (tb->s[pos] == L'\n') {
			start = ++pos;
			textbuf_add_start(starts, &n, &cap, start);
			col = 0;
			have_brk = false;
			continue;
		}
		cw = textbuf_width(tb->s[pos]);
		if (col > 0 && col + cw > width) {
			if (tb->s[pos] == L' ')
				start = ++pos;
			else if (have_brk)
				start = brk + 1;
			else
				start = pos;
			textbuf_add_start(starts, &n, &cap, start);
			col = textbuf_column(tb, start, pos);
			have_brk = false;
			continue;
		}
		if (tb->s[pos] == L' ' && pos > start) {
			brk = pos;
			have_brk = true;
		}
		col += cw;
		pos++;
	}
	return n;
}
