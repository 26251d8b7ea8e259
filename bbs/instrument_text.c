/*
 * instrument_text.c: reading one string file, <id>.<lang>.txt: "key =
 * text" lines, every key the definition needs and none it does not know.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument_int.h"

/* instrument_key_known tells whether key belongs in a string file of in. */
static bool
instrument_key_known(const struct instrument *in, const char *key)
{
	const struct instrument_options	*o;
	const struct instrument_choices	*c;
	const struct instrument_score	*s;
	char				 a[80], b[80];
	size_t				 i;
	int				 v, k;

	if (strcmp(key, "title") == 0 || strcmp(key, "instructions") == 0)
		return true;
	if (strncmp(key, "item.", 5) == 0) {
		if (!instrument_int(key + 5, 1, (long)in->nitems, &v))
			return false;
		snprintf(a, sizeof a, "%d", v);
		return strcmp(a, key + 5) == 0;
	}
	if (sscanf(key, "option.%79[a-z0-9_].%79[-0-9]", a, b) == 2) {
		if ((o = instrument_options_find(in, a)) == NULL ||
		    !instrument_int(b, INT_MIN, INT_MAX, &v) ||
		    strlen(key) != 8 + strlen(a) + strlen(b))
			return false;
		snprintf(a, sizeof a, "%d", v);
		if (strcmp(a, b) != 0)
			return false;	/* "-0", "01" */
		for (i = 0; i < o->len; i++)
			if (o->values[i] == v)
				return true;
		return false;
	}
	if (sscanf(key, "choice.%79[a-z0-9_].%79[a-z0-9_]", a, b) == 2) {
		if ((c = instrument_choices_find(in, a)) == NULL ||
		    strlen(key) != 8 + strlen(a) + strlen(b))
			return false;
		for (i = 0; i < c->len; i++)
			if (strcmp(c->choices[i], b) == 0)
				return true;
		return false;
	}
	if ((sscanf(key, "band.%79[a-z0-9_].%79[a-z0-9_]", a, b) == 2 &&
	    strlen(key) == 6 + strlen(a) + strlen(b)) ||
	    (sscanf(key, "meaning.%79[a-z0-9_].%79[a-z0-9_]", a, b) == 2 &&
	    strlen(key) == 9 + strlen(a) + strlen(b))) {
		if ((k = instrument_score_index(in, a)) == -1)
			return false;
		s = &in->scores[k];
		for (i = 0; i < s->nbands; i++)
			if (strcmp(s->bands[i].id, b) == 0)
				return true;
	}
	return false;
}

/* instrument_strings_get finds key in a sorted string table. */
const char *
instrument_strings_get(const struct instrument_strings *s, const char *key)
{
	size_t	lo = 0, hi, mid;
	int	c;

	if (s == NULL)
		return NULL;
	hi = s->len;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(key, s->keys[mid])) == 0)
			return s->texts[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* instrument_unescape turns each "\n" of text into a line break. */
static char *
instrument_unescape(const char *text)
{
	char	*out, *o;

	out = o = xmalloc(strlen(text) + 1);
	while (*text != '\0') {
		if (text[0] == '\\' && text[1] == 'n') {
			*o++ = '\n';
			text += 2;
		} else
			*o++ = *text++;
	}
	*o = '\0';
	return out;
}

/*
 * instrument_strings_add puts key = text into s, kept sorted; a key given
 * twice is an error.
 */
static int
instrument_strings_add(struct instrument_parse *p,
    struct instrument_strings *s, const char *key, const char *text,
    int *lines)
{
	size_t	lo = 0, hi = s->len, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(key, s->keys[mid])) == 0)
			return instrument_fail(p, "key %s is given twice "
			    "(first at line %d)", key, lines[mid]);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	s->keys = xreallocarray(s->keys, s->len + 1, sizeof *s->keys);
	s->texts = xreallocarray(s->texts, s->len + 1, sizeof *s->texts);
	memmove(s->keys + lo + 1, s->keys + lo,
	    (s->len - lo) * sizeof *s->keys);
	memmove(s->texts + lo + 1, s->texts + lo,
	    (s->len - lo) * sizeof *s->texts);
	memmove(lines + lo + 1, lines + lo, (s->len - lo) * sizeof *lines);
	s->keys[lo] = xstrdup(key);
	s->texts[lo] = instrument_unescape(text);
	lines[lo] = p->line;
	s->len++;
	return ST_OK;
}

