/*
 * form.c: labelled single-line fields.
 *
 * Each field is edited as wide characters, so the cursor moves over whole
 * characters, and written back as UTF-8 only when the form is submitted.
 * Limits are kept while typing: max_chars code points and the byte size of
 * the caller's buffer.  Pasted text arrives as many keys, each inserted as
 * typed.  The wide copies may hold passwords and are wiped before freeing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui.h"

#define FORM_TOP	2	/* first body row */
#define FORM_CONTINUE	2	/* no result yet: keep reading keys */
#define FORM_CTRL(c)	((c) & 0x1f)

struct form_edit {
	wchar_t	*buf;		/* size + 1 wide characters, NUL-terminated */
	size_t	 len;
	size_t	 cursor;
	size_t	 off;		/* first character shown */
	size_t	 bytes;		/* UTF-8 length of buf */
};

struct form_view {
	const char		*title;
	const char		*intro;
	const char		*help;
	struct field		*fields;
	struct form_edit	*edits;
	size_t			 n;
	size_t			 cur;
};

/* form_utf8_len returns the UTF-8 length of a character. */
static size_t
form_utf8_len(wchar_t c)
{
	if (c < 0x80)
		return 1;
	if (c < 0x800)
		return 2;
	if (c < 0x10000)
		return 3;
	return 4;
}

/* form_char_width returns the columns a character takes on screen. */
static int
form_char_width(const struct field *f, wchar_t c)
{
	int	w;

	if (f->masked)
		return 1;
	if ((w = wcwidth(c)) < 0)
		return 0;
	return w;
}

/* form_columns returns the columns of characters from to to. */
static int
form_columns(const struct field *f, const struct form_edit *e, size_t from,
    size_t to)
{
	int	cols;

	for (cols = 0; from < to; from++)
		cols += form_char_width(f, e->buf[from]);
	return cols;
}

/* form_edit_init copies a field's UTF-8 value into its wide buffer. */
static void
form_edit_init(const struct field *f, struct form_edit *e)
{
	wchar_t	*ws;
	size_t	 n, i;

	memset(e, 0, sizeof *e);
	e->buf = xcalloc(f->size + 1, sizeof *e->buf);
	ws = text_to_wcs(f->value, &n);
	for (i = 0; i < n && e->bytes + form_utf8_len(ws[i]) < f->size; i++) {
		e->buf[i] = ws[i];
		e->bytes += form_utf8_len(ws[i]);
	}
	e->len = e->cursor = i;
	explicit_bzero(ws, n * sizeof *ws);
	free(ws);
}

/* form_edit_save writes a wide buffer back into the field as UTF-8. */
static void
form_edit_save(struct field *f, const struct form_edit *e)
{
	char	*s;
	size_t	 len;

	s = text_from_wcs(e->buf, e->len);
	len = strlen(s);
	if (len < f->size)
		memcpy(f->value, s, len + 1);
	explicit_bzero(s, len);
	free(s);
}

/* form_edit_free wipes and frees a wide buffer. */
static void
form_edit_free(const struct field *f, struct form_edit *e)
{
	explicit_bzero(e->buf, (f->size + 1) * sizeof *e->buf);
	free(e->buf);
	e->buf = NULL;
}

/* form_fits returns true when c fits both limits of the field. */
static bool
form_fits(const struct field *f, const struct form_edit *e, wchar_t c)
{
	size_t	max;

	max = f->max_chars != 0 ? f->max_chars : SIZE_MAX;
	return e->len < max && e->len < f->size &&
	    e->bytes + form_utf8_len(c) < f->size;
}

/* form_insert inserts c at the cursor if it fits. */
static void
form_insert(const struct field *f, struct form_edit *e, wchar_t c)
{
	if (!form_fits(f, e, c))
		return;
	memmove(e->buf + e->cursor + 1, e->buf + e->cursor,
	    (e->len - e->cursor) * sizeof *e->buf);
	e->buf[e->cursor++] = c;
	e->len++;
	e->bytes += form_utf8_len(c);
}

/* form_remove deletes the character at index i. */
static void
form_remove(struct form_edit *e, size_t i)
{
	e->bytes -= form_utf8_len(e->buf[i]);
	memmove(e->buf + i, e->buf + i + 1, (e->len - i) * sizeof *e->buf);
	e->len--;
	e->buf[e->len] = L'\0';
}

/* form_clear empties a field. */
static void
form_clear(struct form_edit *e)
{
	explicit_bzero(e->buf, e->len * sizeof *e->buf);
	e->len = e->cursor = e->off = e->bytes = 0;
}

