/*
 * columns.c: rows of fixed-width columns for lists, measured in display
 * columns rather than bytes, so translated headings ("Acción", "Data")
 * and the rows under them line up whatever the language.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"

/* columns_width is the display width of ws[0 .. n - 1]. */
static int
columns_width(const wchar_t *ws, size_t n)
{
	size_t	i;
	int	w, total = 0;

	for (i = 0; i < n; i++)
		total += (w = wcwidth(ws[i])) < 0 ? 1 : w;
	return total;
}

/*
 * columns_append pads or cuts cell to width columns and appends it.  A
 * cut cell ends in an ellipsis ("~" where the terminal's charset has no
 * "…"), so a reader knows there is more.
 */
static void
columns_append(wchar_t *out, size_t *o, size_t cap, const char *cell,
    int width, bool last)
{
	wchar_t	*ws;
	char	*clean;
	size_t	 i, n;
	int	 used = 0, w, room = width;
	bool	 cut;

	clean = text_sanitise(cell != NULL ? cell : "", false);
	ws = text_to_wcs(clean, &n);
	free(clean);
	cut = !last && width > 0 && columns_width(ws, n) > width;
	if (cut)
		room = width - 1;
	for (i = 0; i < n && *o + 1 < cap; i++) {
		if ((w = wcwidth(ws[i])) < 0)
			w = 1;
		if (!last && used + w > room)
			break;
		out[(*o)++] = ws[i];
		used += w;
	}
	free(ws);
	if (cut && *o + 1 < cap) {
		out[(*o)++] = MB_CUR_MAX > 1 ? L'\u2026' : L'~';
		used++;
	}
	while (!last && used++ <= width && *o + 1 < cap)
		out[(*o)++] = L' ';	/* the pad, plus one space between */
}

/*
 * ui_columns formats n cells into buf (UTF-8): each cell but the last is
 * cut or padded to its width in display columns and followed by a space;
 * the last takes what is left.  Cells are sanitised.
 */
void
ui_columns(char *buf, size_t len, const int *widths, const char **cells,
    size_t n)
{
	wchar_t	*out;
	char	*s;
	size_t	 i, o = 0, cap = len;

	if (len == 0)
		return;
	out = xcalloc(cap, sizeof *out);
	for (i = 0; i < n; i++)
		columns_append(out, &o, cap, cells[i], widths[i], i + 1 == n);
	s = text_from_wcs(out, o);
	if (strlen(s) >= len) {
		/* Never cut inside a character: drop whole ones instead. */
		while (o > 0 && strlen(s) >= len) {
			free(s);
			s = text_from_wcs(out, --o);
		}
	}
	memcpy(buf, s, strlen(s) + 1);
	free(s);
	free(out);
}