/* instrument_require fails unless s has key. */
static int
instrument_require(struct instrument_parse *p,
    const struct instrument_strings *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*key;
	int	 st = ST_OK;

	va_start(ap, fmt);
	xvasprintf(&key, fmt, ap);
	va_end(ap);
	if (instrument_strings_get(s, key) == NULL)
		st = instrument_fail(p, "missing key %s", key);
	free(key);
	return st;
}

/* instrument_strings_complete checks that every required key is there. */
static int
instrument_strings_complete(struct instrument_parse *p,
    const struct instrument *in, const struct instrument_strings *s)
{
	const struct instrument_item	*it;
	const struct instrument_score	*sc;
	size_t				 i, j;
	int				 st;

	if ((st = instrument_require(p, s, "title")) != ST_OK ||
	    (st = instrument_require(p, s, "instructions")) != ST_OK)
		return st;
	for (i = 0; i < in->nitems; i++) {
		it = &in->items[i];
		if ((st = instrument_require(p, s, "item.%d", it->number)) !=
		    ST_OK)
			return st;
		for (j = 0; it->options != NULL && j < it->options->len; j++)
			if ((st = instrument_require(p, s, "option.%s.%d",
			    it->options->id, it->options->values[j])) != ST_OK)
				return st;
		for (j = 0; it->choices != NULL && j < it->choices->len; j++)
			if ((st = instrument_require(p, s, "choice.%s.%s",
			    it->choices->id, it->choices->choices[j])) != ST_OK)
				return st;
	}
	for (i = 0; i < in->nscores; i++) {
		sc = &in->scores[i];
		for (j = 0; j < sc->nbands; j++)
			if ((st = instrument_require(p, s, "band.%s.%s", sc->id,
			    sc->bands[j].id)) != ST_OK ||
			    (st = instrument_require(p, s, "meaning.%s.%s",
			    sc->id, sc->bands[j].id)) != ST_OK)
				return st;
	}
	return ST_OK;
}

/* instrument_strings_line parses one "key = text" line. */
static int
instrument_strings_line(struct instrument_parse *p,
    const struct instrument *in, struct instrument_strings *s, char *l,
    int **lines)
{
	char	*eq, *key, *text;
	size_t	 n;

	if ((eq = strchr(l, '=')) == NULL)
		return instrument_fail(p, "expected key = text");
	*eq = '\0';
	key = l;
	n = strlen(key);
	while (n > 0 && strchr(" \t", key[n - 1]) != NULL)
		key[--n] = '\0';
	text = eq + 1 + strspn(eq + 1, " \t");
	if (n == 0)
		return instrument_fail(p, "expected key = text");
	if (!instrument_key_known(in, key))
		return instrument_fail(p, "unknown key %s", key);
	if (*text == '\0')
		return instrument_fail(p, "key %s has no text", key);
	*lines = xreallocarray(*lines, s->len + 1, sizeof **lines);
	return instrument_strings_add(p, s, key, text, *lines);
}

/*
 * instrument_parse_strings reads one string file of in; ST_NOTFOUND when
 * it does not exist.
 */
int
instrument_parse_strings(const char *path, const struct instrument *in,
    const char *lang, struct instrument_strings **out, char **err)
{
	struct instrument_parse	*p;
	struct instrument_strings *s;
	struct stat		 sb;
	char			*buf, *pos, *l;
	int			*lines = NULL, st = ST_OK;

	*out = NULL;
	if (stat(path, &sb) == -1 && errno == ENOENT)
		return ST_NOTFOUND;
	if ((buf = text_read_file(path, INSTRUMENT_FILE_MAX, err)) == NULL)
		return ST_IOERR;
	p = xcalloc(1, sizeof *p);
	p->path = path;
	p->err = err;
	s = xcalloc(1, sizeof *s);
	s->lang = xstrdup(lang);
	s->file = xstrdup(path);
	pos = buf;
	while (st == ST_OK && (l = instrument_next_line(&pos, &p->line)) !=
	    NULL) {
		if (*l == '\0' || *l == '#')
			continue;
		st = instrument_strings_line(p, in, s, l, &lines);
	}
	if (st == ST_OK)
		st = instrument_strings_complete(p, in, s);
	free(lines);
	free(buf);
	free(p);
	if (st != ST_OK) {
		instrument_strings_free(s);
		return st;
	}
	*out = s;
	return ST_OK;
}