/* form_label_width returns the columns given to labels. */
static int
form_label_width(const struct form_view *fm)
{
	size_t	i;
	int	w, max = 0;

	for (i = 0; i < fm->n; i++) {
		if ((w = ui_text_width(fm->fields[i].label)) > max)
			max = w;
	}
	if (max > COLS / 3)
		max = COLS / 3;
	return max;
}

/* form_scroll keeps the cursor inside a field fw columns wide. */
static void
form_scroll(const struct field *f, struct form_edit *e, int fw)
{
	if (e->cursor < e->off)
		e->off = e->cursor;
	while (e->off < e->cursor &&
	    form_columns(f, e, e->off, e->cursor) > fw - 1)
		e->off++;
}

/* form_draw_value draws a field's visible characters from (y, x). */
static void
form_draw_value(const struct field *f, struct form_edit *e, int y, int x,
    int fw)
{
	wchar_t	 c;
	size_t	 i;
	int	 cols, w;

	attrset(A_UNDERLINE);
	mvhline(y, x, ' ', fw);
	form_scroll(f, e, fw);
	move(y, x);
	for (i = e->off, cols = 0; i < e->len; i++) {
		w = form_char_width(f, e->buf[i]);
		if (cols + w > fw)
			break;
		c = f->masked ? L'*' : e->buf[i];
		/* A mark joins the cell before it; controls are not drawn. */
		if (w > 0 || (cols > 0 && wcwidth(c) == 0))
			addnwstr(&c, 1);
		cols += w;
	}
	attrset(A_NORMAL);
}

/* form_draw_field draws field i (label and value) on row y. */
static int
form_draw_field(struct form_view *fm, size_t i, int y, int lw)
{
	struct field	*f = &fm->fields[i];
	int		 fx, fw;

	fx = 2 + lw + 2;
	fw = COLS - fx - 2;
	ui_put_plain(y, 2, f->label, lw, i == fm->cur ? A_BOLD : A_NORMAL);
	if (fw < 1)
		return fx;
	form_draw_value(f, &fm->edits[i], y, fx, fw);
	return fx;
}

/* form_draw_full says that the field is full, and its limit. */
static void
form_draw_full(const struct field *f)
{
	char	*msg = NULL;

	if (f->max_chars != 0)
		xasprintf(&msg, ngettext("This field is full: it takes at most "
		    "%zu character.", "This field is full: it takes at most "
		    "%zu characters.", f->max_chars), f->max_chars);
	else
		msg = xstrdup(_("This field is full."));
	ui_put_plain(LINES - 2, 1, msg, COLS - 2, ui_attr(UI_C_DIM));
	free(msg);
}

/* form_draw draws the form as a layer and leaves the cursor in place. */
static void
form_draw(void *arg)
{
	struct form_view		*fm = arg;
	struct form_edit	*e;
	size_t			 i, first;
	int			 bottom, avail, introrows, shown, y, lw, fx;
	int			 cy = -1;

	ui_frame(fm->title, fm->help);
	bottom = LINES - 3;
	avail = bottom - FORM_TOP + 1;
	if (avail <= 0 || fm->n == 0)
		return;
	lw = form_label_width(fm);
	introrows = avail - (int)fm->n - 1;
	y = FORM_TOP;
	if (fm->intro != NULL && *fm->intro != '\0' && introrows > 0) {
		shown = ui_put_wrapped(y, 2, fm->intro, COLS - 4, introrows,
		    A_NORMAL);
		y += (shown < introrows ? shown : introrows) + 1;
	}
	/* On a short screen, scroll the fields so the current one shows. */
	first = 0;
	if (fm->cur > (size_t)(bottom - y))
		first = fm->cur - (size_t)(bottom - y);
	fx = 0;
	for (i = first; i < fm->n && y <= bottom; i++, y++) {
		fx = form_draw_field(fm, i, y, lw);
		if (i == fm->cur)
			cy = y;
	}
	if (!form_fits(&fm->fields[fm->cur], &fm->edits[fm->cur], L'a'))
		form_draw_full(&fm->fields[fm->cur]);
	if (cy != -1 && fx < COLS) {
		e = &fm->edits[fm->cur];
		move(cy, fx + form_columns(&fm->fields[fm->cur], e, e->off,
		    e->cursor));
	}
}

/* form_help explains the form's keys; it returns -1 or continue. */
static int
form_help(void)
{
	if (dialog_message(_("Form keys"), _("Tab, Down or Enter: next field\n"
	    "Shift-Tab or Up: previous field\n"
	    "Left, Right, Home and End: move in the field\n"
	    "Ctrl-U: clear the field\n"
	    "Enter on the last field, or Ctrl-S: send\n"
	    "Esc: cancel")) == -1)
		return -1;
	return FORM_CONTINUE;
}

/* form_edit_key handles an editing key in the current field. */
static bool
form_edit_key(struct form_view *fm, int rc, wint_t ch)
{
	struct field		*f = &fm->fields[fm->cur];
	struct form_edit	*e = &fm->edits[fm->cur];

	if (rc == OK && iswprint(ch)) {
		form_insert(f, e, (wchar_t)ch);
		return true;
	}
	if (rc == OK) {
		switch (ch) {
		case FORM_CTRL('a'):
			ch = KEY_HOME;
			break;
		case FORM_CTRL('e'):
			ch = KEY_END;
			break;
		case FORM_CTRL('d'):
			ch = KEY_DC;
			break;
		case FORM_CTRL('h'):
		case 127:
			ch = KEY_BACKSPACE;
			break;
		case FORM_CTRL('u'):
			form_clear(e);
			return true;
		default:
			return false;
		}
	}
	switch (ch) {
	case KEY_LEFT:
		if (e->cursor > 0)
			e->cursor--;
		break;
	case KEY_RIGHT:
		if (e->cursor < e->len)
			e->cursor++;
		break;
	case KEY_HOME:
		e->cursor = 0;
		break;
	case KEY_END:
		e->cursor = e->len;
		break;
	case KEY_BACKSPACE:
		if (e->cursor > 0)
			form_remove(e, --e->cursor);
		break;
	case KEY_DC:
		if (e->cursor < e->len)
			form_remove(e, e->cursor);
		break;
	default:
		return false;
	}
	return true;
}

/* form_key acts on one key: 1 submit, 0 cancel, -1 quit, or continue. */
static int
form_key(struct form_view *fm, int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return -1;
	if (rc == OK && ch == 27)
		return 0;
	if (rc == OK && ch == FORM_CTRL('s'))
		return 1;
	if (ui_key_is_enter(rc, ch)) {
		if (fm->cur + 1 >= fm->n)
			return 1;
		fm->cur++;
		return FORM_CONTINUE;
	}
	if ((rc == OK && ch == '\t') || (rc == KEY_CODE_YES &&
	    ch == KEY_DOWN)) {
		if (fm->cur + 1 < fm->n)
			fm->cur++;
		else if (ch == '\t')
			fm->cur = 0;
		return FORM_CONTINUE;
	}
	if (rc == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_BTAB)) {
		if (fm->cur > 0)
			fm->cur--;
		else if (ch == KEY_BTAB)
			fm->cur = fm->n - 1;
		return FORM_CONTINUE;
	}
	if (rc == KEY_CODE_YES && ch == KEY_F(1))
		return form_help();
	form_edit_key(fm, rc, ch);
	return FORM_CONTINUE;
}

/*
 * form_run edits n fields under title and intro (may be NULL); help is
 * the status line's key help, or NULL.  It returns 1 when submitted, with
 * every value rewritten, 0 when cancelled and -1 when the session is
 * ending; cancelled values are left as they were.
 */
int
form_run(const char *title, const char *intro, struct field *fields,
    size_t n, const char *help)
{
	struct form_view	fm;
	wint_t		ch;
	size_t		i;
	int		rc, result, cursor;

	if (n == 0)
		return 0;
	memset(&fm, 0, sizeof fm);
	fm.title = title;
	fm.intro = intro;
	fm.help = help;
	fm.fields = fields;
	fm.n = n;
	fm.edits = xcalloc(n, sizeof *fm.edits);
	for (i = 0; i < n; i++)
		form_edit_init(&fields[i], &fm.edits[i]);
	cursor = curs_set(1);
	ui_push(form_draw, &fm);
	do {
		ui_redraw();
		rc = ui_getkey(&ch);
		result = form_key(&fm, rc, ch);
	} while (result == FORM_CONTINUE);
	ui_pop();
	if (cursor != ERR)
		curs_set(cursor);
	for (i = 0; i < n; i++) {
		if (result == 1)
			form_edit_save(&fields[i], &fm.edits[i]);
		form_edit_free(&fields[i], &fm.edits[i]);
	}
	free(fm.edits);
	return result;
}
